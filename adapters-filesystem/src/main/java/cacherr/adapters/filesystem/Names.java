package cacherr.adapters.filesystem;

import java.nio.file.Path;

/**
 * The adapter's own file names. Temporary names carry a fixed marker so a sweep can recognise them after a crash;
 * the backup of an original deliberately does not, because it holds user data and must never be swept.
 */
final class Names {
    static final String TEMP_MARKER = ".cacherr-tmp-";
    private static final String TEMP_COPY = TEMP_MARKER + "copy-";
    private static final String TEMP_LINK = TEMP_MARKER + "link-";
    private static final String BACKUP_SUFFIX = ".cacherr-original";

    private Names() {
    }

    /** Where a copy to {@code target} is written before it is renamed onto it. */
    static Path tempCopy(Path target) {
        return target.resolveSibling(TEMP_COPY + target.getFileName());
    }

    /** Where the symlink that replaces {@code media} is created before it is renamed over it. */
    static Path tempLink(Path media) {
        return media.resolveSibling(TEMP_LINK + media.getFileName());
    }

    /** The hard link that keeps an original's data while its media path is a symlink to the cache. */
    static Path backup(Path media) {
        return media.resolveSibling("." + media.getFileName() + BACKUP_SUFFIX);
    }

    static boolean isTempCopy(Path path) {
        return path.getFileName().toString().startsWith(TEMP_COPY);
    }

    static boolean isTempLink(Path path) {
        return path.getFileName().toString().startsWith(TEMP_LINK);
    }

    /** Whether the name is one of the adapter's temporary names (such a file is never cached itself). */
    static boolean isTemporary(Path path) {
        return path.getFileName().toString().startsWith(TEMP_MARKER);
    }
}
