package cacherr.application.port.out;

/**
 * The books cannot be reached right now (another process holds the database's lock past the wait, say). Nothing was
 * changed; the same request can be tried again later.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
