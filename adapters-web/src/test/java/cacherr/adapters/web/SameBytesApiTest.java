package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.HeadThenGet;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.AttributeUserCommand;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers are written straight into bytes, with times written without the formatter (docs/PERFORMANCE.md, "What a page
 * costs"): byte for byte what the former way wrote (through a String, with Jackson's Java-time module), for pages with
 * users, odd characters, fractions of seconds, metadata, empty pages, searches, the audit log and errors. Two real
 * servers on loopback over the same books, one writing the former way; only the envelope's own timestamp (the time
 * of the answer) may differ.
 */
class SameBytesApiTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] ODD_NAMES = {
        "Am\u00e9lie \"2001\" 'quoted' \\ back\\slash.mkv",
        "\uD83C\uDFAC Show \u2013 \u2018Pilot\u2019 S01E01.mkv",
        "line\u2028separator and\u00a0no-break \uFEFF bom.mkv",
        "<script>alert(1)</script> & amp;.mkv",
        "\u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea.mkv",
        "percent %20 plus + hash # question ?.mkv",
    };

    private InMemoryCacherr memory;
    private CacherrWebServer now;
    private CacherrWebServer former;

    @BeforeEach
    void start() {
        memory = InMemoryCacherr.create();
        now = new CacherrWebServer(memory.app(), settings(), memory.storage()::space).start();
        try {
            Json.formerInstants = true;
            Json.formerFiles = true;
            former = new CacherrWebServer(memory.app(), settings(), memory.storage()::space).start();
        } finally {
            Json.formerInstants = false;
            Json.formerFiles = false;
        }
    }

    @AfterEach
    void stop() {
        Reply.viaString = false;
        now.stop();
        former.stop();
    }

    private static WebSettings settings() {
        return WebSettings.DEFAULTS.withPort(0).withVersion("test");
    }

    private void books() {
        long[] sizes = {0, 1023, 1280, 1_503_238_553L, 31_460_000_000L, 1_099_511_627_776L};
        for (int i = 0; i < ODD_NAMES.length; i++) {
            String path = "/array/media/" + ODD_NAMES[i];
            memory.storage().write(path, new byte[(int) Math.min(sizes[i], 2048)]);
            // fractions of a second of every width: none, milliseconds, microseconds
            memory.clock().advance(Duration.ofNanos(i % 3 == 0 ? 1_000_000_000L : i % 3 == 1 ? 123_000_000L : 456_789_000L));
            Metadata metadata = i % 2 == 0 ? null : new Metadata("{\"rating_key\": \"" + i + "\", \"n\": 1.50, "
                    + "\"big\": 12345678901234567890, \"text\": \"a\\u0001b \\\"q\\\" \\u2028 \u00e9\", \"list\": [1, null, true]}");
            CachedFile file = memory.app().cacheFile().cache(new CacheFileCommand(path,
                    i % 2 == 0 ? OperationType.WATCHLIST : OperationType.ONDECK, i == 0 ? null : new UserId("user" + i),
                    i == 2 ? "r\u00e9ason \"quoted\" \uD83C\uDFAC" : null, null, metadata)).file();
            if (i % 2 == 1) {
                memory.clock().advance(Duration.ofNanos(7_000));
                memory.app().attributeUser().attribute(new AttributeUserCommand(file.id(), new UserId("\u00e5sa \"a\""),
                        "shared <b>"));
                memory.app().recordAccess().recordAccess(new RecordAccessCommand(file.id(), new UserId("user" + i)));
            }
        }
    }

    @Test
    void pagesSearchesOneFileTheLogAndErrorsAreTheSameBytesAsBefore() throws Exception {
        books();
        String anId = memory.app().listFiles().list(cacherr.domain.query.FileFilter.FIRST_PAGE).items().get(0).id().value();
        List<String> paths = new ArrayList<>(List.of(
                "/api/cached/files?limit=50",
                "/api/cached/files?limit=50&sort=cached_at&order=desc",
                "/api/cached/files?limit=2&offset=1&sort=filename&order=asc",
                "/api/cached/files?limit=50&user_id=" + enc("\u00e5sa \"a\""),
                "/api/cached/files?limit=50&search=" + enc("\uD83C\uDFAC"),
                "/api/cached/files?limit=50&offset=1000",
                "/api/cached/files?limit=50&search=nothing-matches-this",
                "/api/cached/files/search?q=" + enc("Am\u00e9lie") + "&type=all",
                "/api/cached/files/search?q=zzzz&type=all",
                "/api/cached/files/" + anId,
                "/api/cached/operations?limit=50",
                "/api/cached/operations?limit=50&offset=500",
                "/api/cached/statistics",
                "/api/cached/users",
                "/api/cached/users/user1/stats",
                "/api/cached/activity?days=3650",
                "/api/results/operations?limit=50",
                // errors
                "/api/cached/files?limit=abc",
                "/api/cached/files/no-such-file",
                "/api/cached/files?sort=" + enc("\u00e9\"<x>"),
                "/api/no/such/route"));
        int compared = 0;
        for (String path : paths) {
            for (boolean gzip : new boolean[] {false, true}) {
                for (int again = 0; again < 2; again++) { // the second time, the files' JSON as kept
                    Answer a = fetch(now, path, gzip);
                    assertSameAnswer(formerFetch(path, gzip), a, path);
                    compared++;
                }
            }
        }
        assertEquals(paths.size() * 4, compared);
        // a file changed since its JSON was kept is written anew
        String first = fetch(now, "/api/cached/files?limit=50", false).withoutAnswerTime();
        memory.clock().advance(Duration.ofSeconds(1));
        memory.app().recordAccess().recordAccess(new RecordAccessCommand(
                new cacherr.domain.file.FileId(anId), new UserId("user1")));
        Answer changed = fetch(now, "/api/cached/files?limit=50", false);
        assertEquals(formerFetch("/api/cached/files?limit=50", false).withoutAnswerTime(), changed.withoutAnswerTime());
        assertTrue(!first.equals(changed.withoutAnswerTime()), "the access shows");
        Answer page = fetch(now, "/api/cached/files?limit=50", false);
        assertTrue(page.text().contains("\"Am\u00e9lie \\\"2001\\\" 'quoted' \\\\ back\\\\slash.mkv\""), page.text());
        assertTrue(java.util.regex.Pattern.compile("\\.[0-9]{6}Z\"").matcher(page.text()).find(),
                "a time with microseconds: " + page.text());
        assertTrue(page.text().contains(".123Z\""), "a time with milliseconds: " + page.text());
        assertTrue(page.text().contains(":01Z\""), "a time without a fraction: " + page.text());
        assertTrue(page.text().contains("\"1.3 KB\""), "1280 bytes, a rounding tie: " + page.text());
    }

    /** Answers above {@link Reply#DIRECT_FROM}, written to the stream in one piece: the same bytes, gzip or not. */
    @Test
    void largeAnswersAreTheSameBytesAsBefore() throws Exception {
        largeBooks();
        for (String path : List.of("/api/cached/files?limit=500", "/api/cached/operations?limit=500",
                "/api/cached/files/search?q=Large&type=all&limit=500")) {
            for (boolean gzip : new boolean[] {false, true}) {
                for (int again = 0; again < 2; again++) {
                    Answer a = fetch(now, path, gzip);
                    assertTrue(a.body.length > Reply.DIRECT_FROM, path + ": " + a.body.length + " bytes");
                    assertSameAnswer(formerFetch(path, gzip), a, path);
                }
            }
        }
    }

    /**
     * Answers with kept lists written to the stream as kept ({@link Answer}), beside small ones and errors: plain and
     * gzipped, the first time and again (from what is kept), the same status, headers, framing and body as the former
     * server's — chunked above Jetty's buffer as before, a Content-Length below it. Asked with HEAD, each answers its
     * GET's status and headers (a 400 or 404 too, no longer a 200 with an empty text/plain body), and sends no body:
     * read off the socket ({@link HeadThenGet}), where java.net.http would not see one.
     */
    @Test
    void keptAnswersHaveTheFormerHeadersWithGzipAndHeadAndErrors() throws Exception {
        largeBooks();
        String anId = memory.app().listFiles().list(cacherr.domain.query.FileFilter.FIRST_PAGE).items().get(0).id()
                .value();
        List<String> paths = List.of("/api/cached/files?limit=500", "/api/cached/files?limit=50",
                "/api/cached/files?limit=1", "/api/cached/operations?limit=500",
                "/api/cached/files/search?q=Large&type=all&limit=500", "/api/cached/files/" + anId,
                "/api/cached/files?limit=abc", "/api/cached/files/no-such-file", "/api/no/such/route");
        for (String path : paths) {
            for (boolean gzip : new boolean[] {false, true}) {
                for (int again = 0; again < 2; again++) {
                    Answer a = fetch(now, path, gzip);
                    assertSameAnswer(formerFetch(path, gzip), a, "GET " + path);
                    HeadThenGet.Pair asked = HeadThenGet.ask(now.port(), path,
                            gzip ? new String[] {"Accept-Encoding: gzip"} : new String[0]);
                    HeadApiTest.assertSameHead(asked, "HEAD " + path);
                    HeadThenGet.Answer head = asked.head();
                    assertEquals(a.status, head.status(), "HEAD " + path);
                    assertEquals(a.contentType, head.header("Content-Type"), "HEAD " + path);
                    assertEquals(a.contentEncoding, head.header("Content-Encoding"), "HEAD " + path);
                    assertEquals(a.transferEncoding, head.header("Transfer-Encoding"), "HEAD " + path);
                    assertEquals(a.contentLength, head.header("Content-Length"), "HEAD " + path);
                }
            }
        }
        Answer large = fetch(now, "/api/cached/files?limit=500", false);
        assertEquals("Transfer-Encoding: chunked", large.framing(), "as the service sent it before");
        assertEquals("gzip", fetch(now, "/api/cached/files?limit=500", true).contentEncoding);
        assertEquals("Content-Length the bytes sent", fetch(now, "/api/cached/files?limit=1", false).framing());
        assertEquals(400, fetch(now, "/api/cached/files?limit=abc", true).status);
        assertEquals(400, HeadThenGet.ask(now.port(), "/api/cached/files?limit=abc").head().status());
        assertEquals(404, HeadThenGet.ask(now.port(), "/api/cached/files/no-such-file").head().status());
        assertEquals("chunked", HeadThenGet.ask(now.port(), "/api/cached/files?limit=500").head()
                .header("Transfer-Encoding"), "HEAD as its GET");
    }

    /** The books with 120 files more, each with a long reason and metadata: 500-row answers above 32 KB. */
    private void largeBooks() {
        books();
        for (int i = 0; i < 120; i++) {
            String path = "/array/media/Large answer " + i + " \u00e9\uD83C\uDFAC.mkv";
            memory.storage().write(path, new byte[16]);
            memory.clock().advance(Duration.ofMillis(1_001));
            memory.app().cacheFile().cache(new CacheFileCommand(path, OperationType.WATCHLIST,
                    new UserId("user" + i % 7),
                    "reason " + i, null, new Metadata("{\"padding\": \"" + "x".repeat(200) + "\", \"i\": " + i + "}")));
        }
    }

    /**
     * A batch's pages of results (above {@link Reply#DIRECT_FROM} from 100 results), first, deep, last and whole, of
     * two batches, asked twice — the second time copied as kept — are the former way's bytes; and so they stay while a
     * batch runs (its results change page by page), after a new batch is written, and after files its results name
     * are removed by it.
     */
    @Test
    void batchResultsAreTheSameBytesAsBefore() throws Exception {
        books();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String path = "/array/media/Batch " + i + " \u00e9\uD83C\uDFAC \"q\".mkv";
            memory.storage().write(path, new byte[16]);
            memory.clock().advance(Duration.ofNanos(1_000_123_000L));
            memory.app().cacheFile().cache(new CacheFileCommand(path, OperationType.WATCHLIST,
                    new UserId("user" + i % 7), "reason " + i, null, null));
            paths.add(path);
        }
        String dryRun = startBatch("{\"action\":\"attach_user\",\"user_id\":\"\u00e5sa\",\"test_mode\":true,"
                + "\"filters\":{\"all\":true}}");
        memory.steps().runAll();
        String uncache = startBatch("{\"action\":\"uncache\",\"paths\":[\"" + paths.get(0).replace("\"", "\\\"")
                + "\",\"" + paths.get(149).replace("\"", "\\\"") + "\"]}");
        for (int step = 0; step < 3; step++) { // while it runs, and after: its pages change
            sameBytes(uncache, "?limit=100", "?offset=1&limit=100", "");
            memory.steps().runNext();
            memory.clock().advance(Duration.ofMillis(1_001));
        }
        memory.steps().runAll();
        String large = null;
        for (String batch : List.of(dryRun, uncache)) {
            large = sameBytes(batch, "?limit=100", "?offset=100&limit=100", "?offset=150&limit=100", "?limit=1",
                    "?offset=5&limit=7", "", "?offset=1000");
        }
        assertTrue(large != null);
        Answer first = fetch(now, "/api/results/operations/" + dryRun + "?limit=100", false);
        assertTrue(first.body.length > Reply.DIRECT_FROM, first.body.length + " bytes");
        assertTrue(first.text().contains("would be attributed"), first.text());
    }

    /** Each page of {@code batch}'s results, gzipped or not, asked twice: the former way's bytes. */
    private String sameBytes(String batch, String... queries) throws Exception {
        String last = null;
        for (String query : queries) {
            String path = "/api/results/operations/" + batch + query;
            for (boolean gzip : new boolean[] {false, true}) {
                for (int again = 0; again < 2; again++) {
                    Answer a = fetch(now, path, gzip);
                    assertEquals(200, a.status, path + ": " + a.text());
                    assertSameAnswer(formerFetch(path, gzip), a, path);
                    last = a.text();
                }
            }
        }
        return last;
    }

    private String startBatch(String body) throws Exception {
        HttpResponse<String> started = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + now.port()
                + "/api/results/operations")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, started.statusCode(), started.body());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(started.body());
        assertTrue(id.find(), started.body());
        return id.group(1);
    }

    @Test
    void anEmptyBookIsTheSameBytesAsBefore() throws Exception {
        for (String path : List.of("/api/cached/files?limit=50", "/api/cached/operations?limit=50",
                "/api/cached/statistics", "/api/cached/users")) {
            assertEquals(formerFetch(path, false).withoutAnswerTime(), fetch(now, path, false).withoutAnswerTime(),
                    path);
        }
    }

    /**
     * An answer of the former server, its files made anew (not the objects shown lately) and written field by field.
     * Both write bytes (not through a String, {@link Reply#viaString}): a String's way writes a character outside the
     * BMP as itself, the bytes' way as a pair of escapes — since the answers are written as bytes (render).
     */
    private Answer formerFetch(String path, boolean gzip) throws Exception {
        return formerFetch(path, gzip, "GET");
    }

    private Answer formerFetch(String path, boolean gzip, String method) throws Exception {
        Reply.direct = false;
        cacherr.adapters.web.dto.CachedFileInfo.remember = false;
        cacherr.adapters.web.dto.OperationInfo.remember = false;
        cacherr.adapters.web.dto.OperationResultInfo.remember = false;
        try {
            return fetch(former, path, gzip, method);
        } finally {
            cacherr.adapters.web.dto.CachedFileInfo.remember = true;
            cacherr.adapters.web.dto.OperationInfo.remember = true;
            cacherr.adapters.web.dto.OperationResultInfo.remember = true;
            Reply.direct = true;
        }
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@code a} is {@code b}: status, content type, compression, length or chunks (the framing Jetty chose: a
     * Content-Length only when the whole answer was in its buffer before the end) and body, its time left out.
     */
    private static void assertSameAnswer(Answer b, Answer a, String path) {
        assertEquals(b.status, a.status, path);
        assertEquals(b.contentType, a.contentType, path);
        assertEquals(b.contentEncoding, a.contentEncoding, path);
        assertEquals(b.framing(), a.framing(), path);
        assertEquals(b.withoutAnswerTime(), a.withoutAnswerTime(), path);
    }

    private record Answer(int status, String contentType, String contentEncoding, String contentLength,
                          String transferEncoding, byte[] body, byte[] sent) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body, its envelope's last key (the time of the answer, to the second) left out. */
        String withoutAnswerTime() {
            return text().replaceFirst("\"timestamp\":\"[0-9T:\\-]+Z\"}$", "\"timestamp\":…}");
        }

        /** Chunked, or the length sent (of the bytes sent: compressed, when they are). */
        String framing() {
            return transferEncoding != null ? "Transfer-Encoding: " + transferEncoding
                    : contentLength == null ? "neither" : "Content-Length " + (contentLength.equals(
                    String.valueOf(sent.length)) ? "the bytes sent" : contentLength + " of " + sent.length + " sent");
        }
    }

    private static Answer fetch(CacherrWebServer server, String path, boolean gzip) throws Exception {
        return fetch(server, path, gzip, "GET");
    }

    private static Answer fetch(CacherrWebServer server, String path, boolean gzip, String method) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (gzip) request.header("Accept-Encoding", "gzip");
        HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String encoding = response.headers().firstValue("Content-Encoding").orElse(null);
        byte[] sent = response.body();
        byte[] body = "gzip".equals(encoding) && sent.length > 0 ? gunzip(sent) : sent;
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), encoding,
                response.headers().firstValue("Content-Length").orElse(null),
                response.headers().firstValue("Transfer-Encoding").orElse(null), body, sent);
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
