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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What metrics cost: two packaged services on the same database, one with metrics on and one with
 * {@code CACHERR_METRICS=false}, both up for the whole run; the list endpoint is driven against each in turn, in
 * blocks ordered on, off, off, on (so a drift of the shared machine weighs on both alike), and its requests per second
 * are compared. Then {@code /metrics} is scraped repeatedly: the client's latency, and the server's own time for it
 * (from its {@code http_server_requests_seconds} of route {@code /metrics}).
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
        try (LaunchedService on = new LaunchedService(home, Map.of());
             LaunchedService off = new LaunchedService(home, Map.of("CACHERR_METRICS", "false"))) {
            on.start();
            on.stop();
            BulkBooks.fill(on.database(), files, 42);
            on.start();
            off.start();
            assertEquals(404, off.send("GET", "/metrics", null).statusCode(), "metrics off: no /metrics");

            drive(on, files, clients, warmup); // JIT warm-up of both, not counted
            drive(off, files, clients, warmup);
            long onRequests = 0, offRequests = 0;
            for (int round = 0; round < rounds; round++) {
                onRequests += drive(on, files, clients, seconds);
                offRequests += drive(off, files, clients, seconds);
                offRequests += drive(off, files, clients, seconds);
                onRequests += drive(on, files, clients, seconds);
            }
            double onRate = onRequests / (2.0 * rounds * seconds);
            double offRate = offRequests / (2.0 * rounds * seconds);

            List<Double> clientMillis = new ArrayList<>();
            String exposition = null;
            for (int i = 0; i < scrapes + 5; i++) {
                long began = System.nanoTime();
                HttpResponse<String> scrape = get(on, "/metrics");
                long nanos = System.nanoTime() - began;
                assertEquals(200, scrape.statusCode());
                if (i >= 5) clientMillis.add(nanos / 1e6); // the first few warm the JIT
                exposition = scrape.body();
            }
            assertTrue(exposition.contains("cacherr_files{status=\"active\"}"), exposition);
            double serverMillis = 1000 * number(SCRAPE_SUM, exposition) / number(SCRAPE_COUNT, exposition);
            Collections.sort(clientMillis);

            String report = String.format(Locale.ROOT, "# Metrics: overhead and scrape cost%n%n"
                            + "%,d files, %d clients, %d rounds of blocks of %d s (on, off, off, on)%n%n"
                            + "| metrics | list requests | list req/s |%n|---|---:|---:|%n"
                            + "| on | %,d | %.1f |%n| off | %,d | %.1f |%n%n"
                            + "Throughput with metrics on: %.2f %% of off (overhead %.2f %%).%n%n"
                            + "Scrape (%d after 5 warm-up): client p50 %.2f ms, p90 %.2f ms, max %.2f ms; "
                            + "server mean %.2f ms (all %d scrapes); exposition %,d bytes, %,d lines.%n",
                    files, clients, rounds, seconds, onRequests, onRate, offRequests, offRate,
                    100 * onRate / offRate, 100 * (1 - onRate / offRate), scrapes, percentile(clientMillis, 50),
                    percentile(clientMillis, 90), clientMillis.get(clientMillis.size() - 1), serverMillis,
                    scrapes + 5, exposition.length(), exposition.split("\n").length);
            System.out.println(report);
            Files.writeString(LaunchedService.projectRoot().resolve("bootstrap/target/metrics-report.md"), report,
                    StandardCharsets.UTF_8);
            assertTrue(onRequests > 0 && offRequests > 0, "both services answered");
        }
    }

    /** {@code clients} threads read random pages of 50 for {@code seconds}; returns the 200s they got. */
    private long drive(LaunchedService service, int files, int clients, int seconds) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline) {
                    int offset = ThreadLocalRandom.current().nextInt(Math.max(1, files - 50));
                    try {
                        if (get(service, "/api/cached/files?limit=50&offset=" + offset).statusCode() == 200) {
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
        return ok.get();
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

    private static double percentile(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
