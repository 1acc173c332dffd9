package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of the file-system cache storage.
 *
 * @param arrayRoots             where originals live (absolute, existing directories, none inside another)
 * @param cacheRoot              the cache drive's root (absolute, existing, neither inside nor around an array root)
 * @param reserveBytes           space always left free on the cache drive
 * @param limitBytes             the most the cache may hold (regular files under the cache root), or null for none
 * @param uid                    owner given to created directories and copies, or null to leave it
 * @param gid                    group given to created directories and copies, or null to leave it
 * @param hardlinkFallbackToCopy copy instead of refusing when a hard link would cross file systems
 * @param checksumOnCopy         compare every copy with its source byte for byte, not only by size
 */
public record FileSystemStorageSettings(List<Path> arrayRoots, Path cacheRoot, long reserveBytes, Long limitBytes,
                                        Integer uid, Integer gid, boolean hardlinkFallbackToCopy,
                                        boolean checksumOnCopy) {
    public FileSystemStorageSettings {
        require(arrayRoots != null && !arrayRoots.isEmpty(), "at least one array root is needed");
        arrayRoots = arrayRoots.stream().map(root -> directory("array root", root)).toList();
        cacheRoot = directory("cache root", cacheRoot);
        for (Path array : arrayRoots) {
            require(!overlap(array, cacheRoot), "the cache root " + cacheRoot + " and the array root " + array
                    + " must not be inside one another");
            for (Path other : arrayRoots) {
                require(array == other || !overlap(array, other), "the array roots " + array + " and " + other
                        + " must not be inside one another");
            }
        }
        require(reserveBytes >= 0, "the free-space reserve must not be negative");
        require(limitBytes == null || limitBytes > 0, "the cache size limit must be positive when set");
        require(uid == null || uid >= 0, "the user id must not be negative");
        require(gid == null || gid >= 0, "the group id must not be negative");
    }

    /** Defaults: no reserve, no limit, ownership left as it is, no fallback, size-only verification. */
    public static FileSystemStorageSettings of(List<Path> arrayRoots, Path cacheRoot) {
        return new FileSystemStorageSettings(arrayRoots, cacheRoot, 0, null, null, null, false, false);
    }

    private static Path directory(String what, Path root) {
        require(root != null, "the " + what + " must be set");
        require(root.isAbsolute(), "the " + what + " must be an absolute path, not " + root);
        require(Files.isDirectory(root), "the " + what + " " + root + " must be an existing directory");
        return root.normalize();
    }

    private static boolean overlap(Path a, Path b) {
        Path realA = real(a);
        Path realB = real(b);
        return realA.startsWith(realB) || realB.startsWith(realA);
    }

    private static Path real(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("could not resolve " + root + ": " + e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
