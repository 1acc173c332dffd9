package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

/** Checks shared by the textual values of the domain. */
public final class Texts {
    private Texts() {
    }

    /** True when {@code text} has no control characters (NUL, line breaks, …). */
    public static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) return false;
        }
        return true;
    }

    /**
     * True when every UTF-16 surrogate in {@code text} is half of a pair. A lone one ({@code \ud800}) is no character:
     * it has no UTF-8 form, so storing it would turn it into {@code ?} and make different values equal.
     */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A media or storage path: absolute, clean, bounded, and free of {@code .} and {@code ..} segments. */
    public static String requirePath(String field, String path) {
        // Every record read from the books checks its three paths: one pass over the characters says all is well
        // (the usual case) without the five passes and five messages built below, which were a third of the CPU of a
        // 50-row page. Only a path that fails it is checked rule by rule, for the message of the first rule broken.
        if (path != null && isPlainPath(path)) return path;
        require(path != null && !path.isBlank(), field + " must not be blank");
        require(path.length() <= 4096, field + " must be at most 4096 characters");
        require(isClean(path), field + " must not contain control characters");
        require(isWellFormed(path), field + " must not contain an unpaired surrogate (it is no character)");
        require(path.startsWith("/"), field + " must be an absolute path (start with '/')");
        require(!hasDotSegment(path), field + " must not contain '.' or '..' segments");
        return path;
    }

    /**
     * All of {@link #requirePath}'s rules in one pass: at most 4096 characters, starting with '/' (so not blank), no
     * control character, no unpaired surrogate, no {@code .} or {@code ..} segment.
     */
    private static boolean isPlainPath(String path) {
        int length = path.length();
        if (length == 0 || length > 4096 || path.charAt(0) != '/') return false;
        int start = 1; // of the segment being read
        for (int i = 1; i < length; i++) {
            char c = path.charAt(i);
            if (c == '/') {
                if (isDots(path, start, i)) return false;
                start = i + 1;
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) { // Character.isISOControl
                return false;
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                if (!Character.isHighSurrogate(c) || i + 1 == length || !Character.isLowSurrogate(path.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return !isDots(path, start, length);
    }

    /** Whether {@code path[start, end)} is {@code .} or {@code ..}. */
    private static boolean isDots(String path, int start, int end) {
        int length = end - start;
        return (length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(end - 1) == '.';
    }

    /**
     * Whether a segment between slashes is {@code .} or {@code ..}. One pass without splitting: every record read
     * from the books checks its three paths, and the split's arrays were a tenth of a page's CPU.
     */
    private static boolean hasDotSegment(String path) {
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i < path.length() && path.charAt(i) != '/') continue;
            int length = i - start;
            if ((length == 1 || length == 2) && path.charAt(start) == '.' && path.charAt(i - 1) == '.') return true;
            start = i + 1;
        }
        return false;
    }

    /** The most bytes a single name may have on Linux file systems (NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;

    /**
     * A media path as it enters the application, in its one spelling: checked like {@link #requirePath}, repeated
     * slashes collapsed and a trailing slash dropped, so {@code /array//movies/x.mkv} and {@code /array/movies/x.mkv/}
     * are the same file for every look-up, lock and record. A name longer than a file system allows is refused.
     */
    public static String canonicalPath(String field, String path) {
        requirePath(field, path);
        String canonical = path.replaceAll("/{2,}", "/");
        if (canonical.length() > 1 && canonical.endsWith("/")) canonical = canonical.substring(0, canonical.length() - 1);
        for (String segment : canonical.split("/")) {
            int bytes = segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            require(bytes <= MAX_NAME_BYTES, field + " has a name of " + bytes + " bytes ('"
                    + segment.substring(0, Math.min(40, segment.length())) + "…'); file systems allow at most "
                    + MAX_NAME_BYTES + " bytes per name");
        }
        return canonical;
    }

    /** Free text such as a reason: non-blank, clean, at most {@code max} characters. */
    public static String requireText(String field, String text, int max) {
        // the usual case without building the four messages (a reason is checked for every user of every row read)
        if (text != null && text.length() <= max && !text.isBlank() && isClean(text) && isWellFormed(text)) return text;
        require(text != null && !text.isBlank(), field + " must not be blank");
        require(text.length() <= max, field + " must be at most " + max + " characters");
        require(isClean(text), field + " must not contain control characters");
        require(isWellFormed(text), field + " must not contain an unpaired surrogate (it is no character)");
        return text;
    }

    /** The last segment of a path. */
    public static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
