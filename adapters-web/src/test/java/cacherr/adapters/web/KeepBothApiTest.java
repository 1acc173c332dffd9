package cacherr.adapters.web;

import static cacherr.adapters.web.fixtures.ApiAssertions.assertFailure;
import static cacherr.adapters.web.fixtures.ApiAssertions.assertOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.adapters.web.fixtures.RunningApi;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.OperationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stale cached copy: the removal is a 409 that names the way out, and keep_both removes it keeping both files. */
class KeepBothApiTest {
    private RunningApi api;

    @BeforeEach
    void start() {
        api = RunningApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aStaleCopyIsAConflictUntilTheRemovalAsksToKeepBoth() {
        String media = api.anUncachedMovie("Heat.mkv", 10);
        CachedFile heat = api.memory.app().cacheFile().cache(new CacheFileCommand(media, OperationType.MANUAL, null,
                null, CacheMethod.ATOMIC_COPY, null)).file();
        api.memory.storage().write(media, new byte[] {1, 2, 3}); // the original replaced while cached
        String path = "/api/cached/files/" + heat.id().value();

        assertFailure(api.delete(path, null), 409, "keep_both=true");
        assertEquals("active", api.get(path).data().get("status").asText());

        assertEquals("removed", assertOk(api.delete(path, "{\"keep_both\":true}"), 200).get("status").asText());
        assertArrayEquals(new byte[10], api.memory.storage().read(heat.cachedPath() + ".cacherr-kept-copy"));
        assertArrayEquals(new byte[] {1, 2, 3}, api.memory.storage().read(media));
        assertFailure(api.delete(path, "{\"keep_both\":\"yes\"}"), 400, "keep_both");
    }
}
