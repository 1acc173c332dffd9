package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A web page the user happens to visit must not drive Cacherr: browsers send a form or a {@code text/plain} POST to
 * any address without asking first, and carry the page's {@code Origin}. Scripts and curl send no Origin and keep
 * working.
 */
class CrossSiteRequestsApiTest {
    private static final String EVIL = "http://evil.example";
    private static final String CLEANUP = "/api/cached/cleanup";
    private static final String FILES = "/api/cached/files";

    @Test
    void aChangingRequestFromAnotherSiteIsRefusedWhateverItsContentTypeAndChangesNothing() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            String body = "{\"file_path\":\"" + path + "\",\"triggered_by_operation\":\"manual\"}";
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/json")) {
                assertFailure(api.send("POST", FILES, body, "Content-Type", type, "Origin", EVIL), 403,
                        "cross-site", EVIL, "CACHERR_CORS_ORIGINS");
            }
            assertEquals(0, api.memory.app().listFiles().list(
                    cacherr.domain.query.FileFilter.FIRST_PAGE).items().size(), "nothing was cached");
            CachedFile file = api.aCachedMovie("Alien.mkv", 10, "alice");
            assertFailure(api.send("DELETE", FILES + "/" + file.id().value(), null, "Origin", EVIL), 403, "cross-site");
            assertFailure(api.send("PUT", FILES + "/" + file.id().value() + "/users/mallory", null, "Origin", EVIL), 403);
            assertFailure(api.send("POST", CLEANUP, "{\"dry_run\":false}", "Content-Type", "text/plain", "Origin",
                    EVIL), 403);
            assertEquals(FileStatus.ACTIVE, api.memory.app().getFile().get(file.id()).status(), "not removed");
        }
    }

    @Test
    void anOpaqueOriginIsRefusedToo() {
        try (RunningApi api = RunningApi.start()) {
            // Sandboxed frames, file:// pages and some redirects send "Origin: null".
            assertFailure(api.send("POST", CLEANUP, null, "Origin", "null"), 403, "cross-site");
        }
    }

    @Test
    void aBrowserRequestMarkedCrossSiteWithoutAnOriginIsRefused() {
        try (RunningApi api = RunningApi.start()) {
            assertFailure(api.send("POST", CLEANUP, null, "Sec-Fetch-Site", "cross-site"), 403, "cross-site");
            assertFailure(api.send("POST", CLEANUP, null, "Sec-Fetch-Site", "same-site"), 403);
            assertOk(api.send("POST", CLEANUP, null, "Sec-Fetch-Site", "same-origin"), 200);
        }
    }

    @Test
    void theServicesOwnOriginIsAccepted() {
        try (RunningApi api = RunningApi.start()) {
            String own = "http://127.0.0.1:" + api.server.port();
            assertOk(api.send("POST", CLEANUP, "{}", "Origin", own, "Sec-Fetch-Site", "same-origin"), 200);
            // Another port on the same host is another origin: another local program's page.
            assertFailure(api.send("POST", CLEANUP, "{}", "Origin", "http://127.0.0.1:" + (api.server.port() + 1)),
                    403);
            assertFailure(api.send("POST", CLEANUP, "{}", "Origin", "https://127.0.0.1:" + api.server.port()), 403);
        }
    }

    @Test
    void behindAProxyThatTerminatesTlsTheForwardedSchemeIsTheOwnOne() throws IOException {
        // The proxy's public name is one the service answers to (see HostCheckApiTest).
        WebSettings proxied = RunningApi.testSettings().withAllowedHosts(List.of("cacherr.home.example"));
        try (RunningApi api = RunningApi.start(proxied)) {
            String answer = raw(api, "POST " + CLEANUP + " HTTP/1.1\r\nHost: cacherr.home.example\r\n"
                    + "Origin: https://cacherr.home.example\r\nX-Forwarded-Proto: https\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            String spoofed = raw(api, "POST " + CLEANUP + " HTTP/1.1\r\nHost: cacherr.home.example\r\n"
                    + "Origin: https://evil.example\r\nX-Forwarded-Proto: https\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n");
            assertTrue(spoofed.startsWith("HTTP/1.1 403"), spoofed);
        }
    }

    @Test
    void aConfiguredCorsOriginMayChangeThings() {
        String origin = "http://localhost:3000";
        try (RunningApi api = RunningApi.start(RunningApi.testSettings().withCorsOrigins(List.of(origin)))) {
            assertOk(api.send("POST", CLEANUP, "{}", "Origin", origin), 200);
            assertOk(api.send("POST", CLEANUP, "{}", "Origin", "HTTP://LOCALHOST:3000"), 200);
            assertFailure(api.send("POST", CLEANUP, "{}", "Origin", "http://localhost:3001"), 403, origin);
        }
    }

    @Test
    void readsFromAnotherSiteAreStillAnswered() {
        try (RunningApi api = RunningApi.start()) {
            assertOk(api.send("GET", "/api/cached/statistics", null, "Origin", EVIL), 200);
        }
    }

    @Test
    void aChangingRequestWithABodyMustDeclareJson() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            String body = "{\"file_path\":\"" + path + "\",\"triggered_by_operation\":\"manual\"}";
            for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "text/json")) {
                assertFailure(api.send("POST", FILES, body, "Content-Type", type), 415, "Content-Type",
                        "application/json", type);
            }
            assertFailure(api.send("POST", FILES, body, "Content-Type", "application/json; charset=iso-8859-1"), 415,
                    "UTF-8");
            assertFailure(api.send("POST", FILES, body, "Content-Type", "application/json", "Content-Type",
                    "text/plain"), 415, "one Content-Type");
            assertEquals(0, api.memory.app().listFiles().list(
                    cacherr.domain.query.FileFilter.FIRST_PAGE).items().size(), "nothing was cached");
            assertOk(api.send("POST", FILES, body, "Content-Type", "application/json; charset=UTF-8"), 201);
            assertOk(api.send("POST", CLEANUP, "{}", "Content-Type", "application/merge-patch+json"), 200);
        }
    }

    @Test
    void aChangingRequestWithABodyButNoContentTypeIs415() throws IOException {
        try (RunningApi api = RunningApi.start()) {
            String answer = raw(api, "POST " + CLEANUP + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}");
            assertTrue(answer.startsWith("HTTP/1.1 415"), answer);
            assertTrue(answer.contains("Content-Type: application/json"), answer);
        }
    }

    @Test
    void scriptsWithoutAnOriginKeepWorkingIncludingADeleteWithoutABody() {
        try (RunningApi api = RunningApi.start()) {
            CachedFile file = api.aCachedMovie("Alien.mkv", 10, "alice");
            assertOk(api.send("POST", CLEANUP, null), 200);
            assertOk(api.send("DELETE", FILES + "/" + file.id().value(), null), 200);
        }
    }

    @Test
    void noMethodOverrideIsHonouredAndAGetNeverDeletes() {
        try (RunningApi api = RunningApi.start()) {
            CachedFile file = api.aCachedMovie("Alien.mkv", 10, "alice");
            String one = FILES + "/" + file.id().value();
            assertFailure(api.send("GET", one, null, "X-HTTP-Method-Override", "DELETE"), 400,
                    "X-HTTP-Method-Override");
            assertFailure(api.send("POST", one, null, "X-HTTP-Method-Override", "DELETE"), 400);
            assertFailure(api.send("GET", one, null, "X-HTTP-Method", "DELETE"), 400);
            assertFailure(api.send("GET", one, null, "X-Method-Override", "DELETE"), 400);
            assertOk(api.get(one + "?_method=DELETE"), 200);
            assertFailure(api.post(one + "?_method=DELETE", null), 405);
            assertFailure(api.send("POST", one, "_method=DELETE", "Content-Type", "application/x-www-form-urlencoded"),
                    415);
            assertFailure(api.send("POST", FILES, "_method=DELETE", "Content-Type", "application/x-www-form-urlencoded"),
                    415);
            assertEquals(FileStatus.ACTIVE, api.memory.app().getFile().get(file.id()).status(), "never deleted");
        }
    }

    private static String raw(RunningApi api, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(answer.isEmpty(), "no answer");
            return answer;
        }
    }
}
