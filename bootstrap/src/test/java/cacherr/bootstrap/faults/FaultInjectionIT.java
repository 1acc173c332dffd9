package cacherr.bootstrap.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.LaunchedService;
import cacherr.bootstrap.fixtures.MediaLibrary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service meets a hostile machine: a cache drive that fills up during a copy, a source that vanishes or
 * shrinks mid-copy, a directory it cannot write, a database another process has locked. Each must give a clear error
 * in the envelope and leave everything consistent: the original intact, nothing partial on disk, nothing active in
 * the books that is not on the cache, nothing left in flight.
 *
 * <p>Needs root for the tmpfs mount and {@code chattr}; where the machine refuses, that test is skipped with a message.
 */
class FaultInjectionIT {
    @TempDir
    Path home;

    @Test
    void aCacheDriveThatFillsUpDuringACopyGives507WithWordsAndLeavesNothingPartial() throws Exception {
        Path cache = Files.createDirectories(home.resolve("cache"));
        mountOrSkip(cache, "size=32m");
        Path gate = home.resolve("gate");
        try (LaunchedService service = new LaunchedService(home, gated(gate))) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            List<Path> movies = List.of(media.create(1, 16 << 20, 16 << 20, 11).get(0),
                    media.add(service.arrayRoot().resolve("movies/Small.mkv"), new byte[1 << 20]));
            service.start();
            Api api = new Api(service.uri("/").getPort());
            Path movie = movies.get(0);
            Path filler = cache.resolve("filler");
            // The free-space check passes (32 MiB free for 16); the copy stops at its middle, another program fills
            // the drive, and only then does the copy go on: it fills up during the copy by construction, not by luck.
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> cache(api, movie, "atomic_copy"));
            awaitGate(gate, answer);
            assertTrue(Files.exists(media.cachedPathOf(movie).resolveSibling(".cacherr-tmp-copy-" + movie.getFileName())),
                    "the copy is under way under its temporary name");
            fill(filler);
            Files.createFile(gate.resolve("resume"));
            HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
            System.out.println("FaultInjectionIT: cache drive full mid-copy: " + response.statusCode() + " "
                    + response.body());
            assertEquals(507, response.statusCode(), response.body());
            assertTrue(response.body().contains("No space left on device"), response.body());
            assertClearError(response);

            // The failed copy freed its temporary file: the drive is filled again, so it is full when asked.
            fill(filler);
            HttpResponse<String> next = api.cache(movies.get(1).toString(), "alice", "atomic_copy");
            assertEquals(507, next.statusCode(), "with the drive full the check before copying refuses: " + next.body());
            assertTrue(next.body().contains("not enough free space on the cache"), next.body());

            Files.delete(filler);
            assertConsistent(service, api, media);
            assertEquals(0, regularFilesUnder(service.cacheRoot()), "nothing partial left on the cache");
        } finally {
            unmount(cache);
        }
    }

    /** Appends to {@code filler} until the drive refuses: no free byte is left (no copy runs meanwhile). */
    private static void fill(Path filler) throws IOException {
        byte[] chunk = new byte[1 << 16];
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) out.write(chunk);
        } catch (IOException full) {
            // the drive is full: that was the point
        }
    }

    /** The service's JVM with the copy gate of the filesystem adapter: every copy stops at its middle until told. */
    private static Map<String, String> gated(Path gate) {
        return Map.of("CACHERR_JAVA_OPTS", "-XX:+UseSerialGC -Dcacherr.faults.copyGate=" + gate);
    }

    /** Waits until a copy has stopped at the gate (or the request ended without reaching it, which fails the test). */
    private static void awaitGate(Path gate, CompletableFuture<HttpResponse<String>> answer) throws Exception {
        while (Files.notExists(gate.resolve("paused"))) {
            if (answer.isDone()) throw new AssertionError("the request ended before its copy began: " + answer.get().body());
            Thread.onSpinWait();
        }
    }

    @Test
    void aFileLargerThanTheCacheLimitGives507BeforeAnythingIsWritten() throws Exception {
        try (LaunchedService service = new LaunchedService(home, Map.of("CACHERR_CACHE_LIMIT_BYTES", "1000000"))) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            Path movie = media.create(1, 2_000_000, 2_000_000, 3).get(0);
            service.start();
            Api api = new Api(service.uri("/").getPort());
            HttpResponse<String> answer = api.cache(movie.toString(), "alice", null);
            assertEquals(507, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("would exceed the cache limit of 1000000 bytes"), answer.body());
            assertConsistent(service, api, media);
            assertEquals(0, regularFilesUnder(service.cacheRoot()), "nothing was written to the cache");
        }
    }

    @Test
    void aSourceThatVanishesMidCopyIsAClearErrorAndNothingIsCached() throws Exception {
        midCopy((source, media) -> Files.delete(source), "vanished");
    }

    @Test
    void aSourceThatShrinksMidCopyIsAClearErrorAndNothingIsCached() throws Exception {
        midCopy((source, media) -> {
            try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
                file.setLength(1024);
            }
        }, "shrank");
    }

    @Test
    void aMediaDirectoryThatCannotBeWrittenIsAClearErrorAndTheCopyIsTakenBack() throws Exception {
        try (LaunchedService service = new LaunchedService(home, Map.of())) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            Path movie = media.create(1, 500_000, 500_000, 5).get(0);
            service.start();
            Api api = new Api(service.uri("/").getPort());
            Path dir = movie.getParent();
            immutableOrSkip(dir);
            try {
                // The symlink swap writes a backup link and a temporary symlink next to the original: refused here.
                HttpResponse<String> answer = api.cache(movie.toString(), "alice", "atomic_symlink");
                System.out.println("FaultInjectionIT: unwritable directory: " + answer.statusCode() + " " + answer.body());
                assertClearError(answer);
                assertTrue(answer.body().contains(dir.toString()), "the error names the directory: " + answer.body());
            } finally {
                run("chattr", "-i", dir.toString());
            }
            assertConsistent(service, api, media);
            assertEquals(0, regularFilesUnder(service.cacheRoot()), "the cache copy was taken back");
            assertEquals(201, api.cache(movie.toString(), "alice", "atomic_symlink").statusCode(),
                    "once writable again, it works");
            assertConsistent(service, api, media);
        }
    }

    /**
     * A lock another process holds (a backup, a sqlite3 shell) past the busy timeout: reads go on, the write is refused
     * with a 503 in words, and nothing is half done. The lock is held for the whole request, so the outcome does not
     * depend on how fast anything runs; that a shorter lock is waited out is shown, just as deterministically, by the
     * persistence adapter's {@code LockedByAnotherProcessTest} on the same SQLite settings.
     */
    @Test
    void aDatabaseLockedByAnotherProcessLeavesNothingHalfDoneAndReadsGoOn() throws Exception {
        try (LaunchedService service = new LaunchedService(home, Map.of())) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            List<Path> movies = media.create(2, 200_000, 200_000, 9);
            service.start();
            Api api = new Api(service.uri("/").getPort());
            // The start-up pruning writes on the housekeeping thread; under the lock it would wait out a busy timeout
            // of its own ahead of the request, so the lock is taken only once it has written its audit entry.
            awaitStartupPrune(service, api);
            HttpResponse<String> underLock;
            try (Connection lock = Books.open(service.database()); Statement s = lock.createStatement()) {
                s.execute("BEGIN EXCLUSIVE"); // this test JVM is the other process
                assertEquals(200, api.send("GET", "/api/cached/statistics", null).statusCode(), "reads go on (WAL)");
                try {
                    underLock = api.cache(movies.get(0).toString(), "alice", null);
                } catch (HttpTimeoutException hung) {
                    throw new AssertionError("no answer under the lock; the service's log:\n" + service.log(), hung);
                }
                s.execute("COMMIT");
            }
            System.out.println("FaultInjectionIT: database locked: " + underLock.statusCode() + " " + underLock.body());
            assertClearError(underLock);
            assertEquals(503, underLock.statusCode(), underLock.body());
            assertTrue(underLock.body().toLowerCase().contains("locked"), underLock.body());
            assertFalse(Files.isSymbolicLink(movies.get(0)), "refused: not swapped");
            assertConsistent(service, api, media);
            assertEquals(201, api.cache(movies.get(1).toString(), "alice", null).statusCode(), "works afterwards");
            assertConsistent(service, api, media);
        }
    }

    private static void awaitStartupPrune(LaunchedService service, Api api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300); // only a bound for a hung service
        while (!api.send("GET", "/api/cached/operations?operation_type=log_prune&limit=1", null).body()
                .contains("\"total_count\":1")) {
            assertTrue(System.nanoTime() < deadline, "the start-up pruning was never recorded:\n" + service.log());
            Thread.sleep(20);
        }
    }

    // ---- mid-copy ----

    private interface Spoil {
        void apply(Path source, MediaLibrary media) throws IOException;
    }

    private void midCopy(Spoil spoil, String what) throws Exception {
        Path gate = home.resolve("gate");
        try (LaunchedService service = new LaunchedService(home, gated(gate))) {
            MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
            Path movie = service.arrayRoot().resolve("movies/Big/Big.mkv");
            byte[] content = new byte[4 * 1024 * 1024];
            new Random(1).nextBytes(content);
            Files.createDirectories(movie.getParent());
            Files.write(movie, content);
            service.start();
            Api api = new Api(service.uri("/").getPort());
            Path temp = media.cachedPathOf(movie).resolveSibling(".cacherr-tmp-copy-Big.mkv");
            CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> cache(api, movie, null));
            awaitGate(gate, answer); // half of it is copied, the rest waits: the spoiling lands mid-copy, always
            assertTrue(Files.exists(temp), "the copy is under way under its temporary name");
            spoil.apply(movie, media);
            Files.createFile(gate.resolve("resume"));
            HttpResponse<String> response = answer.get(120, TimeUnit.SECONDS);
            System.out.println("FaultInjectionIT: source " + what + " mid-copy: " + response.statusCode() + " "
                    + response.body());
            assertClearError(response);
            assertEquals(409, response.statusCode(), "the original changed under the copy: try later, not a server fault");
            assertTrue(response.body().contains(movie.toString()), "the error names the file: " + response.body());
            assertFalse(Files.isSymbolicLink(movie), "the media path was not swapped");
            assertConsistent(service, api, new MediaLibrary(service.arrayRoot(), service.cacheRoot()));
            assertEquals(0, regularFilesUnder(service.cacheRoot()), "nothing of it is left on the cache");
        }
    }

    // ---- checks ----

    private static void assertClearError(HttpResponse<String> answer) {
        assertTrue(answer.statusCode() >= 400, answer.statusCode() + " " + answer.body());
        assertTrue(answer.body().startsWith("{\"success\":false,\"message\":null,\"data\":null,\"error\":\""),
                answer.body());
        assertFalse(answer.body().contains("internal server error"), "a specific message: " + answer.body());
        assertFalse(answer.body().matches("(?s).*\\bat [a-z]+\\.[\\w.$]+\\(.*"), "no stack trace: " + answer.body());
    }

    /** Originals intact, no temporary file, books sound and true to the disk, nothing in flight. */
    private static void assertConsistent(LaunchedService service, Api api, MediaLibrary media) throws Exception {
        assertEquals(List.of(), media.problems(true));
        assertEquals("ok", Books.integrityCheck(service.database()));
        for (Map.Entry<String, String> active : Books.activeFiles(service.database()).entrySet()) {
            Path cached = Path.of(active.getValue());
            assertTrue(Files.isRegularFile(cached, LinkOption.NOFOLLOW_LINKS), "active but missing: " + active);
            if (media.checksum(Path.of(active.getKey())) != null) {
                assertEquals(media.checksum(Path.of(active.getKey())), MediaLibrary.sha256(cached));
            }
        }
        HttpResponse<String> verify = api.send("POST", "/api/cached/verify", "{\"checksum\":true}");
        assertTrue(verify.body().contains("\"problems\":0"), verify.body());
        HttpResponse<String> inFlight = api.send("GET", "/api/results/operations?active_only=true", null);
        assertTrue(inFlight.body().contains("\"total_count\":0"), inFlight.body());
        assertEquals(200, api.send("GET", "/health", null).statusCode());
    }

    private static long regularFilesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().equals(".cacherr.lock")) // the service's instance lock
                    .count();
        }
    }

    private static HttpResponse<String> cache(Api api, Path file, String method) {
        try {
            return api.cache(file.toString(), "alice", method);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- the machine ----

    private static void mountOrSkip(Path dir, String options) throws Exception {
        int exit = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        Assumptions.assumeTrue(exit == 0, "cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN); the cache"
                + " limit test covers the 507 path instead");
    }

    private static void unmount(Path dir) throws Exception {
        run("umount", dir.toString());
    }

    private static void immutableOrSkip(Path dir) throws Exception {
        int exit = run("chattr", "+i", dir.toString());
        Assumptions.assumeTrue(exit == 0, "cannot make " + dir + " immutable (chattr +i needs root and ext4/xfs);"
                + " as root, permission bits alone would not stop the service");
    }

    private static int run(String... command) throws Exception {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            int exit = process.waitFor();
            if (exit != 0) System.out.println("FaultInjectionIT: " + String.join(" ", command) + " -> " + exit + " " + output);
            return exit;
        } catch (IOException e) {
            System.out.println("FaultInjectionIT: " + String.join(" ", command) + " -> " + e.getMessage());
            return -1;
        }
    }
}
