package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.Twins.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-user statistics read from the day buckets (schema v8) equal what the in-memory reference computes from the
 * files, through attributions over many days, accesses, status, size and operation changes, detaches and deletes,
 * for periods starting at any time of a day; and the buckets equal a recount from the data.
 */
class UserDaysTest {
    private static final List<UserId> USERS = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * A period that begins before the user's first day bucket reads the user's totals per operation (schema v22), not
     * every bucket: a total changed behind the service's back shows in such a period only; a period that begins
     * within the history still sums its days.
     */
    @Test
    void aWholeHistoryIsReadFromTheUsersTotals() throws Exception {
        Path file = dir.resolve("books.db");
        UserId ann = USERS.get(0);
        Instant now = START.plus(Duration.ofDays(40));
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            CachedFiles files = db.bookkeeping().files();
            for (int i = 0; i < 6; i++) {
                files.save(CachedFileFixtures.aFile("f" + i).size(100).operation(OperationType.values()[i % 2])
                        .cachedAt(START.plus(Duration.ofDays(i * 5L))).user(ann, "r", START.plus(Duration.ofDays(i * 5L)))
                        .build().recordAccess(now.minusSeconds(i)));
            }
            var whole = files.userStatistics(ann, START.minus(Duration.ofDays(3000)), 3650);
            var recent = files.userStatistics(ann, START.plus(Duration.ofDays(12)), 28);
            assertEquals(6, whole.totalFiles());
            assertEquals(3, recent.totalFiles());
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                s.execute("UPDATE user_operation_totals SET files = files + 100 WHERE user_id = 'ann'");
            }
            assertEquals(206, files.userStatistics(ann, START.minus(Duration.ofDays(3000)), 3650).totalFiles(),
                    "the whole history: from the totals");
            assertEquals(recent, files.userStatistics(ann, START.plus(Duration.ofDays(12)), 28),
                    "a period within the history: from its days");
        }
    }

    @Test
    void userStatisticsFollowTheReferenceThroughEveryKindOfChange() throws Exception {
        Path file = dir.resolve("books.db");
        List<Object> last;
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Twins twins = new Twins(db.bookkeeping().files());
            CachedFiles sqlite = twins.sqlite, reference = twins.reference;
            Random random = new Random(8);
            List<CachedFile> files = twins.files;
            int compared = 0, withBest = 0;
            for (int step = 0; step < 700; step++) {
                Instant now = START.plus(Duration.ofHours(step * 3L + random.nextInt(3))); // ~8 steps a day
                int action = files.isEmpty() ? 0 : random.nextInt(10);
                CachedFile changed = null;
                if (action == 0 || action == 9) {
                    var builder = CachedFileFixtures.aFile("f" + step).size(1 + random.nextInt(1000))
                            .operation(OperationType.values()[random.nextInt(4)]).cachedAt(now);
                    for (UserId user : USERS) {
                        if (random.nextBoolean()) builder.user(user, "r", now.minusSeconds(random.nextInt(200_000)));
                    }
                    changed = builder.build();
                } else {
                    int index = random.nextInt(files.size());
                    CachedFile f = files.get(index);
                    UserId user = USERS.get(random.nextInt(USERS.size()));
                    boolean removed = f.status() == FileStatus.REMOVED;
                    switch (action) {
                        case 1, 2, 3 -> changed = removed ? null : f.recordAccess(now); // ties and new bests
                        case 4 -> changed = removed ? null
                                : f.isAttributedTo(user) ? f.detach(user) : f.attribute(user, "r", now);
                        case 5 -> changed = Twins.rebuilt(f, FileStatus.values()[random.nextInt(4)],
                                f.sizeBytes(), f.triggeredByOperation(), f.accessCount());
                        case 6 -> changed = Twins.rebuilt(f, f.status(), 1 + random.nextInt(1000),
                                OperationType.values()[random.nextInt(4)], f.accessCount());
                        case 7 -> changed = Twins.rebuilt(f, f.status(), f.sizeBytes(), f.triggeredByOperation(),
                                random.nextInt(3)); // accesses lowered by hand: a best may lose its place
                        case 8 -> twins.delete(index);
                        default -> throw new IllegalStateException();
                    }
                }
                if (changed != null) twins.save(changed);
                if (step % 25 == 24) {
                    for (UserId user : USERS) {
                        for (int days : new int[] {1, 3, 30, 365, 3650}) { // 365 and more: the whole history (v22)
                            Instant since = now.minus(Duration.ofDays(days)).minusSeconds(random.nextInt(86_400));
                            var expected = reference.userStatistics(user, since, days);
                            assertEquals(expected, sqlite.userStatistics(user, since, days),
                                    "after step " + step + ": " + user + " since " + since);
                            compared++;
                            if (expected.mostAccessed() != null) withBest++;
                        }
                    }
                }
            }
            assertTrue(compared > 300 && withBest > 100, compared + " comparisons, " + withBest + " with a best");
            last = new ArrayList<>();
            for (UserId user : USERS) {
                for (int days : new int[] {1, 7, 400, 3650}) {
                    Instant since = START.plus(Duration.ofDays(80 - days)).plusSeconds(41_000);
                    var expected = reference.userStatistics(user, since, days);
                    assertEquals(expected, sqlite.userStatistics(user, since, days));
                    last.add(expected);
                }
            }
        }
        // the v8 step run again (dropped, filled from the data by its migration) gives the same statistics
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            List<Object> again = new ArrayList<>();
            for (UserId user : USERS) {
                for (int days : new int[] {1, 7, 400, 3650}) {
                    again.add(db.bookkeeping().files().userStatistics(user,
                            START.plus(Duration.ofDays(80 - days)).plusSeconds(41_000), days));
                }
            }
            assertEquals(last, again);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            assertEquals(0, count(s, """
                    SELECT count(*) FROM (
                        SELECT u.user_id, substr(u.added_at, 1, 10) AS day, f.triggered_by_operation AS operation,
                            count(*) AS files, sum(f.status = 'active') AS active, sum(f.file_size_bytes) AS bytes,
                            sum(f.access_count) AS accesses
                        FROM cached_file_users u JOIN cached_files f ON f.id = u.cached_file_id
                        WHERE f.status <> 'removed' GROUP BY 1, 2, 3
                        EXCEPT SELECT user_id, day, operation, files, active, bytes, accesses FROM user_days)"""),
                    "every bucket of the data is kept");
            assertEquals(0, count(s, "SELECT count(*) FROM user_days WHERE files < 0 OR active < 0 OR bytes < 0"
                    + " OR accesses < 0 OR (files = 0 AND (active <> 0 OR bytes <> 0 OR accesses <> 0))"),
                    "no bucket holds a share of a file it lost");
            assertEquals(0, count(s, """
                    SELECT count(*) FROM (
                        SELECT user_id, operation, sum(files), sum(active), sum(bytes), sum(accesses) FROM user_days
                        GROUP BY 1, 2
                        EXCEPT SELECT user_id, operation, files, active, bytes, accesses FROM user_operation_totals)"""),
                    "every user's total per operation is the sum of its buckets");
            assertEquals(0, count(s, """
                    SELECT count(*) FROM (
                        SELECT user_id, operation FROM user_operation_totals
                        EXCEPT SELECT user_id, operation FROM user_days)"""), "no total without a bucket");
        }
    }
}
