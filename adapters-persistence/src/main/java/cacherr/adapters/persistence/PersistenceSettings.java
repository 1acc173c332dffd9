package cacherr.adapters.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the database lives and how it is reached.
 *
 * @param databaseFile the SQLite file (its directory is created when missing)
 * @param poolSize     connections in the pool: readers run in parallel, writers one at a time
 * @param busyTimeout  how long a statement waits for a lock held by another process before failing
 */
public record PersistenceSettings(Path databaseFile, int poolSize, Duration busyTimeout) {
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    public PersistenceSettings {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (poolSize < 1) throw new IllegalArgumentException("pool size must be at least 1, not " + poolSize);
        if (busyTimeout.isNegative()) throw new IllegalArgumentException("busy timeout must not be negative");
    }

    /** The defaults for {@code databaseFile}. */
    public static PersistenceSettings of(Path databaseFile) {
        return new PersistenceSettings(databaseFile, DEFAULT_POOL_SIZE, DEFAULT_BUSY_TIMEOUT);
    }
}
