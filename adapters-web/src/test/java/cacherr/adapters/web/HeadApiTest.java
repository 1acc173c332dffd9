package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.HeadThenGet;
import cacherr.adapters.web.fixtures.HeadThenGet.Answer;
import cacherr.adapters.web.fixtures.HeadThenGet.Pair;
import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A HEAD is answered as its GET would be, without the body (RFC 9110 §9.3.2): the same status line and headers — the
 * content type, the Content-Length or chunked framing, the compression, CORS, an authentication challenge — on every
 * route that has a GET, on routes that have none and on no route at all, and no byte after the headers. Javalin alone
 * answered every HEAD on a GET route 200 with an empty text/plain body, a missing file and a bad query included. Real
 * requests on loopback, spoken by hand ({@link HeadThenGet}).
 */
class HeadApiTest {
    private static final String TOKEN = "a-token-of-at-least-16-chars";
    private static final String[] GZIP = {"Accept-Encoding: gzip"};
    private static final String[] PLAIN = {};

    /**
     * Each GET route with what it answers: pages (with a Content-Length, and chunked past Jetty's buffer), one file,
     * errors (400, 404, the route's own 404s), gzipped or not. Every GET route is asked here: a new one fails this
     * test until it is.
     */
    @Test
    void everyGetRouteAnswersHeadWithGetsStatusAndHeadersAndNoBody() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            CachedFile file = manyFiles(api);
            Map<String, List<String>> asked = new LinkedHashMap<>();
            asked.put("/api/cached/files", List.of("/api/cached/files", "/api/cached/files?limit=1",
                    "/api/cached/files?limit=500", "/api/cached/files?limit=abc", "/api/cached/files?sort=nope"));
            asked.put("/api/cached/files/search", List.of("/api/cached/files/search?q=Movie&limit=500",
                    "/api/cached/files/search?q=zzzz", "/api/cached/files/search"));
            asked.put("/api/cached/files/{id}", List.of("/api/cached/files/" + file.id().value(),
                    "/api/cached/files/no-such-file"));
            asked.put("/api/cached/statistics", List.of("/api/cached/statistics"));
            asked.put("/api/cached/activity", List.of("/api/cached/activity?days=30", "/api/cached/activity?days=x"));
            asked.put("/api/cached/users", List.of("/api/cached/users"));
            asked.put("/api/cached/users/{user_id}/stats", List.of("/api/cached/users/user1/stats",
                    "/api/cached/users/nobody/stats"));
            asked.put("/api/cached/operations", List.of("/api/cached/operations?limit=500",
                    "/api/cached/operations?limit=-1"));
            asked.put("/api/results/operations", List.of("/api/results/operations"));
            asked.put("/api/results/operations/{id}", List.of("/api/results/operations/no-such-batch"));
            asked.put("/api/cached/mover-list", List.of("/api/cached/mover-list"));
            asked.put("/api/openapi.json", List.of("/api/openapi.json"));
            asked.put("/metrics", List.of("/metrics")); // off here: 404 (on, below)
            // answered apart, below: the export (no rows for a HEAD), the live events (a stream), /health (its time)
            asked.put("/api/cached/export", List.of());
            asked.put("/api/results/operations/events", List.of());
            asked.put("/health", List.of());
            Set<String> getRoutes = new TreeSet<>();
            for (String route : api.server.registeredRoutes()) {
                if (route.startsWith("GET ")) getRoutes.add(route.substring(4));
            }
            assertEquals(getRoutes, new TreeSet<>(asked.keySet()), "every GET route is asked");
            Set<Integer> statuses = new TreeSet<>();
            Set<String> framings = new TreeSet<>();
            for (List<String> paths : asked.values()) {
                for (String path : paths) {
                    for (String[] headers : List.of(PLAIN, GZIP)) {
                        Pair pair = HeadThenGet.ask(api.server.port(), path, headers);
                        assertSameHead(pair, path);
                        statuses.add(pair.get().status());
                        framings.add(pair.get().header("Transfer-Encoding") != null ? "chunked"
                                : pair.get().header("Content-Encoding") != null ? "gzip, length" : "length");
                    }
                }
            }
            assertEquals(Set.of(200, 400, 404), statuses, "successes and failures were compared");
            assertEquals(Set.of("chunked", "gzip, length", "length"), framings, "each framing was compared");
        }
    }

    /**
     * Health writes how long its check took: HEAD's length may differ by those digits (at most a long's 19, however
     * busy the machine), nothing else may.
     */
    @Test
    void healthAnswersHeadAsGet() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            for (String[] headers : List.of(PLAIN, GZIP)) {
                Pair pair = HeadThenGet.ask(api.server.port(), "/health", headers);
                assertEquals(pair.get().statusLine(), pair.head().statusLine());
                assertEquals(200, pair.head().status());
                assertEquals(pair.get().headersBut("Content-Length"), pair.head().headersBut("Content-Length"));
                assertTrue(Math.abs(Long.parseLong(pair.get().header("Content-Length"))
                        - Long.parseLong(pair.head().header("Content-Length"))) < 19, pair.head().describe());
            }
        }
    }

    /** The Cached page, its scripts and styles, and a file that is not there: as Javalin's static files answer GET. */
    @Test
    void thePageAndItsFilesAnswerHeadAsGet() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            for (String path : List.of("/", "/cached", "/cached?view=users", "/app.css", "/app/main.js",
                    "/favicon.svg", "/no-such-file.js")) {
                for (String[] headers : List.of(PLAIN, GZIP)) {
                    assertSameHead(HeadThenGet.ask(api.server.port(), path, headers), path);
                }
            }
            assertEquals(200, HeadThenGet.ask(api.server.port(), "/app.css").head().status());
        }
    }

    /**
     * No such route, routes that have no GET (405 from a GET to them) and paths Jetty refuses before any route: HEAD
     * answers the same.
     */
    @Test
    void unknownRoutesAndRoutesWithoutGetAnswerHeadAsGet() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            Map<String, Integer> paths = Map.of("/api/no/such/route", 404, "/no-such-page", 404,
                    "/api/cached/cleanup", 405, "/api/cached/files/some-id/access", 405,
                    "/api/results/operations/some-id/cancel", 405,
                    "/api/cached/files/%FF", 400, "/api/cached/files/a%2Fb", 400); // the last two: Jetty's own
            for (Map.Entry<String, Integer> path : paths.entrySet()) {
                for (String[] headers : List.of(PLAIN, GZIP)) {
                    Pair pair = HeadThenGet.ask(api.server.port(), path.getKey(), headers);
                    assertSameHead(pair, path.getKey());
                    assertEquals(path.getValue(), pair.head().status(), path.getKey());
                }
            }
        }
    }

    /**
     * An export's HEAD says what its GET says before the first row: the type and the file's name, or its refusal (a
     * bad query, too many exports at once) — and reads no row: it claims no length, which only the rows make.
     */
    @Test
    void anExportsHeadSendsTheHeadersItBeginsWithAndNoRows() throws Exception {
        try (RunningApi api = RunningApi.start()) {
            manyFiles(api);
            for (String format : List.of("csv", "json", "txt")) {
                String path = "/api/cached/export?format=" + format;
                Pair pair = HeadThenGet.ask(api.server.port(), path);
                assertEquals(pair.get().statusLine(), pair.head().statusLine(), path);
                assertEquals(200, pair.head().status());
                assertEquals(pair.get().header("Content-Type"), pair.head().header("Content-Type"), path);
                String disposition = pair.head().header("Content-Disposition");
                assertTrue(disposition.matches("attachment; filename=\"cached_files_[0-9]{8}_[0-9]{6}\\." + format
                        + "\""), disposition);
                assertEquals("chunked", pair.head().header("Transfer-Encoding"), pair.head().describe());
                assertNull(pair.head().header("Content-Length"), "no length is claimed: " + pair.head().describe());
                assertTrue(pair.get().body().length > 32 * 1024, "the GET sent its rows: " + pair.get().body().length);
            }
            for (String path : List.of("/api/cached/export?format=xml", "/api/cached/export?limit_to=x&sort=nope")) {
                Pair refused = HeadThenGet.ask(api.server.port(), path);
                assertSameHead(refused, path);
                assertEquals(400, refused.head().status(), path);
            }
            ExportSlots slots = api.server.exportSlots();
            try (ExportsInLine others = ExportsInLine.everyPlaceTaken(slots)) {
                assertEquals(200, HeadThenGet.head(api.server.port(), "/api/cached/export").status(),
                        "an export asked now would wait its turn, and then be sent");
                assertEquals(0, slots.waiting(), "a HEAD neither waits nor takes a place");
                others.waiting(ExportSlots.QUEUE);
                Pair busy = HeadThenGet.ask(api.server.port(), "/api/cached/export");
                assertSameHead(busy, "export while the line is full");
                assertEquals(503, busy.head().status());
                assertEquals("5", busy.head().header("Retry-After"));
            }
        }
    }

    /** The live events' HEAD: the stream's headers as its GET begins it, and then the end, nobody subscribed. */
    @Test
    void theLiveEventsHeadIsTheStreamsHeadersAndItsEnd() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            String path = "/api/results/operations/events";
            Answer get = HeadThenGet.headersOf(api.server.port(), "GET", path, "Accept: text/event-stream");
            Answer head = HeadThenGet.headThenEnd(api.server.port(), path, "Accept: text/event-stream");
            assertEquals(get.statusLine(), head.statusLine());
            assertEquals(get.headersBut(), head.headersBut());
            assertTrue(get.header("Content-Type").startsWith("text/event-stream"), get.describe());
            assertSameHead(HeadThenGet.ask(api.server.port(), path), path + " not asked as a stream");
        }
    }

    /**
     * The guards see a HEAD as they see its GET: a HEAD is no way around them. The Host check, the refusal of method
     * overrides (a HEAD must not become a DELETE), CORS for allowed origins only, and the token where reads need it
     * (metrics told to require it), its challenge included.
     */
    @Test
    void theGuardsAnswerHeadAsGet() throws IOException {
        WebMetrics metrics = WebMetrics.prometheus(true);
        try (RunningApi api = RunningApi.startWithMetrics(metrics, RunningApi.testSettings().withApiToken(TOKEN)
                .withCorsOrigins(List.of("http://ui.example:8080")))) {
            CachedFile file = api.aCachedMovie("Alien.mkv", 10, "alice");
            int port = api.server.port();
            String one = "/api/cached/files/" + file.id().value();
            List<String[]> cases = new ArrayList<>();
            cases.add(new String[] {"/metrics"});
            cases.add(new String[] {"/metrics", "Authorization: Bearer wrong-token-of-16-chars"});
            cases.add(new String[] {"/metrics", "Authorization: Bearer " + TOKEN});
            cases.add(new String[] {"/metrics", "X-Api-Key: " + TOKEN});
            cases.add(new String[] {"/api/cached/files", "Host: evil.example:" + port});
            cases.add(new String[] {"/health", "Host: evil.example:" + port});
            cases.add(new String[] {one, "X-HTTP-Method-Override: DELETE"});
            cases.add(new String[] {one, "X-HTTP-Method-Override: DELETE", "Authorization: Bearer " + TOKEN});
            cases.add(new String[] {one, "Origin: http://ui.example:8080"});
            cases.add(new String[] {one, "Origin: http://evil.example"});
            cases.add(new String[] {"/no/such/route", "Origin: http://ui.example:8080"});
            Set<Integer> statuses = new TreeSet<>();
            for (String[] asked : cases) {
                String[] headers = java.util.Arrays.copyOfRange(asked, 1, asked.length);
                Pair pair = HeadThenGet.ask(port, asked[0], headers);
                String what = String.join(" ", asked);
                if (asked[0].equals("/metrics") && pair.get().status() == 200) {
                    assertEquals(pair.get().statusLine(), pair.head().statusLine(), what); // chunked, as GET
                    assertEquals(pair.get().headersBut(), pair.head().headersBut(), what);
                } else {
                    assertSameHead(pair, what);
                }
                statuses.add(pair.head().status());
            }
            assertEquals(Set.of(200, 400, 401, 403, 404), statuses);
            Pair challenged = HeadThenGet.ask(port, "/metrics");
            assertEquals(401, challenged.head().status());
            assertEquals("Bearer", challenged.head().header("WWW-Authenticate"));
            Pair cors = HeadThenGet.ask(port, one, "Origin: http://ui.example:8080");
            assertEquals("http://ui.example:8080", cors.head().header("Access-Control-Allow-Origin"));
            assertNull(HeadThenGet.ask(port, one, "Origin: http://evil.example").head()
                    .header("Access-Control-Allow-Origin"));
            assertEquals(200, api.get(one).status(), "the override changed nothing");
            assertFalse(api.memory.app().listFiles().list(cacherr.domain.query.FileFilter.FIRST_PAGE).items()
                    .isEmpty());
        }
    }

    /** A HEAD is timed under its route, as HEAD: not under "other", where requests that match no route go. */
    @Test
    void aHeadIsTimedUnderItsRoute() throws IOException {
        try (RunningApi api = RunningApi.startWithMetrics(WebMetrics.prometheus(false), RunningApi.testSettings())) {
            CachedFile file = api.aCachedMovie("Alien.mkv", 10, "alice");
            HeadThenGet.ask(api.server.port(), "/api/cached/files/" + file.id().value());
            HeadThenGet.ask(api.server.port(), "/api/cached/files/no-such-file");
            cacherr.adapters.web.fixtures.Exposition metrics = new cacherr.adapters.web.fixtures.Exposition(
                    api.get("/metrics").body());
            for (String status : List.of("2xx", "4xx")) {
                for (String method : List.of("GET", "HEAD")) {
                    assertEquals(1, metrics.value("http_server_requests_seconds_count", "route",
                            "/api/cached/files/{id}", "method", method, "status", status), method + " " + status);
                }
            }
        }
    }

    /** The check can fail: a server that sends a body after a HEAD's headers (here, by hand) is caught. */
    @Test
    void aHeadThatSendsABodyIsCaught() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread wrong = new Thread(() -> {
                try (java.net.Socket client = server.accept()) {
                    client.getInputStream().read(new byte[1024]); // the HEAD
                    client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                            + "Content-Length: 5\r\n\r\nbody!").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    client.getInputStream().read(new byte[1024]); // the GET
                } catch (IOException ignored) {
                    // the test's side closed first
                }
            });
            wrong.start();
            AssertionError caught = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> HeadThenGet.ask(server.getLocalPort(), "/"));
            assertTrue(caught.getMessage().contains("HEAD / sent a body"), caught.getMessage());
            wrong.join();
        }
    }

    /**
     * The same status line and header lines, in the same order (the time of the answer aside), and so the same length
     * or chunks, compression and content type; the HEAD sent no body ({@link HeadThenGet} fails when it does).
     */
    static void assertSameHead(Pair pair, String what) {
        assertEquals(pair.get().statusLine(), pair.head().statusLine(), what);
        assertEquals(pair.get().headersBut(), pair.head().headersBut(), what);
        String length = pair.get().header("Content-Length");
        if (length != null && pair.get().header("Content-Encoding") == null) {
            assertEquals(Integer.parseInt(length), pair.get().body().length, what + ": the GET sent what it said");
        }
        assertNotNull(pair.head().header("Content-Type"), what);
    }

    /** 200 files with long names: a page of 500 is past Jetty's buffer (chunked), one file is not. */
    private static CachedFile manyFiles(RunningApi api) {
        CachedFile first = null;
        for (int i = 0; i < 200; i++) {
            CachedFile file = api.aCachedMovie("Movie " + i + " " + "with a long name ".repeat(8) + ".mkv", 10,
                    "user" + i % 3);
            if (first == null) first = file;
        }
        return first;
    }
}
