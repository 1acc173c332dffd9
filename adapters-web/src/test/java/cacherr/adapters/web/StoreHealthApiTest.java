package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static org.junit.jupiter.api.Assertions.assertNull;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.out.StoreUnhealthyException;
import org.junit.jupiter.api.Test;

/** A store that reports itself damaged or gone makes /health unhealthy with its words, and its refusals are 503s. */
class StoreHealthApiTest {
    private static final String GONE = "the database file /config/data/cached_files.db was deleted or moved away while"
            + " Cacherr was running";

    @Test
    void healthIsUnhealthyWithTheStoresOwnWordsWhileReadsStillWork() {
        try (RunningApi api = RunningApi.start()) {
            api.memory.health().spoil(GONE);
            assertFailure(api.get("/health"), 503, "unhealthy: " + GONE);
        }
    }

    @Test
    void aWriteRefusedByAnUnhealthyStoreIsA503ThatNamesTheProblemWithoutRetryAfter() {
        try (RunningApi api = RunningApi.start()) {
            String movie = api.anUncachedMovie("Heat.mkv", 100);
            api.memory.storage().failNextPlace(new StoreUnhealthyException(GONE + ". Nothing was written."));
            RunningApi.Response refused = api.post("/api/cached/files", "{\"file_path\":\"" + movie
                    + "\",\"triggered_by_operation\":\"manual\"}");
            assertFailure(refused, 503, GONE);
            assertNull(refused.header("Retry-After"), "waiting will not bring the file back");
        }
    }
}
