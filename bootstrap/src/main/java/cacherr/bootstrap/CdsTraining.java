package cacherr.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the class-data-sharing archive ({@code bin/cacherr --make-cds-archive}, run at {@code mvn
 * package}): starts the service on a new database in a temporary directory, on loopback, asks it what a first visit
 * of the page and a client ask, stops it and deletes the directory. The JVM, started with
 * {@code -XX:ArchiveClassesAtExit}, then writes the classes loaded meanwhile to the archive, which later starts map
 * instead of loading and verifying those classes again (docs/PERFORMANCE.md, "Start-up and idle memory").
 */
final class CdsTraining {
    /** Reads and refused writes: the classes of the routes, the JSON both ways, validation and the error envelope. */
    private static final List<String> READS = List.of("/health", "/api/cached/files?limit=50",
            "/api/cached/files?limit=50&offset=100&search=movie&status=active&user_id=user1&sort_by=size",
            "/api/cached/files/search?q=movie&type=all", "/api/cached/files/search?q=mo&type=path",
            "/api/cached/files/0f8fad5b-d9cb-469f-a165-70867728950e", "/api/cached/statistics",
            "/api/cached/users/user1/stats?days=30", "/api/cached/users", "/api/cached/activity",
            "/api/cached/operations?limit=10", "/api/cached/export?format=csv", "/api/cached/export?format=json",
            "/api/results/operations?limit=10", "/api/cached/mover-list", "/metrics", "/api/openapi.json", "/",
            "/cached", "/app.css", "/app/main.js", "/no-such-page");
    private static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/api/cached/files/0f8fad5b-d9cb-469f-a165-70867728950e/access", "{}"},
            new String[] {"POST", "/api/cached/files", "{\"file_path\": \"\"}"},
            new String[] {"POST", "/api/cached/cleanup", "{\"remove_orphaned\": false}"},
            new String[] {"PUT", "/api/cached/files/0f8fad5b-d9cb-469f-a165-70867728950e/users/user1", "{"});

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path home = Files.createTempDirectory("cacherr-cds-training-");
        try {
            Path array = Files.createDirectories(home.resolve("array"));
            Path cache = Files.createDirectories(home.resolve("cache"));
            Configuration config = Configuration.from(Map.of("CACHERR_PORT", String.valueOf(freePort()),
                    "CACHERR_DB_PATH", home.resolve("data/cached_files.db").toString(),
                    "CACHERR_ARRAY_ROOTS", array.toString(), "CACHERR_CACHE_ROOT", cache.toString()));
            try (Service service = Service.start(config)) {
                String base = "http://127.0.0.1:" + service.port();
                for (int round = 0; round < 2; round++) {
                    for (String path : READS) send("GET", base + path, null);
                    for (String[] write : WRITES) send(write[0], base + write[1], write[2]);
                }
            }
        } finally {
            delete(home);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One request; the answer is read to the end and its status does not matter (refusals are trained too). */
    private static void send(String method, String url, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(60_000);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) in.readAllBytes();
        }
        connection.disconnect();
    }

    private static void delete(Path home) {
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
