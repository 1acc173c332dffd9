package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.AuditEntryEntity;
import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.IntentEntity;
import cacherr.adapters.persistence.schema.SchemaMigrator;
import cacherr.application.port.out.Bookkeeping;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.ValidationMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * The SQLite storage of Cacherr's books: opens (and migrates) the database, and hands out the {@link Bookkeeping}
 * ports, which share one session factory and one connection pool. Close it on shutdown.
 *
 * <pre>{@code
 * try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(Path.of("./data/cached_files.db")))) {
 *     Cacherr app = new Cacherr(db.bookkeeping(), storage, clock, ids, settings);
 * }
 * }</pre>
 */
public final class SqlitePersistence implements AutoCloseable {
    private static final List<String> FULL_TEXT_INDEXES = List.of("files_fts", "files_fts_live", "files_search",
            "files_short");

    private final HikariDataSource pool;
    private final SessionFactory sessions;
    private final Bookkeeping bookkeeping;
    private final UnitOfWork unit;

    private SqlitePersistence(HikariDataSource pool, SessionFactory sessions) {
        this.pool = pool;
        this.sessions = sessions;
        this.unit = new UnitOfWork(sessions);
        this.bookkeeping = new Bookkeeping(new SqliteCachedFiles(unit), new SqliteOperationJournal(unit),
                new SqliteTransactions(unit));
    }

    /**
     * Opens the database, creating it (and its directory) when missing and migrating an older one first.
     *
     * @throws DatabaseRefusedException when the file cannot be used as it is; it is then left untouched
     */
    public static SqlitePersistence open(PersistenceSettings settings) {
        Path file = settings.databaseFile().toAbsolutePath();
        createDirectoryOf(file);
        SchemaMigrator.migrate(file);
        HikariDataSource pool = ConnectionPool.open(new PersistenceSettings(file, settings.poolSize(),
                settings.busyTimeout()));
        try {
            return new SqlitePersistence(pool, sessionFactory(pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void createDirectoryOf(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the database " + file, e);
        }
    }

    private static SessionFactory sessionFactory(HikariDataSource pool) {
        return new HibernatePersistenceConfiguration("cacherr")
                .managedClasses(CachedFileEntity.class, FileUserEntity.class, AuditEntryEntity.class,
                        IntentEntity.class)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .property("hibernate.dialect", SQLiteDialect.class.getName())
                .property("hibernate.hbm2ddl.auto", "none") // the schema is SchemaMigrator's alone
                .property("hibernate.boot.allow_jdbc_metadata_access", "false")
                .property("hibernate.order_inserts", "false")
                .validationMode(ValidationMode.NONE) // no Bean Validation in the storage layer
                .createEntityManagerFactory()
                .unwrap(SessionFactory.class);
    }

    /** The ports backed by this database. */
    public Bookkeeping bookkeeping() {
        return bookkeeping;
    }

    /**
     * Housekeeping, meant for once a day: merges the segments of the full-text indexes (every change to a file
     * appends to them, and a search over many small segments gets slower — measured twice as slow after one rewrite
     * of every document) and lets SQLite refresh its query-planner statistics. Changes no data.
     */
    public void optimize() {
        unit.write(session -> {
            session.doWork(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String index : FULL_TEXT_INDEXES) {
                        statement.execute("INSERT INTO " + index + "(" + index + ") VALUES ('optimize')");
                    }
                    statement.execute("PRAGMA optimize");
                }
            });
            return null;
        });
    }

    /**
     * Publishes the connection pool to {@code registry}: HikariCP's own meters (connections active, idle, pending and
     * their limits; acquire, usage and creation times; timeouts), tagged {@code pool="cacherr-sqlite"}. Once only.
     */
    public void publishPoolMetrics(MeterRegistry registry) {
        pool.setMetricRegistry(Objects.requireNonNull(registry, "registry"));
    }

    /** The schema version this program writes. */
    public static int schemaVersion() {
        return SchemaMigrator.LATEST;
    }

    @Override
    public void close() {
        try {
            sessions.close();
        } finally {
            pool.close();
        }
    }
}
