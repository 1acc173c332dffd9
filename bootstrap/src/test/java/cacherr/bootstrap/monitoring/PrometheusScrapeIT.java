package cacherr.bootstrap.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cacherr.bootstrap.fixtures.LaunchedService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service's {@code /metrics} on the module path (Micrometer and the Prometheus client are automatic
 * modules; the JVM binders need jdk.management resolved; HikariCP must reach Micrometer), checked by promtool and
 * scraped once by a real Prometheus server on loopback. Both come from Debian's {@code prometheus} package; without it
 * the test is skipped, unless {@code CACHERR_REQUIRE_PROMTOOL=true} (CI), which makes that a failure.
 */
class PrometheusScrapeIT {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void requirePrometheus() {
        boolean present = Files.isExecutable(PROMTOOL) && Files.isExecutable(PROMETHEUS);
        if (!present && "true".equalsIgnoreCase(System.getenv("CACHERR_REQUIRE_PROMTOOL"))) {
            fail("CACHERR_REQUIRE_PROMTOOL is set but promtool and prometheus are missing: "
                    + "apt-get install -y prometheus");
        }
        assumeTrue(present, "skipped: needs Debian's prometheus package (apt-get install -y prometheus)");
    }

    @Test
    void thePackagedServiceExposesEveryFamilyAndARealPrometheusScrapesIt(@TempDir Path home) throws Exception {
        requirePrometheus();
        try (LaunchedService service = new LaunchedService(home, Map.of())) {
            Path movie = service.arrayRoot().resolve("movies/Heat.mkv");
            Files.createDirectories(movie.getParent());
            Files.write(movie, new byte[64 * 1024]);
            service.start();
            HttpResponse<String> cached = service.send("POST", "/api/cached/files", "{\"file_path\":\"" + movie
                    + "\",\"triggered_by_operation\":\"watchlist\",\"user_id\":\"alice\"}");
            assertEquals(201, cached.statusCode(), cached.body());

            HttpResponse<String> metrics = service.send("GET", "/metrics", null);
            assertEquals(200, metrics.statusCode());
            String text = metrics.body();
            for (String expected : new String[] {
                    "cacherr_operations_seconds_count{action=\"cache\",method=\"atomic_symlink\","
                            + "outcome=\"success\"} 1",
                    "cacherr_copy_bytes_total 65536", "cacherr_files{status=\"active\"} 1",
                    "hikaricp_connections_max{pool=\"cacherr-sqlite\"}", "jvm_gc_max_data_size_bytes",
                    "process_files_open_files", "cacherr_db_read_seconds_count",
                    "http_server_requests_seconds_count{method=\"POST\",route=\"/api/cached/files\","
                            + "status=\"2xx\"} 1"}) {
                assertTrue(text.contains(expected), expected + " is missing from:\n" + text);
            }
            assertEquals("", promtool(text), "promtool check metrics");
            List<String> dashboard = everyDashboardSeriesIsExposed(text);

            assertEquals("1", scrapedOnceByPrometheus(home, service.uri("/").getPort(), dashboard));
        }
    }

    /** docs/grafana-dashboard.json asks only for families the service exposes (a renamed meter breaks this). */
    private static List<String> everyDashboardSeriesIsExposed(String exposition) throws IOException {
        String dashboard = Files.readString(LaunchedService.projectRoot().resolve("docs/grafana-dashboard.json"));
        Matcher expr = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(dashboard);
        Set<String> names = new TreeSet<>();
        List<String> queries = new ArrayList<>();
        while (expr.find()) {
            queries.add(expr.group(1).replace("\\\"", "\"").replace("$job", "cacherr")
                    .replace("$__rate_interval", "1m"));
            Matcher name = Pattern.compile("\\b((?:cacherr|http|hikaricp|jvm|process|system)_[a-z_]+)\\b")
                    .matcher(expr.group(1));
            while (name.find()) names.add(name.group(1));
        }
        assertTrue(names.size() > 15, "the dashboard's series: " + names);
        for (String name : names) {
            assertTrue(Pattern.compile("(?m)^" + name + "[{ ]").matcher(exposition).find(),
                    "the dashboard asks for " + name + ", which /metrics does not expose");
        }
        return queries;
    }

    private static String promtool(String exposition) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    /**
     * Starts Prometheus on loopback with a temporary configuration and data directory; once it has scraped, it runs
     * {@code queries} (each must be valid PromQL); returns {@code up}'s value.
     */
    private static String scrapedOnceByPrometheus(Path home, int cacherrPort, List<String> queries) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: cacherr\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + cacherrPort + "']\n");
        Path log = home.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI query = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode("up{job=\"cacherr\"}", StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); // waiting for it, not timing it
            while (System.nanoTime() < deadline) {
                if (!prometheus.isAlive()) fail("prometheus exited:\n" + Files.readString(log));
                String answer = get(query);
                int at = answer == null ? -1 : answer.indexOf("\"value\":[");
                if (at >= 0) {
                    for (String promql : queries) {
                        String result = get(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
                        assertTrue(result != null && result.contains("\"status\":\"success\""),
                                "Prometheus refused the dashboard's " + promql + ": " + result);
                    }
                    String value = answer.substring(answer.indexOf(",\"", at) + 2);
                    return value.substring(0, value.indexOf('"'));
                }
                Thread.sleep(200);
            }
            throw new AssertionError("prometheus never scraped the service:\n" + Files.readString(log));
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) prometheus.destroyForcibly();
        }
    }

    private static String get(URI uri) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException notYet) {
            return null;
        }
    }
}
