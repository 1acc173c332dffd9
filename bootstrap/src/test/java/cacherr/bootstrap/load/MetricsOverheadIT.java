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
 * What metrics cost: two packaged services on copies of the same database (filled, then started once), one with
 * metrics on and one with {@code CACHERR_METRICS=false}, both up for the whole run. The list endpoint (its first page,
 * the cheapest page, so the relative cost of metrics is the largest) is driven against each in turn, in short blocks
 * ordered on, off, off, on (so a drift of the shared machine weighs on both alike): requests per second, the ratio per
 * round, and each service's CPU time per request (from {@code /proc/PID/stat}, over its own blocks). Then the same
 * clients ask both services request by request, so both see the machine in the same moments. Then {@code /metrics} is
 * scraped repeatedly, each scrape followed by {@code /health} as the baseline: the client's latency, the server's own
 * time per scrape (the growth of its {@code http_server_requests_seconds} sum of route {@code /metrics}) and the part
 * reading the books ({@code cacherr_metrics_refresh_seconds}), and the CPU a scrape costs the service.
 *
 * <p>Suite: 2,000 files, 2 clients, blocks of 1 s, one round — it checks the harness, not the figures (no timed
 * assertion). Long: {@code bench/metrics.sh} (100,000 files). The report goes to
 * {@code bootstrap/target/metrics-report.md}.
 */
class MetricsOverheadIT {
    private static final Pattern SCRAPE_SUM = Pattern.compile(
            "http_server_requests_seconds_sum\\{method=\"GET\",route=\"/metrics\",status=\"2xx\"} (\\S+)");

    private static final Pattern REFRESH_SUM = Pattern.compile("cacherr_metrics_refresh_seconds_sum (\\S+)");

    /** {@code -Dcacherr.metrics.control=true}: both services with metrics on, to see what the harness alone shows. */
    private static final boolean CONTROL = Boolean.getBoolean("cacherr.metrics.control");

    /** Linux's USER_HZ, the unit of the CPU times in {@code /proc/PID/stat}. */
    private static final double TICKS_PER_SECOND = 100;

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
        int scrapeWarmup = Integer.getInteger("cacherr.metrics.scrapeWarmup", 6); // not counted: JIT, first meters
        // Two homes: one service per database and cache root (the second would be refused), the same books in both.
        try (LaunchedService on = new LaunchedService(home.resolve("on"), Map.of());
             LaunchedService off = new LaunchedService(home.resolve("off"),
                     Map.of("CACHERR_METRICS", CONTROL ? "true" : "false"))) {
            on.start();
            on.stop();
            // -Dcacherr.metrics.books=FILE keeps the filled books (after one start on them) for the next run
            String kept = System.getProperty("cacherr.metrics.books", "");
            Path books = kept.isBlank() ? null : Path.of(kept + "." + files);
            if (books != null && Files.exists(books)) {
                copyDatabase(books, on.database());
            } else {
                BulkBooks.fill(on.database(), files, 42);
                on.start();
                on.stop();
                if (books != null) copyDatabase(on.database(), books);
            }
            copyDatabase(on.database(), off.database());
            on.start();
            off.start();
            assertEquals(CONTROL ? 200 : 404, off.send("GET", "/metrics", null).statusCode(),
                    "metrics off: no /metrics");

            String loadBefore = loadAverage();
            drive(on, clients, warmup); // JIT warm-up of both, not counted
            drive(off, clients, warmup);
            Block onTotal = new Block(0, 0, 0);
            Block offTotal = new Block(0, 0, 0);
            List<Double> roundRatios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Block onRound = drive(on, clients, seconds);
                Block offRound = drive(off, clients, seconds);
                offRound = offRound.plus(drive(off, clients, seconds));
                onRound = onRound.plus(drive(on, clients, seconds));
                roundRatios.add(100.0 * onRound.requests / Math.max(1, offRound.requests));
                onTotal = onTotal.plus(onRound);
                offTotal = offTotal.plus(offRound);
            }
            // Then every client asks both services in turn (on then off, off then on, ...): both see the machine in
            // the same moments, so its drift cancels; each service's CPU is read over the same period.
            Block[] mixed = interleaved(on, off, clients, 2 * rounds * seconds);
            String loadAfterLists = loadAverage();
            double onRate = onTotal.requests / (2.0 * rounds * seconds);
            double offRate = offTotal.requests / (2.0 * rounds * seconds);
            Collections.sort(roundRatios);

            // Scrapes alternate with /health, the baseline of the same server in the same moment. The server's time
            // of scrape i is the growth of its /metrics timer's sum seen by scrape i + 1 (nothing else scrapes).
            List<Double> scrapeMillis = new ArrayList<>();
            List<Double> healthMillis = new ArrayList<>();
            List<Double> serverScrapeMillis = new ArrayList<>();
            List<Double> refreshScrapeMillis = new ArrayList<>();
            String exposition = null;
            double lastSum = 0;
            double lastRefresh = 0;
            long scrapeCpu = 0;
            for (int i = 0; i < scrapes + scrapeWarmup; i++) {
                long cpuBefore = cpuTicks(on);
                long began = System.nanoTime();
                HttpResponse<String> scrape = get(on, "/metrics");
                long scraped = System.nanoTime();
                assertEquals(200, get(on, "/health").statusCode());
                long healthy = System.nanoTime();
                assertEquals(200, scrape.statusCode());
                exposition = scrape.body();
                double sum = SCRAPE_SUM.matcher(exposition).find() ? number(SCRAPE_SUM, exposition) : 0; // none before
                double refresh = number(REFRESH_SUM, exposition);
                if (i >= scrapeWarmup && i > 0) { // the first warm the JIT (and scrape 0 has no timer before it)
                    scrapeCpu += cpuTicks(on) - cpuBefore;
                    scrapeMillis.add((scraped - began) / 1e6);
                    healthMillis.add((healthy - scraped) / 1e6);
                    serverScrapeMillis.add(1000 * (sum - lastSum));
                    refreshScrapeMillis.add(1000 * (refresh - lastRefresh));
                }
                lastSum = sum;
                lastRefresh = refresh;
            }
            assertTrue(exposition.contains("cacherr_files{status=\"active\"}"), exposition);
            // The same number of /health alone: the CPU a scrape costs is the difference.
            long healthCpu = 0;
            for (int i = 0; i < scrapes; i++) {
                long cpuBefore = cpuTicks(on);
                assertEquals(200, get(on, "/health").statusCode());
                healthCpu += cpuTicks(on) - cpuBefore;
            }
            double scrapeCpuMillis = (scrapeCpu - healthCpu) * 1000.0 / TICKS_PER_SECOND / scrapes;
            Collections.sort(scrapeMillis);
            Collections.sort(healthMillis);
            Collections.sort(serverScrapeMillis);
            Collections.sort(refreshScrapeMillis);

            String report = String.format(Locale.ROOT, "# Metrics: overhead and scrape cost%s%n%n"
                            + "%,d files; `GET /api/cached/files` (first page of 50), %d clients; %d rounds of"
                            + " blocks of %d s in the order on, off, off, on. Load average (1, 5, 15 min): %s before,"
                            + " %s after the lists, %s after the scrapes.%n%n"
                            + "| metrics | list requests | list req/s | mean latency ms | CPU ms per request |%n"
                            + "|---|---:|---:|---:|---:|%n"
                            + "| on | %,d | %.1f | %.2f | %.3f |%n| off | %,d | %.1f | %.2f | %.3f |%n%n"
                            + "Throughput with metrics on: %.2f %% of off (overhead %.2f %%); per round, on ÷ off:"
                            + " median %.1f %%, range %.1f–%.1f %%. CPU per request (the service's user + system"
                            + " time over its blocks): on ÷ off %.2f %%.%n%n"
                            + "Interleaved (each client asks on and off in turn for %d s): %,d requests each; mean"
                            + " latency on %.2f ms, off %.2f ms (on ÷ off %.2f %%); CPU per request on %.3f ms, off"
                            + " %.3f ms (on ÷ off %.2f %%).%n%n"
                            + "| %d scrapes (after %d not counted), each followed by `GET /health` | p50 ms | p90 ms"
                            + " | p99 ms | max ms |%n"
                            + "|---|---:|---:|---:|---:|%n"
                            + "| `GET /metrics`, server (its timer) | %.2f | %.2f | %.2f | %.2f |%n"
                            + "| of which reading the books and the drive | %.2f | %.2f | %.2f | %.2f |%n"
                            + "| `GET /metrics`, client | %.2f | %.2f | %.2f | %.2f |%n"
                            + "| `GET /health`, client | %.2f | %.2f | %.2f | %.2f |%n%n"
                            + "CPU per scrape (the service's CPU over scrapes and /health, less the same number of"
                            + " /health alone): %.2f ms. Exposition: %,d bytes, %,d lines.%n",
                    CONTROL ? " (control run: metrics on in both services)" : "",
                    files, clients, rounds, seconds, loadBefore, loadAfterLists, loadAverage(),
                    onTotal.requests, onRate, onTotal.meanMillis(), onTotal.cpuMillisPerRequest(),
                    offTotal.requests, offRate, offTotal.meanMillis(), offTotal.cpuMillisPerRequest(),
                    100 * onRate / offRate, 100 * (1 - onRate / offRate), percentile(roundRatios, 50),
                    roundRatios.get(0), max(roundRatios),
                    100 * onTotal.cpuMillisPerRequest() / offTotal.cpuMillisPerRequest(),
                    2 * rounds * seconds, mixed[0].requests, mixed[0].meanMillis(), mixed[1].meanMillis(),
                    100 * mixed[0].meanMillis() / mixed[1].meanMillis(), mixed[0].cpuMillisPerRequest(),
                    mixed[1].cpuMillisPerRequest(), 100 * mixed[0].cpuMillisPerRequest() / mixed[1].cpuMillisPerRequest(),
                    scrapes, scrapeWarmup,
                    percentile(serverScrapeMillis, 50), percentile(serverScrapeMillis, 90),
                    percentile(serverScrapeMillis, 99), max(serverScrapeMillis),
                    percentile(refreshScrapeMillis, 50), percentile(refreshScrapeMillis, 90),
                    percentile(refreshScrapeMillis, 99), max(refreshScrapeMillis),
                    percentile(scrapeMillis, 50), percentile(scrapeMillis, 90), percentile(scrapeMillis, 99),
                    max(scrapeMillis), percentile(healthMillis, 50), percentile(healthMillis, 90),
                    percentile(healthMillis, 99), max(healthMillis), scrapeCpuMillis, exposition.length(),
                    exposition.split("\n").length);
            System.out.println(report);
            Files.writeString(LaunchedService.projectRoot().resolve("bootstrap/target/metrics-report.md"), report,
                    StandardCharsets.UTF_8);
            assertTrue(onTotal.requests > 0 && offTotal.requests > 0, "both services answered");
            on.stop(); // a clean stop (a flight recording given in CACHERR_JAVA_OPTS is written then)
            off.stop();
        }
    }

    /** Requests answered in a block, the sum of their latencies and the CPU the service used meanwhile. */
    private record Block(long requests, long nanos, long cpuTicks) {
        Block plus(Block other) {
            return new Block(requests + other.requests, nanos + other.nanos, cpuTicks + other.cpuTicks);
        }

        double meanMillis() {
            return requests == 0 ? 0 : nanos / 1e6 / requests;
        }

        double cpuMillisPerRequest() {
            return requests == 0 ? 0 : cpuTicks * 1000.0 / TICKS_PER_SECOND / requests;
        }
    }

    /** {@code clients} threads read the first page of 50 for {@code seconds}; returns the 200s and their time. */
    private Block drive(LaunchedService service, int clients, int seconds) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long cpuBefore = cpuTicks(service);
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
        return new Block(ok.get(), nanos.get(), cpuTicks(service) - cpuBefore);
    }

    /**
     * {@code clients} threads each read the first page from {@code a} and {@code b} in turn, alternating which goes
     * first, for {@code seconds}; returns the block of each, their CPU read over the same whole period.
     */
    private Block[] interleaved(LaunchedService a, LaunchedService b, int clients, int seconds)
            throws InterruptedException {
        LaunchedService[] services = {a, b};
        AtomicLong[] ok = {new AtomicLong(), new AtomicLong()};
        AtomicLong[] nanos = {new AtomicLong(), new AtomicLong()};
        AtomicLong other = new AtomicLong();
        long[] cpuBefore = {cpuTicks(a), cpuTicks(b)};
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int first = c % 2;
            pool.execute(() -> {
                for (long turn = first; System.nanoTime() < deadline; turn++) {
                    for (int k = 0; k < 2; k++) {
                        int s = (int) ((turn + k) % 2);
                        long began = System.nanoTime();
                        try {
                            if (get(services[s], "/api/cached/files?limit=50").statusCode() == 200) {
                                nanos[s].addAndGet(System.nanoTime() - began);
                                ok[s].incrementAndGet();
                            } else {
                                other.incrementAndGet();
                            }
                        } catch (Exception e) {
                            other.incrementAndGet();
                        }
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS), "clients finished");
        assertEquals(0, other.get(), "every list request answered 200");
        return new Block[] {new Block(ok[0].get(), nanos[0].get(), cpuTicks(a) - cpuBefore[0]),
                new Block(ok[1].get(), nanos[1].get(), cpuTicks(b) - cpuBefore[1])};
    }

    private HttpResponse<String> get(LaunchedService service, String path) throws Exception {
        URI uri = service.uri(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The user and system CPU time of the service's process so far, in clock ticks ({@code /proc/PID/stat}). */
    private static long cpuTicks(LaunchedService service) {
        try {
            String stat = Files.readString(Path.of("/proc/" + service.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // not Linux: the CPU column shows 0
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
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
            } else {
                Files.deleteIfExists(Path.of(to + suffix)); // a log left by an earlier start must not replay
            }
        }
        Files.deleteIfExists(Path.of(to + "-shm"));
    }
}
