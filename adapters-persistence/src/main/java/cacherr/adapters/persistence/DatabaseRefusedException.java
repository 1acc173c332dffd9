package cacherr.adapters.persistence;

/**
 * The database file cannot be used as it is — it is no SQLite database, it is damaged, it was written by a newer
 * Cacherr, or migrating it failed. The file is left as it was: nothing is deleted or recreated to recover.
 */
public final class DatabaseRefusedException extends RuntimeException {
    public DatabaseRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseRefusedException(String message) {
        super(message);
    }
}
