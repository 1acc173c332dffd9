package cacherr.bootstrap.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.LaunchedService;
import cacherr.bootstrap.fixtures.MediaLibrary;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service is SIGKILLed in the middle of a batch, then started again on the same database and roots.
 *
 * <p>The middle is reached by construction, not by timing: the service runs with the copy gate of the filesystem
 * adapter set to stop copies of 1 MiB and more. The batch caches {@value #BEFORE} small files, which are copied for
 * real, then two large ones, which stop half-copied at the gate (the two batch threads, one each), then
 * {@value #AFTER} small ones, which no thread can reach. The test waits until the batch reports every small file
 * before the gate processed and a copy is held there, and kills the service.
 *
 * <p>After the restart, the batch is failed as interrupted, with each file's true outcome: the small files before the
 * gate completed (whether or not the batch had written their results yet), two of them that were already cached for
 * the user before the batch began skipped, the two held and the rest not done. Every original is intact, every done
 * file is on the cache with its exact bytes and in the books, nothing half-written or temporary is left, no operation
 * is in flight, and the single-file API works.
 */
class BatchCrashIT {
    private static final int BEFORE = 60; // more than the batch writes its results after (50), so some are written
    private static final int AFTER = 5;
    private static final int BIG = 1 << 20;
    private static final List<Integer> ALREADY_CACHED = List.of(3, 55); // one likely written, one likely not

    @TempDir
    Path home;

    @Test
    void aBatchKilledMidwayIsMarkedInterruptedWithEachFilesTrueOutcomeAndNothingIsLostOrHalfWritten()
            throws Exception {
        Path gate = home.resolve("gate");
        try (LaunchedService service = new LaunchedService(home, Map.of("CACHERR_JAVA_OPTS", "-XX:+UseSerialGC"
                + " -Dcacherr.faults.copyGate=" + gate + " -Dcacherr.faults.copyGate.minBytes=" + BIG
                // one file at a time: the held copy keeps the storage, so a second worker's last small file would wait
                // behind it, and the batch would be held one file short of BEFORE (seen once in CI)
                + " -Dcacherr.faults.batchWorkers=1"))) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            Path array = service.arrayRoot();
            List<Path> before = files(media, array, "Before", BEFORE, 4096);
            List<Path> held = files(media, array, "Held", 2, 2 * BIG);
            List<Path> after = files(media, array, "After", AFTER, 4096);
            Path spare = files(media, array, "Spare", 1, 4096).get(0);
            service.start();
            Api api = new Api(service.uri("/").getPort());
            for (int i : ALREADY_CACHED) {
                assertEquals(201, api.cache(before.get(i).toString(), "alice", "atomic_symlink").statusCode());
            }

            List<Path> batchFiles = new ArrayList<>(before);
            batchFiles.addAll(held);
            batchFiles.addAll(after);
            HttpResponse<String> started = api.send("POST", "/api/results/operations", "{\"action\":\"cache\","
                    + "\"paths\":[" + batchFiles.stream().map(p -> Api.quote(p.toString())).collect(Collectors.joining(","))
                    + "],\"user_id\":\"alice\",\"cache_method\":\"atomic_symlink\",\"reason\":\"batch crash test\"}");
            assertEquals(202, started.statusCode(), started.body());
            String batch = Api.idOf(started.body());

            awaitHeldAtTheGate(service, api, batch, gate);
            service.kill();

            assertEquals(List.of(), media.problems(false), "right after SIGKILL, every original is intact");
            assertEquals("ok", Books.integrityCheck(service.database()));
            assertEquals("running", batchColumn(service, batch, "status"), "the books still call it running");

            Files.createFile(gate.resolve("resume")); // from now on copies pass the gate: the single-file API is free
            service.start();
            assertTrue(service.log().contains("was cut short by a stop"), service.log());

            HttpResponse<String> detail = api.send("GET", "/api/results/operations/" + batch, null);
            assertEquals(200, detail.statusCode(), detail.body());
            String total = Integer.toString(batchFiles.size());
            assertTrue(detail.body().contains("\"status\":\"failed\""), detail.body());
            assertTrue(detail.body().contains("\"error_message\":\"interrupted: the service stopped"), detail.body());
            assertTrue(detail.body().contains("\"files_processed\":" + total), detail.body());
            assertTrue(detail.body().contains("\"files_successful\":" + (BEFORE - ALREADY_CACHED.size())),
                    detail.body());

            List<List<String>> results = results(service, batch);
            assertEquals(batchFiles.size(), results.size());
            for (int position = 0; position < batchFiles.size(); position++) {
                Path file = batchFiles.get(position);
                String status = results.get(position).get(0);
                String reason = results.get(position).get(1);
                String what = "#" + position + " " + file.getFileName() + ": " + status + " (" + reason + ")";
                if (position < BEFORE) {
                    assertEquals(ALREADY_CACHED.contains(position) ? "skipped" : "completed", status, what);
                    assertOnTheCache(media, file, what);
                } else {
                    assertTrue(status.equals("skipped") || status.equals("failed"), what);
                    assertFalse(Files.isSymbolicLink(file), what + ": not swapped");
                    assertFalse(Files.exists(media.cachedPathOf(file), LinkOption.NOFOLLOW_LINKS),
                            what + ": nothing of it on the cache");
                }
            }
            assertEquals(BEFORE, Books.activeFiles(service.database()).size(), "the books hold exactly the files done");
            assertEquals(BEFORE, Books.count(service.database(), "SELECT count(*) FROM cached_file_users"
                    + " WHERE user_id = 'alice'"), "each done file is alice's");
            CrashRecoveryIT.assertNothingLost(service, api, media, "after the restart");
            assertEquals(0, Books.count(service.database(),
                    "SELECT count(*) FROM file_operation_intents WHERE finished_at IS NULL"), "no file step in flight");

            // The single-file API works, on a file the batch held and on one it never saw, and the history stays.
            HttpResponse<String> heldAgain = api.cache(held.get(0).toString(), "bob", "atomic_symlink");
            assertEquals(201, heldAgain.statusCode(), heldAgain.body());
            HttpResponse<String> spareCached = api.cache(spare.toString(), "bob", null);
            assertEquals(201, spareCached.statusCode(), spareCached.body());
            String spareId = Api.idOf(spareCached.body());
            assertEquals(200, api.send("GET", "/api/cached/files/" + spareId, null).statusCode());
            String doneId = fileId(service, before.get(0));
            HttpResponse<String> uncached = api.send("DELETE", "/api/cached/files/" + doneId, "{\"reason\":\"test\"}");
            assertEquals(200, uncached.statusCode(), uncached.body());
            CrashRecoveryIT.assertNothingLost(service, api, media, "after single-file work");
            assertEquals(results, results(service, batch), "the batch's history is not rewritten by later work");
            assertEquals(143, service.stop(), "SIGTERM ends the JVM through its shutdown hook (128 + 15)");
        }
    }

    /**
     * Every small file before the gate processed, and a large one stopped at it: from here the batch cannot move, as
     * both of its threads end up held at the gate. A bound only for a broken run.
     */
    private static void awaitHeldAtTheGate(LaunchedService service, Api api, String batch, Path gate)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        String processed = "\"files_processed\":" + BEFORE + ",";
        while (true) {
            HttpResponse<String> detail = api.send("GET", "/api/results/operations/" + batch + "?limit=1", null);
            if (detail.body().contains(processed) && Files.exists(gate.resolve("paused"))) return;
            // the batch's own status (its files' follow): not begun yet, or under way — any other is an end
            String status = detail.body().replaceFirst(
                    "(?s).*?\"batch_operation\":\\{[^{}]*?\"status\":\"([a-z_]+)\".*", "$1");
            assertTrue(status.equals("pending") || status.equals("running"), "the batch ended before the gate: "
                    + detail.body());
            if (System.nanoTime() > deadline) throw new AssertionError("not held at the gate: " + detail.body()
                    + "\n" + service.log());
            Thread.sleep(20); // polling for a state, not waiting for a time
        }
    }

    private static void assertOnTheCache(MediaLibrary media, Path file, String what) throws IOException {
        assertTrue(Files.isSymbolicLink(file), what + ": swapped for its link to the cache");
        Path cached = media.cachedPathOf(file);
        assertTrue(Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS), what + ": on the cache");
        assertEquals(media.checksum(file), MediaLibrary.sha256(cached), what + ": its exact bytes on the cache");
    }

    private static List<Path> files(MediaLibrary media, Path array, String name, int count, int size)
            throws IOException {
        Random random = new Random(name.hashCode());
        List<Path> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Path file = array.resolve(String.format("movies/%s %03d/%s %03d.mkv", name, i, name, i));
            made.add(media.add(file, content));
        }
        return made;
    }

    /** Each result's status and reason, in the batch's order, read from the books as an auditor would. */
    private static List<List<String>> results(LaunchedService service, String batch) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = Books.open(service.database()); PreparedStatement query = c.prepareStatement(
                "SELECT status, reason FROM batch_file_results WHERE operation_id = ? ORDER BY position")) {
            query.setString(1, batch);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) rows.add(List.of(rs.getString(1), rs.getString(2)));
            }
        }
        return rows;
    }

    private static String fileId(LaunchedService service, Path media) throws Exception {
        try (Connection c = Books.open(service.database()); PreparedStatement query = c.prepareStatement(
                "SELECT id FROM cached_files WHERE file_path = ?")) {
            query.setString(1, media.toString());
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "no record of " + media);
                return rs.getString(1);
            }
        }
    }

    private static String batchColumn(LaunchedService service, String batch, String column) throws Exception {
        try (Connection c = Books.open(service.database()); PreparedStatement query = c.prepareStatement(
                "SELECT " + column + " FROM batch_operations WHERE id = ?")) {
            query.setString(1, batch);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
