package cacherr.domain.error;

/** A status change the rule set does not allow. */
public class IllegalTransitionException extends ConflictException {
    public IllegalTransitionException(String message) {
        super(message);
    }
}
