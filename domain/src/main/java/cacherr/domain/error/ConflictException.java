package cacherr.domain.error;

/** The request is well-formed but clashes with the current state (removing a removed file, for instance). */
public class ConflictException extends DomainException {
    public ConflictException(String message) {
        super(message);
    }
}
