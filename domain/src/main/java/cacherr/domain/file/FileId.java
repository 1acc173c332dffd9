package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

/** Identity of a cached file: stable for its media path for the life of the record. */
public record FileId(String value) {
    public static final int MAX_LENGTH = 64;

    public FileId {
        require(value != null && !value.isBlank(), "file id must not be blank");
        require(value.length() <= MAX_LENGTH, "file id must be at most " + MAX_LENGTH + " characters");
        require(value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/'),
                "file id must be printable ASCII without spaces or '/'");
    }

    @Override
    public String toString() {
        return value;
    }
}
