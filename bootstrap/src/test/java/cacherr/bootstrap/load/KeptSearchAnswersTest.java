package cacherr.bootstrap.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.InProcessService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service on a real SQLite file of 2,000 files, over HTTP: a search or a list page asked again at the same
 * books is answered from what was kept (schema v23's books stamp), byte for byte the answer read the first time — as
 * every answer was read before — gzipped or not; after another program changes a file it shows, the next answer shows
 * the change and is the one a service that kept nothing (started anew) gives. Only the envelope's timestamp may differ.
 */
class KeptSearchAnswersTest {
    private static final List<String> SEARCHES = List.of(
            "/api/cached/files/search?q=Movie&type=all&limit=500",
            "/api/cached/files/search?q=Movie%201&type=filename&limit=50",
            "/api/cached/files/search?q=user1&type=user&limit=500&include_removed=true");
    /** A first page of 500, a search narrowed and sorted, a deep page with its exact total. */
    private static final List<String> PAGES = List.of(
            "/api/cached/files?limit=500",
            "/api/cached/files?limit=50&search=Movie&status=active&sort=filename&order=asc",
            "/api/cached/files?limit=50&offset=1900&exact_total=true");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path home;

    @Test
    void aSearchAskedAgainIsTheSameBytesGzippedOrNotAndAWriteByAnotherProgramShowsNext() throws Exception {
        assertKeptUntilAWriteByAnotherProgram(SEARCHES, "\"results\":[{");
    }

    @Test
    void aListPageAskedAgainIsTheSameBytesGzippedOrNotAndAWriteByAnotherProgramShowsNext() throws Exception {
        assertKeptUntilAWriteByAnotherProgram(PAGES, "\"files\":[{");
    }

    /**
     * Each of {@code paths} (whose answers hold {@code found}) asked five times: the same bytes; after another program
     * changes the metadata of the first file the first path shows, its next answer shows it, and every path's next
     * answer is the one a service started anew gives.
     */
    private void assertKeptUntilAWriteByAnotherProgram(List<String> paths, String found) throws Exception {
        InProcessService.start(home, Map.of()).close();
        BulkBooks.fill(home.resolve("data/cached_files.db"), 2_000, 42);
        String changed;
        Map<String, String> afterTheWrite;
        try (InProcessService service = InProcessService.start(home, Map.of())) {
            for (String search : paths) {
                String first = fetch(service, search, false);
                assertTrue(first.contains(found), search + " finds files: " + first);
                for (boolean gzip : new boolean[] {false, true}) {
                    for (int again = 0; again < 2; again++) {
                        assertEquals(first, fetch(service, search, gzip), search + (gzip ? ", gzipped" : ""));
                    }
                }
            }
            String shown = fetch(service, paths.get(0), false);
            changed = shown.replaceAll("(?s)^.*?\"id\":\"([^\"]+)\".*$", "$1");
            try (Connection c = Books.open(service.database()); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                // a column no selection counter moves with, by another program (the count includes the triggers')
                assertTrue(0 < s.executeUpdate("UPDATE cached_files SET metadata = '{\"k\":\"changed\"}'"
                        + " WHERE id = '" + changed + "'"));
            }
            String next = fetch(service, paths.get(0), false);
            assertNotEquals(shown, next, "the write shows on the next answer");
            assertTrue(next.contains("\"metadata\":{\"k\":\"changed\"}"), next);
            afterTheWrite = Map.of(paths.get(0), next, paths.get(1), fetch(service, paths.get(1), true),
                    paths.get(2), fetch(service, paths.get(2), false));
        }
        try (InProcessService anew = InProcessService.start(home, Map.of())) {
            for (String search : paths) {
                assertEquals(afterTheWrite.get(search), fetch(anew, search, false), search + ", nothing kept");
            }
        }
    }

    /** The answer's body (decompressed when gzipped), its envelope's timestamp left out; status and type checked. */
    private String fetch(InProcessService service, String path, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(300)); // a bound for a hung service, not a measure
        if (gzip) request.header("Accept-Encoding", "gzip");
        HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode(), path);
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""), path);
        assertEquals(gzip ? "gzip" : "", answer.headers().firstValue("Content-Encoding").orElse(""), path);
        byte[] body = answer.body();
        if (gzip) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                body = out.toByteArray();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        String withoutTime = text.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"…\"");
        assertNotEquals(text, withoutTime, "the envelope's timestamp: " + path);
        return withoutTime;
    }
}
