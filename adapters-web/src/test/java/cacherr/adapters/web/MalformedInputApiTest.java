package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Input that a lenient server would quietly reinterpret (found by the bootstrap fuzz harness): each must be a 400 in
 * the envelope, and must change nothing. Sent over a raw socket, because java.net.URI refuses to build such requests.
 */
class MalformedInputApiTest {
    @Test
    void aBodyThatIsNotUtf8IsRefusedInsteadOfStoredWithReplacementCharacters() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            CachedFile movie = api.aCachedMovie("Heat.mkv", 100, "alice");
            byte[] body = {'{', '"', 'u', 's', 'e', 'r', '_', 'i', 'd', '"', ':', '"', 'a', (byte) 0xC3, '(', '"', '}'};
            String answer = raw(api, "POST", "/api/cached/files/" + movie.id().value() + "/access", body);
            assertRefused(answer, "not valid UTF-8");
            assertEquals(0, api.memory.app().getFile().get(movie.id()).accessCount(), "no access was counted");
        }
    }

    @Test
    void aDuplicateJsonKeyIsRefused() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            CachedFile movie = api.aCachedMovie("Heat.mkv", 100, "alice");
            String answer = raw(api, "POST", "/api/cached/files/" + movie.id().value() + "/access",
                    "{\"user_id\":\"bob\",\"user_id\":\"carol\"}".getBytes(StandardCharsets.UTF_8));
            assertRefused(answer, "Duplicate field 'user_id'");
            assertEquals(0, api.memory.app().getFile().get(movie.id()).accessCount());
        }
    }

    @Test
    void aBlankStringIsNotAMissingBoolean() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            assertRefused(raw(api, "POST", "/api/cached/cleanup", "{\"dry_run\":\"\\u001f\"}".getBytes(
                    StandardCharsets.UTF_8)), "dry_run");
            assertRefused(raw(api, "POST", "/api/cached/cleanup", "{\"dry_run\":\"\"}".getBytes(
                    StandardCharsets.UTF_8)), "dry_run");
        }
    }

    @Test
    void aRepeatedQueryParameterIsRefusedRatherThanOneValueGuessed() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            assertRefused(raw(api, "GET", "/api/cached/files?limit=10&limit=20", null), "limit: given more than once");
        }
    }

    @Test
    void aBrokenPercentEscapeOrNonUtf8QueryIsRefusedRatherThanDropped() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            assertRefused(raw(api, "GET", "/api/cached/users/alice/stats?days=%zz", null), "percent-escape");
            assertRefused(raw(api, "GET", "/api/cached/files?status=%", null), "percent-escape");
            assertRefused(raw(api, "GET", "/api/cached/operations?user_id=%C3%28", null), "not valid UTF-8");
        }
    }

    @Test
    void aDateBeyondTheYear9999IsRefusedRatherThanComparedAsText() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            assertRefused(raw(api, "GET", "/api/cached/files?cached_since=%2B999999999-12-31T23%3A59%3A59Z", null),
                    "cached_since: must be between the years 1 and 9999");
        }
    }

    @Test
    void aUriJettyRefusesItselfStillGetsTheJsonEnvelope() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            assertRefused(raw(api, "GET", "/api/cached/files/a%00b", null), "bad request");
            assertRefused(raw(api, "GET", "/api/cached/files/%FF", null), "bad request");
            assertRefused(raw(api, "DELETE", "/api/cached/files/%C3%28", null), "bad request");
            assertRefused(raw(api, "PUT", "/api/cached/files/x/users/%FF", null), "bad request");
        }
    }

    private static void assertRefused(String answer, String fragment) {
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("Content-Type: application/json"), answer);
        assertTrue(answer.contains("{\"success\":false,\"message\":null,\"data\":null,\"error\":\""), answer);
        assertTrue(answer.contains(fragment), answer);
    }

    private static String raw(RunningApi api, String method, String path, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            OutputStream out = socket.getOutputStream();
            String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                    + "\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
