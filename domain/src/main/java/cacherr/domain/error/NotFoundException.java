package cacherr.domain.error;

/** The thing asked for does not exist. */
public class NotFoundException extends DomainException {
    public NotFoundException(String message) {
        super(message);
    }
}
