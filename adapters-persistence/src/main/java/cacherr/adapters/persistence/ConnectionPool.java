package cacherr.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/** The pool: every connection in WAL mode, synchronous NORMAL, foreign keys on, with a busy timeout. */
final class ConnectionPool {
    private ConnectionPool() {
    }

    static HikariDataSource open(PersistenceSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // durable at checkpoints; safe in WAL
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        SQLiteDataSource sqlite = new SQLiteDataSource(config) {
            @Override
            public SQLiteConnection getConnection(String user, String password) throws SQLException {
                SQLiteConnection connection = super.getConnection(user, password);
                registerFunctions(connection);
                return connection;
            }
        };
        sqlite.setUrl("jdbc:sqlite:" + settings.databaseFile());

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqlite);
        pool.setPoolName("cacherr-sqlite");
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setMinimumIdle(1);
        // A request waits for a free connection as long as for SQLite's write lock (HikariCP's default: 30 s)
        pool.setConnectionTimeout(Math.max(250, settings.busyTimeout().toMillis()));
        pool.setAutoCommit(true);
        return new HikariDataSource(pool);
    }

    /**
     * {@code folded_contains(text, needle)}: whether {@code text}, lower-cased by Java's rules, contains the already
     * lower-cased {@code needle} — the domain's search rule. SQLite's {@code LIKE} and {@code lower()} fold ASCII only,
     * so "ÉMILE" would not find "émile.mkv" (or "пушкин" find "Пушкин").
     */
    private static void registerFunctions(SQLiteConnection connection) throws SQLException {
        Function.create(connection, "folded_contains", new Function() {
            @Override
            protected void xFunc() throws SQLException {
                String text = value_text(0);
                String needle = value_text(1);
                result(text != null && needle != null && text.toLowerCase(Locale.ROOT).contains(needle) ? 1 : 0);
            }
        }, 2, Function.FLAG_DETERMINISTIC);
    }
}
