package cacherr.bootstrap.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.LaunchedService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What metrics cost: two packaged services on the same database, one with metrics on and one with
 * {@code CACHERR_METRICS=false}, both up for the whole run; the list endpoint (its first page, the cheapest page, so
 * the relative cost of metrics is the largest) is driven against each in turn, in short blocks ordered on, off, off,
 * on (so a drift of the shared machine weighs on both alike), and its requests per second are compared. Then
 * {@code /metrics} is scraped repeatedly, each scrape followed by {@code /health} as the baseline: the client's
 * latency, and the server's own time (its {@code http_server_requests_seconds} of route {@code /metrics}, and
 * {@code cacherr_metrics_refresh_seconds} for reading the books).
 *
 * <p>Suite: 2,000 files, 2 clients, blocks of 1 s, one round — it checks the harness, not the figures (no timed
 * assertion). Long: {@code bench/metrics.sh} (100,000 files). The report goes to
 * {@code bootstrap/target/metrics-report.md}.
 */
class MetricsOverheadIT {
    private static final Pattern SCRAPE_SUM = Pattern.compile(
            "http_server_requests_seconds_sum\\{method=\"GET\",route=\"/metrics\",status=\"2xx\"} (\\S+)");
    private static final Pattern SCRAPE_COUNT = Pattern.compile(
            "http_server_requests_seconds_count\\{method=\"GET\",route=\"/metrics\",status=\"2xx\"} (\\S+)");

    private static final Pattern REFRESH_SUM = Pattern.compile("cacherr_metrics_refresh_seconds_sum (\\S+)");
    private static final Pattern REFRESH_COUNT = Pattern.compile("cacherr_metrics_refresh_seconds_count (\\S+)");

    /** {@code -Dcacherr.metrics.control=true}: both services with metrics on, to see what the harness alone shows. */
    private static final boolean CONTROL = Boolean.getBoolean("cacherr.metrics.control");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void listThroughputWithMetricsOnAndOffAndTheCostOfAScrape(@TempDir Path home) throws Exception {
        int files = Integer.getInteger("cacherr.metrics.files", 2_000);
        int clients = Integer.getInteger("cacherr.metrics.clients", 2);
        int seconds = Integer.getInteger("cacherr.metrics.seconds", 1);
        int rounds = Integer.getInteger("cacherr.metrics.rounds", 1);
        int warmup = Integer.getInteger("cacherr.metrics.warmup", 1);
        int scrapes = Integer.getInteger("cacherr.metrics.scrapes", 20);
        // Two homes: one service per database and cache root (the second would be refused), the same books in both.
        try (LaunchedService on = new LaunchedService(home.resolve("on"), Map.of());
             LaunchedService off = new LaunchedService(home.resolve("off"),
                     Map.of("CACHERR_METRICS", CONTROL ? "true" : "false"))) {
            on.start();
            on.stop();
            BulkBooks.fill(on.database(), files, 42);
            copyDatabase(on.database(), off.database());
            on.start();
            off.start();
            assertEquals(CONTROL ? 200 : 404, off.send("GET", "/metrics", null).statusCode(),
                    "metrics off: no /metrics");

            drive(on, clients, warmup); // JIT warm-up of both, not counted
            drive(off, clients, warmup);
            Block onTotal = new Block(0, 0);
            Block offTotal = new Block(0, 0);
            for (int round = 0; round < rounds; round++) {
                onTotal = onTotal.plus(drive(on, clients, seconds));
                offTotal = offTotal.plus(drive(off, clients, seconds));
                offTotal = offTotal.plus(drive(off, clients, seconds));
                onTotal = onTotal.plus(drive(on, clients, seconds));
            }
            double onRate = onTotal.requests / (2.0 * rounds * seconds);
            double offRate = offTotal.requests / (2.0 * rounds * seconds);

            // Scrapes alternate with /health, the baseline of the same server in the same moment.
            List<Double> scrapeMillis = new ArrayList<>();
            List<Double> healthMillis = new ArrayList<>();
            String exposition = null;
            for (int i = 0; i < scrapes + 5; i++) {
                long began = System.nanoTime();
                HttpResponse<String> scrape = get(on, "/metrics");
                long scraped = System.nanoTime();
                assertEquals(200, get(on, "/health").statusCode());
                long healthy = System.nanoTime();
                assertEquals(200, scrape.statusCode());
                if (i >= 5) { // the first few warm the JIT
                    scrapeMillis.add((scraped - began) / 1e6);
                    healthMillis.add((healthy - scraped) / 1e6);
                }
                exposition = scrape.body();
            }
            assertTrue(exposition.contains("cacherr_files{status=\"active\"}"), exposition);
            double serverMillis = 1000 * number(SCRAPE_SUM, exposition) / number(SCRAPE_COUNT, exposition);
            double refreshMillis = 1000 * number(REFRESH_SUM, exposition) / number(REFRESH_COUNT, exposition);
            Collections.sort(scrapeMillis);
            Collections.sort(healthMillis);

            String report = String.format(Locale.ROOT, "# Metrics: overhead and scrape cost%s%n%n"
                            + "%,d files; `GET /api/cached/files` (first page of 50), %d clients; %d rounds of"
                            + " blocks of %d s in the order on, off, off, on%n%n"
                            + "| metrics | list requests | list req/s | mean latency ms |%n|---|---:|---:|---:|%n"
                            + "| on | %,d | %.1f | %.2f |%n| off | %,d | %.1f | %.2f |%n%n"
                            + "Throughput with metrics on: %.2f %% of off (overhead %.2f %%).%n%n"
                            + "| %d scrapes, each followed by `GET /health` | p50 ms | p90 ms | max ms |%n"
                            + "|---|---:|---:|---:|%n| `GET /metrics` (client) | %.2f | %.2f | %.2f |%n"
                            + "| `GET /health` (client) | %.2f | %.2f | %.2f |%n%n"
                            + "Server side, mean of all %d scrapes: %.2f ms per scrape, of which %.2f ms reading the"
                            + " books and the drive. Exposition: %,d bytes, %,d lines.%n",
                    CONTROL ? " (control run: metrics on in both services)" : "",
                    files, clients, rounds, seconds, onTotal.requests, onRate, onTotal.meanMillis(), offTotal.requests,
                    offRate, offTotal.meanMillis(), 100 * onRate / offRate, 100 * (1 - onRate / offRate), scrapes,
                    percentile(scrapeMillis, 50), percentile(scrapeMillis, 90), max(scrapeMillis),
                    percentile(healthMillis, 50), percentile(healthMillis, 90), max(healthMillis), scrapes + 5,
                    serverMillis, refreshMillis, exposition.length(), exposition.split("\n").length);
            System.out.println(report);
            Files.writeString(LaunchedService.projectRoot().resolve("bootstrap/target/metrics-report.md"), report,
                    StandardCharsets.UTF_8);
            assertTrue(onTotal.requests > 0 && offTotal.requests > 0, "both services answered");
        }
    }

    /** Requests answered in a block and the sum of their latencies. */
    private record Block(long requests, long nanos) {
        Block plus(Block other) {
            return new Block(requests + other.requests, nanos + other.nanos);
        }

        double meanMillis() {
            return requests == 0 ? 0 : nanos / 1e6 / requests;
        }
    }

    /** {@code clients} threads read the first page of 50 for {@code seconds}; returns the 200s and their time. */
    private Block drive(LaunchedService service, int clients, int seconds) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline) {
                    long began = System.nanoTime();
                    try {
                        if (get(service, "/api/cached/files?limit=50").statusCode() == 200) {
                            nanos.addAndGet(System.nanoTime() - began);
                            ok.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS), "clients finished");
        assertEquals(0, other.get(), "every list request answered 200");
        return new Block(ok.get(), nanos.get());
    }

    private HttpResponse<String> get(LaunchedService service, String path) throws Exception {
        URI uri = service.uri(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), pattern + " not in the exposition");
        return Double.parseDouble(m.group(1));
    }

    private static double max(List<Double> sorted) {
        return sorted.get(sorted.size() - 1);
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** A stopped service's database (and its write-ahead log, if one is left) copied for a second service. */
    private static void copyDatabase(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to.getParent());
        for (String suffix : List.of("", "-wal")) {
            Path source = Path.of(from + suffix);
            if (Files.exists(source)) {
                Files.copy(source, Path.of(to + suffix),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
