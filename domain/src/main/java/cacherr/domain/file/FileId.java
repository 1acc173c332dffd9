package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

/** Identity of a cached file: stable for its media path for the life of the record. */
public record FileId(String value) {
    public static final int MAX_LENGTH = 64;

    public FileId {
        require(value != null && !value.isBlank(), "file id must not be blank");
        require(value.length() <= MAX_LENGTH, "file id must be at most " + MAX_LENGTH + " characters");
        require(isPrintableAscii(value), "file id must be printable ASCII without spaces or '/'");
    }

    /** A loop, not a stream: every row read from the books makes its id. */
    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/') return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
