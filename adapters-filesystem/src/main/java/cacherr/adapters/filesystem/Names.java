package cacherr.adapters.filesystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The adapter's own file names. Temporary names carry a fixed marker so a sweep can recognise them after a crash;
 * the backup of an original deliberately does not, because it holds user data and must never be swept.
 *
 * <p>Each name fits the file systems' limit of {@value #MAX_NAME_BYTES} bytes whatever the length of the name it is
 * made from: when prefix, name and suffix together would be longer, the name is cut at a character boundary and
 * followed by {@code ~} and 16 hex digits of its SHA-256. The result depends on the name alone, so recovery finds the
 * same name again after a crash, and the marker stays in front for the sweep.
 */
final class Names {
    static final String TEMP_MARKER = ".cacherr-tmp-";
    private static final String TEMP_COPY = TEMP_MARKER + "copy-";
    private static final String TEMP_LINK = TEMP_MARKER + "link-";
    private static final String BACKUP_SUFFIX = ".cacherr-original";
    private static final String KEPT_SUFFIX = ".cacherr-kept-copy";
    /** NAME_MAX on Linux file systems. */
    static final int MAX_NAME_BYTES = 255;
    private static final int HASH_CHARS = 16;

    private Names() {
    }

    /** Where a copy to {@code target} is written before it is renamed onto it. */
    static Path tempCopy(Path target) {
        return target.resolveSibling(fit(TEMP_COPY, target.getFileName().toString(), ""));
    }

    /** Where the symlink that replaces {@code media} is created before it is renamed over it. */
    static Path tempLink(Path media) {
        return media.resolveSibling(fit(TEMP_LINK, media.getFileName().toString(), ""));
    }

    /** The hard link that keeps an original's data while its media path is a symlink to the cache. */
    static Path backup(Path media) {
        return media.resolveSibling(fit(".", media.getFileName().toString(), BACKUP_SUFFIX));
    }

    /**
     * Where uncaching with "keep both" puts a cached copy that differs from its original: next to it, under a visible
     * name that says what it is. It carries no temporary marker, so no sweep ever touches it.
     */
    static Path kept(Path cached) {
        return cached.resolveSibling(fit("", cached.getFileName().toString(), KEPT_SUFFIX));
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

    static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code prefix + name + suffix}, with the name shortened and hashed when the whole would not fit. */
    private static String fit(String prefix, String name, String suffix) {
        String whole = prefix + name + suffix;
        if (bytes(whole) <= MAX_NAME_BYTES) return whole;
        String hash = "~" + sha256(name).substring(0, HASH_CHARS);
        int room = MAX_NAME_BYTES - bytes(prefix) - bytes(hash) - bytes(suffix);
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            int size = bytes(new String(Character.toChars(codePoint)));
            if (used + size > room) break;
            kept.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return prefix + kept + hash + suffix;
    }

    private static String sha256(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
