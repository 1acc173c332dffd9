package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

/** A media-server user a file was cached for. */
public record UserId(String value) {
    public static final int MAX_LENGTH = 200;

    public UserId {
        require(value != null && !value.isBlank(), "user id must not be blank");
        require(value.length() <= MAX_LENGTH, "user id must be at most " + MAX_LENGTH + " characters");
        require(Texts.isClean(value), "user id must not contain control characters");
        require(Texts.isWellFormed(value), "user id must not contain an unpaired surrogate (it is no character)");
    }

    /** The user id, or null when {@code value} is null. */
    public static UserId ofNullable(String value) {
        return value == null ? null : new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
