package cacherr.application.port.out;

/**
 * The store is damaged, gone or replaced ({@link StoreHealth#problem()} says how): nothing was written, and trying
 * again will not help until a person has looked. The message names the problem.
 */
public class StoreUnhealthyException extends StoreUnavailableException {
    public StoreUnhealthyException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnhealthyException(String message) {
        super(message, null);
    }
}
