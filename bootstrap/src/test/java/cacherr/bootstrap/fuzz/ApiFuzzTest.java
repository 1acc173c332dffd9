package cacherr.bootstrap.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.Api;
import cacherr.bootstrap.fixtures.Books;
import cacherr.bootstrap.fixtures.InProcessService;
import cacherr.bootstrap.fixtures.MediaLibrary;
import cacherr.bootstrap.fixtures.RawHttp;
import cacherr.bootstrap.fixtures.TreeDigest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated bad requests against the real service (SQLite file, real roots, real HTTP), every endpoint:
 * each is refused with a 4xx in the JSON envelope with a message — never a 5xx, never a stack trace — and afterwards
 * the books and the file tree are exactly as before.
 *
 * <p>{@code -Dcacherr.fuzz.cases=30000} for the long run; {@code -Dcacherr.fuzz.seed=…} repeats a run (the seed is
 * printed).
 */
class ApiFuzzTest {
    private static final Pattern FAILURE_ENVELOPE = Pattern.compile(
            "^\\{\"success\":false,\"message\":null,\"data\":null,\"error\":\"[^\"]+.*\",\"timestamp\":\"[^\"]+\"}$",
            Pattern.DOTALL);
    private static final Pattern STACK_TRACE = Pattern.compile("Exception|\\bat [a-z]+\\.[a-zA-Z.$]+\\(|\\.java:\\d+");

    @Test
    void everyBadRequestIsRefusedWithA4xxEnvelopeAndChangesNothing(@TempDir Path home) throws Exception {
        int cases = Integer.getInteger("cacherr.fuzz.cases", 1500);
        long seed = Long.getLong("cacherr.fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTest: " + cases + " cases, seed " + seed + " (repeat with -Dcacherr.fuzz.seed="
                + seed + ")");
        try (InProcessService service = InProcessService.start(home, Map.of())) {
            Api api = service.api();
            List<String> ids = library(service, home);
            String booksBefore = Books.digest(service.database());
            String treeBefore = TreeDigest.of(service.arrayRoot(), service.cacheRoot(), home.resolve("outside"));

            BadInput input = new BadInput(seed, service.arrayRoot().toString(), service.cacheRoot().toString(),
                    home.resolve("outside").toString(), ids);
            List<String> wrong = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            int legalReads = 0;
            for (int i = 0; i < cases; i++) {
                BadInput.Case c = input.next();
                RawHttp.Answer answer = RawHttp.send(service.port(), c.method(), c.path(), c.body(), c.contentType());
                statuses.merge(answer.status(), 1, Integer::sum);
                if (!c.mustRefuse() && answer.status() < 400) legalReads++;
                String problem = judge(c, answer.status(), answer.body());
                if (problem != null && wrong.size() < 40) wrong.add("#" + i + " " + c + " -> " + shorten(problem));
            }
            System.out.println("ApiFuzzTest: answers by status " + statuses + "; odd but legal reads answered 200: "
                    + legalReads);

            assertEquals("", String.join("\n", wrong), "seed " + seed);
            assertEquals(booksBefore, Books.digest(service.database()), "the books changed; seed " + seed);
            assertEquals(treeBefore, TreeDigest.of(service.arrayRoot(), service.cacheRoot(), home.resolve("outside")),
                    "the file tree changed; seed " + seed);
            assertEquals(200, api.send("GET", "/health", null).statusCode(), "still healthy");
        }
    }

    @Test
    void theJudgeCatchesA5xxAStackTraceAnAcceptedBadRequestAndABareBody() {
        BadInput.Case bad = new BadInput.Case("GET", "/x", null, null, "test", true);
        String ok = "{\"success\":false,\"message\":null,\"data\":null,\"error\":\"limit: must be between 1 and 500\","
                + "\"timestamp\":\"2026-11-25T20:00:00Z\"}";
        assertEquals(null, ApiFuzzTest.judge(bad, 400, ok));
        assertTrue(ApiFuzzTest.judge(bad, 500, ok.replace("limit", "internal")) != null);
        assertTrue(ApiFuzzTest.judge(bad, 200, "{\"success\":true}") != null);
        assertTrue(ApiFuzzTest.judge(bad, 400, ok.replace("limit: must", "java.lang.NumberFormatException: x")) != null);
        assertTrue(ApiFuzzTest.judge(bad, 400, "<html>Bad Message 400</html>") != null);
        assertTrue(ApiFuzzTest.judge(bad, 400, ok.replace("\"error\":\"limit: must be between 1 and 500\"",
                "\"error\":\"\"")) != null);
    }

    private static String shorten(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 240 ? flat.substring(0, 240) + "…" : flat;
    }

    static String judge(BadInput.Case c, int status, String body) {
        if (status >= 500) return status + " " + body;
        if (STACK_TRACE.matcher(body).find()) return "stack trace or exception name in the answer: " + body;
        if (status < 400) return c.mustRefuse() ? "accepted with " + status + ": " + body : null;
        if (!FAILURE_ENVELOPE.matcher(body).matches()) return status + " without the JSON envelope: " + body;
        return null;
    }

    /**
     * Four media files, two of them cached (symlink and copy), and the ways out of the roots: a file outside, a
     * symlink to it and a symlinked directory inside the array.
     */
    private static List<String> library(InProcessService service, Path home) throws Exception {
        MediaLibrary media = new MediaLibrary(service.arrayRoot(), service.cacheRoot());
        List<Path> files = media.create(4, 1000, 5000, 1);
        Path outside = Files.createDirectories(home.resolve("outside"));
        Files.writeString(outside.resolve("secret.mkv"), "not yours");
        Files.createSymbolicLink(service.arrayRoot().resolve("evil.mkv"), outside.resolve("secret.mkv"));
        Files.createSymbolicLink(service.arrayRoot().resolve("evil-dir"), outside);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> cached = service.api().cache(files.get(i + 1).toString(), "alice",
                    i == 0 ? "atomic_symlink" : "atomic_copy");
            assertEquals(201, cached.statusCode(), cached.body());
            ids.add(Api.idOf(cached.body()));
        }
        return ids;
    }
}
