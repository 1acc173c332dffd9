package cacherr.domain.error;

/** A value was malformed or out of range; the message names the field and the rule. */
public class InvalidInputException extends DomainException {
    public InvalidInputException(String message) {
        super(message);
    }

    /** Fails with {@code message} unless {@code condition} holds. */
    public static void require(boolean condition, String message) {
        if (!condition) throw new InvalidInputException(message);
    }
}
