package cacherr.application.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.Cacherr;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's example of the application in memory, kept compiling and true. */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleCachesAFileAndCountsItsAccess() {
        byte[] movieBytes = "a movie".getBytes(StandardCharsets.UTF_8);

        InMemoryCacherr memory = InMemoryCacherr.create();              // array root /array, cache root /cache
        memory.storage().write("/array/movies/Heat.mkv", movieBytes);    // a simulated file on the array

        Cacherr cacherr = memory.app();
        CachedFile heat = cacherr.cacheFile().cache(new CacheFileCommand(
                "/array/movies/Heat.mkv", OperationType.WATCHLIST, new UserId("alice"), "on alice's watchlist",
                null /* default method */, null /* no metadata */)).file();

        cacherr.recordAccess().recordAccess(new RecordAccessCommand(heat.id(), new UserId("alice")));
        CacheStatistics stats = cacherr.cacheStatistics().statistics();

        assertEquals(1, stats.totalFiles());
        assertEquals(1.0, stats.hitRatio());
        assertEquals("/cache/movies/Heat.mkv", heat.cachedPath());
    }
}
