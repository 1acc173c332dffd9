package cacherr.domain.error;

/** Base of every refusal the domain and application express in words a person understands. */
public abstract class DomainException extends RuntimeException {
    protected DomainException(String message) {
        super(message);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
