package cacherr.bootstrap;

/** Start-up refused because another service holds the database or the cache root (or their locks cannot be taken). */
public final class AlreadyRunningException extends RuntimeException {
    AlreadyRunningException(String message) {
        super(message);
    }
}
