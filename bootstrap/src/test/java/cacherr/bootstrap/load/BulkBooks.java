package cacherr.bootstrap.load;

import cacherr.bootstrap.fixtures.Books;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Fills a database the service has created (schema and triggers in place, service stopped) with {@code files} rows in
 * one transaction through plain JDBC: the triggers keep the counters, the known users and the full-text index right,
 * exactly as for the service's own writes. Ids are {@code load-0000000}…; every file starts with no access.
 */
final class BulkBooks {
    static final String[] OPERATIONS = {"watchlist", "ondeck", "trakt", "manual", "continue_watching"};
    static final int USERS = 50;
    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private BulkBooks() {
    }

    static String id(int i) {
        return String.format("load-%07d", i);
    }

    static void fill(Path database, int files, long seed) throws Exception {
        Random random = new Random(seed);
        try (Connection c = Books.open(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement f = c.prepareStatement("INSERT INTO cached_files (id, file_path, filename,"
                    + " original_path, cached_path, cache_method, file_size_bytes, file_size_readable, cached_at,"
                    + " last_accessed, access_count, triggered_by_user, triggered_by_operation, status,"
                    + " status_changed_at, metadata, created_at) VALUES (?,?,?,?,?,?,?,?,?,NULL,0,?,?,?,?,NULL,?)");
                 PreparedStatement u = c.prepareStatement("INSERT INTO cached_file_users (cached_file_id, user_id,"
                         + " attribution_reason, added_at) VALUES (?,?,?,?)")) {
                for (int i = 0; i < files; i++) {
                    String name = "Movie " + i + ".mkv";
                    String path = "/array/movies/Movie " + i + "/" + name;
                    String at = CANONICAL.format(START.plusSeconds(random.nextInt(300 * 86_400)));
                    String user = "user" + random.nextInt(USERS);
                    String operation = OPERATIONS[random.nextInt(OPERATIONS.length)];
                    f.setString(1, id(i));
                    f.setString(2, path);
                    f.setString(3, name);
                    f.setString(4, path);
                    f.setString(5, "/cache" + path);
                    f.setString(6, "atomic_symlink");
                    f.setLong(7, 1_000_000L + random.nextInt(1_000_000_000));
                    f.setString(8, "500.0 MB");
                    f.setString(9, at);
                    f.setString(10, user);
                    f.setString(11, operation);
                    f.setString(12, random.nextInt(20) == 0 ? "removed" : "active");
                    f.setString(13, at);
                    f.setString(14, at);
                    f.addBatch();
                    u.setString(1, id(i));
                    u.setString(2, user);
                    u.setString(3, operation);
                    u.setString(4, at);
                    u.addBatch();
                    if (i % 5000 == 4999) {
                        f.executeBatch();
                        u.executeBatch();
                    }
                }
                f.executeBatch();
                u.executeBatch();
            }
            c.commit();
        }
    }
}
