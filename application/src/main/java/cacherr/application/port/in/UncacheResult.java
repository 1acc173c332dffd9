package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;

/**
 * What taking a file off the cache did.
 *
 * @param file      the file as recorded now (removed, or pending removal)
 * @param postponed true when the file was in use: it is pending removal and is removed by the next cleanup once free
 */
public record UncacheResult(CachedFile file, boolean postponed) {
}
