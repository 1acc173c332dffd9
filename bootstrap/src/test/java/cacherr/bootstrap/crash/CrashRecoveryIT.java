package cacherr.bootstrap.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.LaunchedService;
import cacherr.bootstrap.fixtures.MediaLibrary;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service in its own process caches and uncaches real files for parallel clients and is killed with
 * SIGKILL at a random moment, round after round. After each kill, before and after the restart, nothing may be lost:
 * see {@link #assertNothingLost}.
 *
 * <p>{@code -Dcacherr.crash.rounds=100} for the long run (3 by default); {@code -Dcacherr.crash.seed=…} repeats one.
 */
class CrashRecoveryIT {
    private static final Pattern TOTAL = Pattern.compile("\"total_count\":(\\d+)");
    private static final String[] METHODS = {"atomic_symlink", "atomic_copy", "atomic_hardlink", null};
    private static final int CLIENTS = 6;

    @Test
    void killedAtRandomMomentsTheServiceLosesNoFileAndRecoversEveryInterruptedOperation(@TempDir Path home)
            throws Exception {
        int rounds = Integer.getInteger("cacherr.crash.rounds", 3);
        long seed = Long.getLong("cacherr.crash.seed", System.nanoTime());
        System.out.println("CrashRecoveryIT: " + rounds + " rounds, seed " + seed);
        Random random = new Random(seed);
        Stats stats = new Stats();
        try (LaunchedService service = new LaunchedService(home, Map.of())) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            List<Path> files = media.create(24, 64 * 1024, 6 * 1024 * 1024, seed);
            Map<Path, String> ids = new ConcurrentHashMap<>();
            long recoveredSoFar = 0;
            for (int round = 1; round <= rounds; round++) {
                long startMillis = service.start();
                Api api = new Api(service.uri("/").getPort());
                if (round > 1) {
                    long recovered = total(api, "/api/cached/operations?operation_type=cache_recover&limit=1");
                    assertEquals(recoveredSoFar + stats.lastUnfinished, recovered,
                            "round " + round + ": one cache_recover entry per interrupted operation\n" + service.log());
                    recoveredSoFar = recovered;
                    assertNothingLost(service, api, media, "round " + round + " after restart");
                }
                stats.startMillis.add(startMillis);

                long runMillis = 200 + random.nextInt(2300);
                ExecutorService clients = work(api, files, ids, random.nextLong(), runMillis, stats);
                service.kill();
                // Every client has seen the service die before the next round starts one: a straggler that was slow
                // to notice must not send its request to the next service, in the middle of the checks.
                clients.shutdown();
                assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS), "the clients stop once the service is gone");

                assertTrue(media.problems(false).isEmpty(), "round " + round + " right after SIGKILL: "
                        + media.problems(false));
                stats.lastUnfinished = Books.count(service.database(),
                        "SELECT count(*) FROM file_operation_intents WHERE finished_at IS NULL");
                stats.interrupted += stats.lastUnfinished;
                assertEquals("ok", Books.integrityCheck(service.database()), "round " + round + " right after SIGKILL");
            }
            service.start();
            Api api = new Api(service.uri("/").getPort());
            assertEquals(recoveredSoFar + stats.lastUnfinished,
                    total(api, "/api/cached/operations?operation_type=cache_recover&limit=1"));
            assertNothingLost(service, api, media, "after the last restart");
            assertEquals(0, Books.count(service.database(),
                    "SELECT count(*) FROM cache_operations_log WHERE operation_type = 'cache_recover' AND success = 0"),
                    "every recovery succeeded");
            System.out.printf("CrashRecoveryIT: %d rounds survived, %d requests answered (%d 5xx), %d operations"
                            + " interrupted by SIGKILL and recovered (%d rolled back, %d completed), start-up to first"
                            + " answer %s ms%n", rounds, stats.answered.get(), stats.serverErrors.size(), stats.interrupted,
                    recoveries(service, "rolled_back"), recoveries(service, "completed"),
                    stats.startMillis);
            assertEquals(List.of(), stats.serverErrors, "no 5xx while working");
        }
    }

    /**
     * Every original reads its exact content (through its symlink while cached; its hidden backup too); no temporary
     * file is left; the database passes {@code PRAGMA integrity_check}; every file it calls active is on the cache
     * with the right content, and the service's own verification agrees; no operation is left in flight.
     */
    static void assertNothingLost(LaunchedService service, Api api, MediaLibrary media, String when) throws Exception {
        assertEquals(List.of(), media.problems(true), when);
        assertEquals("ok", Books.integrityCheck(service.database()), when);
        for (Map.Entry<String, String> active : Books.activeFiles(service.database()).entrySet()) {
            Path cached = Path.of(active.getValue());
            assertTrue(Files.isRegularFile(cached), when + ": active but not on the cache: " + active);
            assertEquals(media.checksum(Path.of(active.getKey())), MediaLibrary.sha256(cached),
                    when + ": the cached copy differs from the original: " + cached);
        }
        HttpResponse<String> verify = api.send("POST", "/api/cached/verify", "{\"checksum\":true}");
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(verify.body().contains("\"problems\":0"), when + ": " + verify.body());
        assertEquals(0, total(api, "/api/results/operations?active_only=true"), when + ": operations still in flight");
    }

    /** Drives the service for {@code millis} (the random moment of the coming SIGKILL); returns the clients, still busy. */
    private static ExecutorService work(Api api, List<Path> files, Map<Path, String> ids, long seed, long millis,
                                        Stats stats) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(seed + c);
            clients.submit(() -> {
                while (!stop.get()) {
                    Path file = files.get(random.nextInt(files.size()));
                    try {
                        String id = ids.get(file);
                        HttpResponse<String> answer = id != null && random.nextBoolean()
                                ? api.send("DELETE", "/api/cached/files/" + id, "{\"reason\":\"crash test\"}")
                                : api.cache(file.toString(), "user" + random.nextInt(3), METHODS[random.nextInt(METHODS.length)]);
                        stats.answered.incrementAndGet();
                        if (answer.statusCode() >= 500) stats.serverErrors.add(answer.statusCode() + " " + answer.body());
                        if (answer.statusCode() == 200 || answer.statusCode() == 201) {
                            String newId = Api.idOf(answer.body());
                            if (newId != null) ids.put(file, newId);
                        }
                    } catch (IOException killed) {
                        return; // the service is gone
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(millis); // not a wait for anything: how long the service runs before it is killed, at random
        stop.set(true);
        // SIGKILL while the clients are still mid-request: that is the point.
        return clients;
    }

    private static long recoveries(LaunchedService service, String outcome) throws java.sql.SQLException {
        return Books.count(service.database(), "SELECT count(*) FROM cache_operations_log WHERE operation_type ="
                + " 'cache_recover' AND json_extract(metadata, '$.outcome') = '" + outcome + "'");
    }

    private static long total(Api api, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = api.send("GET", path, null);
        assertEquals(200, answer.statusCode(), answer.body());
        Matcher m = TOTAL.matcher(answer.body());
        assertTrue(m.find(), answer.body());
        return Long.parseLong(m.group(1));
    }

    private static final class Stats {
        final AtomicInteger answered = new AtomicInteger();
        final List<String> serverErrors = new CopyOnWriteArrayList<>();
        final List<Long> startMillis = new ArrayList<>();
        long lastUnfinished;
        long interrupted;
    }
}
