package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.web.fixtures.Archive;
import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.domain.query.Page;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Past the counting bound a store may give a lower bound instead of counting every match: the API says so
 * ({@code total_count_exact}, {@code total_found_exact}), says more follow, and counts them all when asked
 * ({@code exact_total=true}). Over an archive of {@link Archive#PAST_THE_BOUND} films, counted as a large store does.
 */
class BoundedTotalsApiTest {
    private static final long BOUND = Page.COUNTED_UP_TO;
    private static final long FILES = Archive.PAST_THE_BOUND;
    private static final List<String> COUNTING_ENDPOINTS = List.of("/api/cached/files", "/api/cached/files/search?q=x",
            "/api/cached/operations");

    private static RunningApi api;

    @BeforeAll
    static void startOverALargeArchive() {
        api = RunningApi.startCountingAsALargeStore();
        Archive.add(api.memory, Archive.PAST_THE_BOUND);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void pastTheBoundTheListSaysMoreThanItsTotalMatchAndThatMoreFollow() {
        JsonNode data = assertOk(api.get("/api/cached/files"), 200);
        assertEquals(50, data.get("files").size());
        assertPagination(data, BOUND, false, true);
    }

    @Test
    void askingForAnExactTotalCountsEveryMatch() {
        assertPagination(assertOk(api.get("/api/cached/files?exact_total=true"), 200), FILES, true, true);
        assertPagination(assertOk(api.get("/api/cached/files?exact_total=1&limit=10"), 200), FILES, true, true);
        assertPagination(assertOk(api.get("/api/cached/files?exact_total=false"), 200), BOUND, false, true);
        assertPagination(assertOk(api.get("/api/cached/files?exact_total="), 200), BOUND, false, true);
    }

    @Test
    void aPageNearTheEndCountsPastItselfAndTheLastPageCountsExactly() {
        assertPagination(assertOk(api.get("/api/cached/files?offset=9950"), 200), BOUND, false, true);
        assertPagination(assertOk(api.get("/api/cached/files?offset=10020&limit=20"), 200), 10_040, false, true);

        JsonNode last = assertOk(api.get("/api/cached/files?offset=10000"), 200);
        assertEquals(50, last.get("files").size());
        assertPagination(last, FILES, true, false);
        JsonNode beyond = assertOk(api.get("/api/cached/files?offset=20000"), 200);
        assertEquals(0, beyond.get("files").size());
        assertPagination(beyond, FILES, true, false);
    }

    @Test
    void aListOfFewerMatchesThanTheBoundIsCountedExactly() {
        JsonNode data = assertOk(api.get("/api/cached/files?search=Film%200000&limit=5"), 200);
        assertPagination(data, 9, true, true);
    }

    @Test
    void pastTheBoundASearchSaysMoreThanItsTotalMatchUnlessAskedToCountThemAll() {
        JsonNode broad = assertOk(api.get("/api/cached/files/search?q=archive&type=path"), 200);
        assertEquals(50, broad.get("results").size());
        assertTotalFound(broad, BOUND, false);
        assertTotalFound(assertOk(api.get("/api/cached/files/search?q=archive&type=path&exact_total=true"), 200),
                FILES, true);
        assertTotalFound(assertOk(api.get("/api/cached/files/search?q=Film%200000&type=filename"), 200), 9, true);
    }

    @Test
    void pastTheBoundTheAuditLogSaysMoreThanItsTotalMatchUnlessAskedToCountThemAll() {
        assertPagination(assertOk(api.get("/api/cached/operations"), 200), BOUND, false, true);
        assertPagination(assertOk(api.get("/api/cached/operations?exact_total=true"), 200), FILES, true, true);
    }

    @Test
    void exactTotalIsTrueOrFalseGivenOnceOnEveryEndpointThatCounts() {
        for (String endpoint : COUNTING_ENDPOINTS) {
            String and = endpoint.contains("?") ? "&" : "?";
            assertFailure(api.get(endpoint + and + "exact_total=maybe"), 400,
                    "exact_total: must be true or false, not 'maybe'");
            assertFailure(api.get(endpoint + and + "exact_total=yes"), 400, "exact_total: must be true or false");
            assertFailure(api.get(endpoint + and + "exact_total=true&exact_total=false"), 400,
                    "exact_total: given more than once");
        }
    }

    private static void assertPagination(JsonNode data, long total, boolean exact, boolean more) {
        JsonNode pagination = data.get("pagination");
        assertTrue(pagination.get("total_count").isIntegralNumber(), pagination::toString);
        assertEquals(total, pagination.get("total_count").asLong(), pagination::toString);
        assertTrue(pagination.get("total_count_exact").isBoolean(), pagination::toString);
        assertEquals(exact, pagination.get("total_count_exact").booleanValue(), pagination::toString);
        assertEquals(more, pagination.get("has_more").booleanValue(), pagination::toString);
    }

    private static void assertTotalFound(JsonNode data, long total, boolean exact) {
        assertTrue(data.get("total_found").isIntegralNumber(), data.get("total_found")::toString);
        assertEquals(total, data.get("total_found").asLong());
        assertTrue(data.get("total_found_exact").isBoolean(), data::toString);
        assertEquals(exact, data.get("total_found_exact").booleanValue());
    }
}
