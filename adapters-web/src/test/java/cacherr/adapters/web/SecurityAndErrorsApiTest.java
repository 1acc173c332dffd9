package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.out.StorageException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityAndErrorsApiTest {
    private static final String TOKEN = "s3cret-token-of-some-length";
    private static final String CLEANUP = "/api/cached/cleanup";

    @Test
    void withATokenChangingRequestsWithoutItAre401InTheEnvelope() {
        try (RunningApi api = RunningApi.start(RunningApi.testSettings().withApiToken(TOKEN))) {
            RunningApi.Response response = api.post(CLEANUP, null);
            assertFailure(response, 401, "API token");
            assertEquals("Bearer", response.header("WWW-Authenticate"));
            assertFailure(api.send("POST", CLEANUP, null, "Authorization", "Bearer wrong-token-of-some-length"), 401,
                    "wrong");
            assertFailure(api.send("DELETE", "/api/cached/files/x", null, "X-Api-Key", TOKEN + "x"), 401);
            assertFailure(api.send("PUT", "/api/cached/files/x/users/bob", null), 401);
        }
    }

    @Test
    void withATokenTheRightOneInEitherHeaderIsAcceptedAndReadsStayOpen() {
        try (RunningApi api = RunningApi.start(RunningApi.testSettings().withApiToken(TOKEN))) {
            assertOk(api.send("POST", CLEANUP, null, "Authorization", "Bearer " + TOKEN), 200);
            assertOk(api.send("POST", CLEANUP, null, "X-Api-Key", TOKEN), 200);
            assertOk(api.get("/api/cached/statistics"), 200);
        }
    }

    @Test
    void withoutATokenChangingRequestsAreAllowed() {
        try (RunningApi api = RunningApi.start()) {
            assertOk(api.post(CLEANUP, null), 200);
        }
    }

    @Test
    void settingsNeverShowTheTokenAndRefuseAShortOne() {
        assertFalse(RunningApi.testSettings().withApiToken(TOKEN).toString().contains(TOKEN));
        assertThrows(IllegalArgumentException.class, () -> RunningApi.testSettings().withApiToken("short"));
        assertThrows(IllegalArgumentException.class, () -> RunningApi.testSettings().withCorsOrigins(List.of("*")));
    }

    @Test
    void defaultsBindToLoopbackOnPort5445() {
        assertEquals("127.0.0.1", WebSettings.DEFAULTS.host());
        assertEquals(5445, WebSettings.DEFAULTS.port());
        assertTrue(WebSettings.DEFAULTS.bindsLoopbackOnly());
        assertFalse(new WebSettings("0.0.0.0", 5445, null, List.of(), 1 << 20, "v").bindsLoopbackOnly());
    }

    @Test
    void corsIsClosedUnlessOriginsAreConfigured() {
        try (RunningApi api = RunningApi.start()) {
            RunningApi.Response response = api.send("GET", "/api/cached/statistics", null, "Origin", "http://evil.test");
            assertNull(response.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void corsAllowsExactlyTheConfiguredOriginsWithoutCredentials() {
        String origin = "http://localhost:3000";
        try (RunningApi api = RunningApi.start(RunningApi.testSettings().withCorsOrigins(List.of(origin)))) {
            RunningApi.Response allowed = api.send("GET", "/api/cached/statistics", null, "Origin", origin);
            assertEquals(origin, allowed.header("Access-Control-Allow-Origin"));
            assertNull(allowed.header("Access-Control-Allow-Credentials"));
            RunningApi.Response preflight = api.send("OPTIONS", CLEANUP, null, "Origin", origin,
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization");
            assertEquals(origin, preflight.header("Access-Control-Allow-Origin"));
            assertTrue(preflight.header("Access-Control-Allow-Headers").toLowerCase().contains("authorization"),
                    () -> "preflight should let the token header through: " + preflight.raw.headers());
            RunningApi.Response other = api.send("GET", "/api/cached/statistics", null, "Origin", "http://evil.test");
            assertNull(other.header("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405InTheEnvelope() {
        try (RunningApi api = RunningApi.start()) {
            assertFailure(api.get("/api/cached/nothing-here"), 404, "no such endpoint", "/api/cached/nothing-here");
            assertFailure(api.post("/api/cached/statistics", "{}"), 405, "POST", "/api/cached/statistics");
            assertFailure(api.send("PATCH", "/api/cached/files", "{}"), 405, "PATCH");
        }
    }

    /** A 405 says in {@code Allow} which methods its path has (RFC 9110), HEAD beside GET, whatever was asked. */
    @Test
    void aWrongMethodIsToldTheMethodsThePathHas() {
        try (RunningApi api = RunningApi.start()) {
            assertEquals(Set.of("GET", "HEAD"), allowed(api.post("/api/cached/statistics", "{}")));
            assertEquals(Set.of("GET", "HEAD", "POST"), allowed(api.send("PATCH", "/api/cached/files", "{}")));
            assertEquals(Set.of("POST"), allowed(api.get("/api/cached/cleanup")));
            assertEquals(Set.of("POST"), allowed(api.send("DELETE", "/api/cached/files/some-id/access", null)));
            assertEquals(Set.of("GET", "HEAD", "DELETE"),
                    allowed(api.send("PUT", "/api/cached/files/some-id", "{}")));
        }
    }

    private static Set<String> allowed(RunningApi.Response response) {
        assertEquals(405, response.status(), response.body());
        String allow = response.header("Allow");
        assertNotNull(allow, "no Allow header");
        return Set.of(allow.split(", "));
    }

    @Test
    void anUnexpectedFailureIsA500WithAGenericMessageAndNoDetails() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            api.memory.storage().failNextPlace(new IllegalStateException("secret internal detail"));
            RunningApi.Response response = api.post("/api/cached/files",
                    "{\"file_path\":\"" + path + "\",\"triggered_by_operation\":\"manual\"}");
            assertFailure(response, 500, "internal server error");
            assertFalse(response.body().contains("secret internal detail"));
            assertFalse(response.body().contains("at cacherr."));
        }
    }

    @Test
    void storageProblemsMapToStatuses() {
        assertEquals(400, ErrorMapping.statusOf(StorageException.Problem.OUTSIDE_ROOTS));
        assertEquals(400, ErrorMapping.statusOf(StorageException.Problem.NOT_A_FILE));
        assertEquals(404, ErrorMapping.statusOf(StorageException.Problem.NOT_FOUND));
        assertEquals(409, ErrorMapping.statusOf(StorageException.Problem.NOT_POSSIBLE));
        assertEquals(507, ErrorMapping.statusOf(StorageException.Problem.INSUFFICIENT_SPACE));
        assertEquals(500, ErrorMapping.statusOf(StorageException.Problem.VERIFICATION_FAILED));
        assertEquals(409, ErrorMapping.statusOf(StorageException.Problem.SOURCE_CHANGED));
        assertEquals(500, ErrorMapping.statusOf(StorageException.Problem.IO_FAILURE));
    }

    @Test
    void aStorageFailureKeepsItsMessage() {
        try (RunningApi api = RunningApi.start()) {
            String path = api.anUncachedMovie("Heat.mkv", 10);
            api.memory.storage().failNextPlace(new StorageException(StorageException.Problem.INSUFFICIENT_SPACE,
                    "the cache is full"));
            assertFailure(api.post("/api/cached/files", "{\"file_path\":\"" + path
                    + "\",\"triggered_by_operation\":\"manual\"}"), 507, "the cache is full");
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedInTheEnvelope() {
        try (RunningApi api = RunningApi.start(RunningApi.testSettings().withMaxRequestBytes(2048))) {
            String big = "{\"reason\":\"" + "x".repeat(4096) + "\"}";
            assertFailure(api.post(CLEANUP, big), 413, "too large");
        }
    }

    @Test
    void healthReportsStatusVersionAndTheDatabaseCheck() {
        try (RunningApi api = RunningApi.start()) {
            var data = assertOk(api.get("/health"), 200);
            assertEquals("healthy", data.get("status").asText());
            assertEquals("test", data.get("version").asText());
            assertEquals("ok", data.get("checks").get("database").get("status").asText());
        }
    }

    @Test
    void thePageHookServesAPlaceholderAtRootAndCached() {
        try (RunningApi api = RunningApi.start()) {
            for (String path : List.of("/", "/cached")) {
                RunningApi.Response page = api.get(path);
                assertEquals(200, page.status(), path);
                assertTrue(page.body().contains("/api/openapi.json"), path);
            }
        }
    }
}
