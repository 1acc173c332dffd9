package cacherr.bootstrap.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.LaunchedService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many concurrent clients mix reads and writes against the packaged service over a database of many files, for a
 * bounded time: no 5xx, no SQLITE_BUSY reaching a client, and no lost update (the access counts of the hot files
 * equal the 200s their POST /access got). Records requests per second and p50/p99 per endpoint, with /health of the
 * same server in the same run as the baseline, the process's RSS, and the start-up time to the first answer.
 *
 * <p>Suite: 5,000 files, 8 clients, 5 s. Long: {@code bench/load.sh} (100,000 files, 16 clients, 10 s warm-up, 60 s),
 * or {@code -Dcacherr.load.files -Dcacherr.load.clients -Dcacherr.load.seconds -Dcacherr.load.warmup}. The report goes to
 * {@code bootstrap/target/load-report.md}.
 */
class LoadIT {
    private static final Pattern ACCESS_COUNT = Pattern.compile("\"access_count\":(\\d+)");
    private static final int HOT = 200;

    private record Endpoint(String name, int weight) {
    }

    private static final List<Endpoint> MIX = List.of(new Endpoint("GET /health", 10),
            new Endpoint("GET /api/cached/files?limit=50&offset=…", 15), new Endpoint("GET /api/cached/files/{id}", 20),
            new Endpoint("GET /api/cached/files/search?q=…", 10), new Endpoint("GET /api/cached/statistics", 10),
            new Endpoint("POST /api/cached/files/{id}/access", 30),
            new Endpoint("PUT /api/cached/files/{id}/users/{user}", 5));

    @Test
    void concurrentClientsGetNo5xxNoBusyAndEveryAccessCounted(@TempDir Path home) throws Exception {
        int files = Integer.getInteger("cacherr.load.files", 5_000);
        int clients = Integer.getInteger("cacherr.load.clients", 8);
        int seconds = Integer.getInteger("cacherr.load.seconds", 5);
        int warmup = Integer.getInteger("cacherr.load.warmup", 0);
        try (LaunchedService service = new LaunchedService(home, Map.of())) {
            service.start();
            service.stop();
            long filled = System.nanoTime();
            BulkBooks.fill(service.database(), files, 42);
            long fillMillis = (System.nanoTime() - filled) / 1_000_000;
            assertEquals(files, Books.count(service.database(), "SELECT count(*) FROM cached_files"));

            long startMillis = service.start();
            Run run = new Run(service, files);
            if (warmup > 0) {
                run.drive(clients, warmup); // the JIT warms up; accesses still count, latencies are forgotten
                run.latencies.clear();
                run.statuses.clear();
            }
            Instant began = Instant.now();
            long elapsedNanos = run.drive(clients, seconds);
            String rss = proc(service.pid(), "VmRSS");
            String hwm = proc(service.pid(), "VmHWM");

            Map<String, Long> lost = new LinkedHashMap<>();
            for (int hot = 0; hot < HOT; hot++) {
                String id = BulkBooks.id(hot);
                long expected = run.accessOk.getOrDefault(id, new AtomicLong()).get();
                HttpResponse<String> file = run.send("GET", "/api/cached/files/" + id, null);
                Matcher m = ACCESS_COUNT.matcher(file.body());
                assertTrue(m.find(), file.body());
                if (Long.parseLong(m.group(1)) != expected) lost.put(id, expected - Long.parseLong(m.group(1)));
            }
            String report = run.report(files, clients, seconds, elapsedNanos, startMillis, fillMillis, rss, hwm, began);
            System.out.println(report);
            Path out = LaunchedService.projectRoot().resolve("bootstrap/target/load-report.md");
            Files.writeString(out, report, StandardCharsets.UTF_8);

            assertEquals(List.of(), run.serverErrors, "no 5xx and no SQLITE_BUSY reached a client");
            assertEquals(Map.of(), lost, "access counts add up exactly (expected minus counted, per file)");
            assertTrue(run.total() > 0, "the load ran");
        }
    }

    private static String proc(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1).strip();
        }
        return "?";
    }

    /** One load run: the clients, their latencies per endpoint, the 200s of each hot file's accesses. */
    private static final class Run {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        final LaunchedService service;
        final int files;
        final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> accessOk = new ConcurrentHashMap<>();
        final List<String> serverErrors = new CopyOnWriteArrayList<>();

        Run(LaunchedService service, int files) {
            this.service = service;
            this.files = files;
        }

        long drive(int clients, int seconds) throws InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long began = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                Random random = new Random(c);
                pool.submit(() -> {
                    Map<String, List<Long>> mine = new LinkedHashMap<>();
                    while (System.nanoTime() < deadline) one(random, mine);
                    mine.forEach((name, list) -> latencies.computeIfAbsent(name, n -> Collections.synchronizedList(
                            new ArrayList<>())).addAll(list));
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
            return System.nanoTime() - began;
        }

        private void one(Random random, Map<String, List<Long>> mine) throws IOException, InterruptedException {
            Endpoint endpoint = pick(random);
            String id = BulkBooks.id(random.nextInt(files));
            String hot = BulkBooks.id(random.nextInt(HOT));
            String method = "GET";
            String path;
            String body = null;
            switch (MIX.indexOf(endpoint)) {
                case 0: path = "/health"; break;
                case 1: path = "/api/cached/files?limit=50&offset=" + random.nextInt(Math.max(1, files - 50)); break;
                case 2: path = "/api/cached/files/" + id; break;
                case 3: path = "/api/cached/files/search?limit=20&q=Movie%20" + random.nextInt(files); break;
                case 4: path = "/api/cached/statistics"; break;
                case 5:
                    method = "POST";
                    path = "/api/cached/files/" + hot + "/access";
                    body = "{\"user_id\":\"user" + random.nextInt(BulkBooks.USERS) + "\"}";
                    break;
                default:
                    method = "PUT";
                    path = "/api/cached/files/" + id + "/users/loaduser" + random.nextInt(20);
                    body = "{\"reason\":\"load\"}";
            }
            long start = System.nanoTime();
            HttpResponse<String> answer = send(method, path, body);
            mine.computeIfAbsent(endpoint.name(), n -> new ArrayList<>()).add(System.nanoTime() - start);
            statuses.computeIfAbsent(endpoint.name() + " " + answer.statusCode(), s -> new AtomicLong()).incrementAndGet();
            if (answer.statusCode() >= 500 || answer.body().contains("SQLITE_BUSY")) {
                if (serverErrors.size() < 20) serverErrors.add(method + " " + path + " -> " + answer.statusCode() + " "
                        + answer.body());
            }
            if (MIX.indexOf(endpoint) == 5 && answer.statusCode() == 200) {
                accessOk.computeIfAbsent(hot, h -> new AtomicLong()).incrementAndGet();
            }
        }

        private static Endpoint pick(Random random) {
            int roll = random.nextInt(100);
            for (Endpoint e : MIX) {
                if ((roll -= e.weight()) < 0) return e;
            }
            return MIX.get(0);
        }

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.uri(path).toString()))
                    .timeout(Duration.ofSeconds(60));
            request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        long total() {
            return latencies.values().stream().mapToLong(List::size).sum();
        }

        String report(int files, int clients, int seconds, long elapsedNanos, long startMillis, long fillMillis,
                      String rss, String hwm, Instant began) {
            double secs = elapsedNanos / 1e9;
            double[] health = percentiles(latencies.getOrDefault(MIX.get(0).name(), List.of()));
            StringBuilder out = new StringBuilder();
            out.append(String.format("Load run %s: %,d files, %d clients, %d s measured (%.1f s), %,d requests,"
                    + " %.0f requests/s in all%n", began, files, clients, seconds, secs, total(), total() / secs));
            out.append(String.format("Start-up to first answered request: %,d ms; bulk fill: %,d ms; RSS after the"
                    + " run: %s (peak %s)%n%n", startMillis, fillMillis, rss, hwm));
            out.append("| endpoint | requests | req/s | p50 ms | p99 ms | p50 ÷ /health p50 | p99 ÷ /health p99 |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Endpoint e : MIX) {
                List<Long> list = latencies.getOrDefault(e.name(), List.of());
                double[] p = percentiles(list);
                out.append(String.format("| `%s` | %,d | %.0f | %.2f | %.2f | %.1f | %.1f |%n", e.name(), list.size(),
                        list.size() / secs, p[0], p[1], p[0] / health[0], p[1] / health[1]));
            }
            out.append("\nStatuses: ").append(new java.util.TreeMap<>(statuses)).append('\n');
            out.append("Server errors (5xx or SQLITE_BUSY): ").append(serverErrors.size()).append('\n');
            out.append("Accesses counted (200s of POST /access on the ").append(HOT).append(" hot files): ")
                    .append(accessOk.values().stream().mapToLong(AtomicLong::get).sum()).append('\n');
            return out.toString();
        }

        private static double[] percentiles(List<Long> nanos) {
            if (nanos.isEmpty()) return new double[] {Double.NaN, Double.NaN};
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            return new double[] {sorted.get((int) (sorted.size() * 0.50)) / 1e6,
                    sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6};
        }
    }
}
