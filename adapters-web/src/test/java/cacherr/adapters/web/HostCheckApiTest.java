package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.query.FileFilter;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MockClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a page at {@code http://evil.example:5445} whose name is re-pointed to the service's address sends
 * {@code Host: evil.example:5445} and its own, matching, {@code Origin}. Every request naming a host the service does
 * not answer to is refused before anything runs. Real requests over a raw socket (java.net.http will not forge Host).
 */
class HostCheckApiTest {
    private static final String CLEANUP = "/api/cached/cleanup";
    private static final String FILES = "/api/cached/files";

    @Test
    void aRebindingShapedGetIsRefusedWithTheWordsInTheUsualEnvelope() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            api.aCachedMovie("Alien.mkv", 10, "alice");
            Answer answer = get(api, FILES, "evil.example:" + api.server.port(),
                    "Origin: http://evil.example:" + api.server.port());
            assertEquals(403, answer.status, answer.text);
            assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.text);
            JsonNode body = Json.mapper().readTree(answer.body());
            assertFalse(body.get("success").asBoolean());
            assertTrue(body.get("data").isNull());
            String error = body.get("error").asText();
            assertTrue(error.contains("Host 'evil.example' is not one this service answers to"), error);
            assertTrue(error.contains("add it to CACHERR_ALLOWED_HOSTS"), error);
            assertFalse(answer.text.contains("Alien.mkv"), "nothing of the books is read");
        }
    }

    @Test
    void aRebindingShapedPostIsRefusedAndChangesNothing() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            CachedFile alien = api.aCachedMovie("Alien.mkv", 10, "alice");
            String host = "evil.example:" + api.server.port();
            String origin = "Origin: http://" + host;
            String body = "{\"file_path\":\"" + path + "\",\"triggered_by_operation\":\"manual\"}";
            Answer cache = send(api, "POST", FILES, host, body, origin, "Content-Type: application/json");
            assertEquals(403, cache.status, cache.text);
            assertTrue(cache.body().contains("CACHERR_ALLOWED_HOSTS"), cache.text);
            Answer delete = send(api, "DELETE", FILES + "/" + alien.id().value(), host, null, origin);
            assertEquals(403, delete.status, delete.text);
            assertEquals(403, send(api, "POST", CLEANUP, host, "{\"dry_run\":false}", origin,
                    "Content-Type: application/json").status);
            assertEquals(1, api.memory.app().listFiles().list(FileFilter.FIRST_PAGE).items().size(),
                    "nothing was cached");
            assertEquals(FileStatus.ACTIVE, api.memory.app().getFile().get(alien.id()).status(), "not removed");
        }
    }

    @Test
    void thePageItsAssetsHealthExportAndTheLiveChannelAreCoveredToo() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            for (String path : List.of("/", "/cached", "/app.css", "/favicon.svg")) {
                Answer page = get(api, path, "evil.example");
                assertEquals(403, page.status, path + ": " + page.text);
                assertTrue(page.header("Content-Type").startsWith("text/html"), path + ": " + page.text);
                assertTrue(page.body().contains("Host &#39;evil.example&#39; is not one this service answers to"),
                        page.text);
                assertTrue(page.body().contains("CACHERR_ALLOWED_HOSTS"), page.text);
                assertFalse(page.body().contains("<script"), page.text);
            }
            for (String path : List.of("/health", "/api/cached/export", "/api/cached/statistics",
                    "/api/results/operations/events", "/api/no-such-route")) {
                Answer answer = get(api, path, "evil.example");
                assertEquals(403, answer.status, path + ": " + answer.text);
                assertTrue(answer.header("Content-Type").startsWith("application/json"), path + ": " + answer.text);
            }
            assertEquals(200, get(api, "/", "127.0.0.1").status, "the page itself is there");
        }
    }

    @Test
    void metricsAreCovered() throws IOException {
        try (RunningApi api = RunningApi.startWithMetrics(WebMetrics.prometheus(false, new MockClock()),
                RunningApi.testSettings())) {
            Answer refused = get(api, "/metrics", "evil.example");
            assertEquals(403, refused.status, refused.text);
            assertFalse(refused.body().contains("cacherr_"), refused.text);
            assertEquals(200, get(api, "/metrics", "127.0.0.1").status);
        }
    }

    @Test
    void ipLiteralsLocalhostAndLocalNamesAreAnsweredWhateverTheirPort() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            int port = api.server.port();
            for (String host : List.of("127.0.0.1", "127.0.0.1:" + port, "192.168.1.10:5445", "[::1]",
                    "[::1]:" + port, "localhost", "LOCALHOST:" + port, "cacherr.localhost",
                    "tower", "Tower:5445", "tower.local", "nas.home.arpa")) {
                assertEquals(200, get(api, "/health", host).status, host);
            }
            assertEquals(200, send(api, "POST", CLEANUP, "localhost:" + port, null,
                    "Origin: http://localhost:" + port).status, "the page's own changes from localhost");
        }
    }

    @Test
    void namesThatOnlyLookLikeAllowedOnesAreRefused() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            for (String host : List.of("127.0.0.1.nip.io", "localhost.evil.example", "evil.example", "1.2.3.4.5",
                    "tower.evil.example", "example.local.evil.example")) {
                assertEquals(403, get(api, "/health", host).status, host);
            }
            HostCheck check = new HostCheck(List.of(), List.of());
            for (String host : List.of("127.0.0.1:80x", "[::1]evil", "[::1", "[evil.example]", "tower:5445:1", "")) {
                assertFalse(check.allows(host), host);
            }
        }
    }

    @Test
    void aRequestWithoutAHostHeaderIsAnswered() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            Answer answer = raw(api, "GET /health HTTP/1.0\r\n\r\n");
            assertEquals(200, answer.status, answer.text);
        }
    }

    @Test
    void aConfiguredNameIsAnsweredInAnyCaseAndWithAnyPortButXForwardedHostIsNotTrusted() throws IOException {
        WebSettings settings = RunningApi.testSettings().withAllowedHosts(List.of("cacherr.home.example"));
        try (RunningApi api = RunningApi.start(settings)) {
            assertEquals(200, get(api, "/health", "cacherr.home.example").status);
            assertEquals(200, get(api, "/health", "Cacherr.HOME.example:443").status);
            assertEquals(403, get(api, "/health", "evil.example").status);
            assertEquals(403, get(api, "/health", "evil.example", "X-Forwarded-Host: cacherr.home.example").status);
        }
    }

    @Test
    void thisMachinesOwnNameIsAnswered() throws IOException {
        String name = InetAddress.getLocalHost().getHostName();
        try (RunningApi api = RunningApi.start()) {
            assertEquals(200, get(api, "/health", name).status, name);
        }
        HostCheck check = new HostCheck(List.of(), List.of("nas.example.org"));
        assertTrue(check.allows("nas.example.org"));
        assertTrue(check.allows("NAS.example.org:5445"));
        assertTrue(check.allows("nas.example.org.local"));
        assertFalse(check.allows("evil.example.org"));
    }

    @Test
    void aStarAnswersEveryHost() throws IOException {
        try (RunningApi api = RunningApi.start(RunningApi.testSettings().withAllowedHosts(List.of("*")))) {
            assertEquals(200, get(api, "/health", "evil.example").status);
            assertEquals(200, get(api, "/", "evil.example").status);
        }
    }

    @Test
    void aPreflightFromARebindingPageIsRefusedEvenWithCorsOpen() throws IOException {
        WebSettings settings = RunningApi.testSettings().withCorsOrigins(List.of("http://evil.example:5445"));
        try (RunningApi api = RunningApi.start(settings)) {
            Answer answer = send(api, "OPTIONS", CLEANUP, "evil.example:5445", null,
                    "Origin: http://evil.example:5445", "Access-Control-Request-Method: POST");
            assertEquals(403, answer.status, answer.text);
        }
    }

    @Test
    void garbageInTheSettingIsRefusedAtStartUpWithWords() {
        for (String bad : List.of("http://tower", "tower/cached", "tower:5445", "[::1]", "::1", "*.example.com",
                "two words", "", "tower..local", "-tower")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RunningApi.testSettings().withAllowedHosts(List.of("tower", bad)), bad);
            assertTrue(e.getMessage().contains("CACHERR_ALLOWED_HOSTS"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertEquals(List.of("tower", "nas.example.org", "*"), RunningApi.testSettings()
                .withAllowedHosts(List.of(" tower", "nas.example.org ", "*")).allowedHosts());
    }

    // ---- raw HTTP: java.net.http refuses to set Host ----

    private static Answer get(RunningApi api, String path, String host, String... headers) throws IOException {
        return send(api, "GET", path, host, null, headers);
    }

    private static Answer send(RunningApi api, String method, String path, String host, String body,
                               String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String header : headers) request.append(header).append("\r\n");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null || !method.equals("GET")) request.append("Content-Length: ").append(bytes.length).append("\r\n");
        request.append("Connection: close\r\n\r\n");
        return raw(api, request + (body == null ? "" : body));
    }

    private static Answer raw(RunningApi api, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(text.isEmpty(), "no answer");
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    private record Answer(int status, String text) {
        String header(String name) {
            for (String line : text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).strip();
                }
            }
            return "";
        }

        String body() {
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }
}
