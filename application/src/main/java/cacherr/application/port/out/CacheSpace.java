package cacherr.application.port.out;

/**
 * Space on the cache drive.
 *
 * @param totalBytes      size of the cache's file system
 * @param freeBytes       free space on it
 * @param reserveBytes    space always left free
 * @param limitBytes      the configured cache size limit, or null when none
 */
public record CacheSpace(long totalBytes, long freeBytes, long reserveBytes, Long limitBytes) {
}
