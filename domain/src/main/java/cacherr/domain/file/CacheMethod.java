package cacherr.domain.file;

import cacherr.domain.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a file is placed on the cache. Every method is atomic: no half-written file is ever visible. */
public enum CacheMethod {
    /** Verified copy on the cache; the media path becomes a symlink to it, swapped in one rename. */
    ATOMIC_SYMLINK("atomic_symlink", "symlink"),
    /** Verified copy on the cache; the original stays where it is, untouched. */
    ATOMIC_COPY("atomic_copy", "copy"),
    /** A hard link on the cache, when cache and array share one file system. */
    ATOMIC_HARDLINK("atomic_hardlink", "hardlink");

    private final String code;
    private final String legacyCode;

    CacheMethod(String code, String legacyCode) {
        this.code = code;
        this.legacyCode = legacyCode;
    }

    /** The name used in the API and the database. */
    public String code() {
        return code;
    }

    /** Parses a method name, accepting the original Cacherr's legacy names as their atomic form. */
    public static CacheMethod parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            for (CacheMethod method : values()) {
                if (method.code.equals(wanted) || method.legacyCode.equals(wanted)) return method;
            }
        }
        throw new InvalidInputException("cache_method must be one of " + allowed() + " (legacy names "
                + Arrays.stream(values()).map(m -> m.legacyCode).collect(Collectors.joining(", "))
                + " are accepted), not '" + text + "'");
    }

    /** The allowed names, comma-separated. */
    public static String allowed() {
        return Arrays.stream(values()).map(CacheMethod::code).collect(Collectors.joining(", "));
    }
}
