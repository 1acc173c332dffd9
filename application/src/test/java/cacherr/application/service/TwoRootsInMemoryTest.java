package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.UncacheCommand;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory storage maps several roots as the disk does: the same relative path never shares a cached path. */
class TwoRootsInMemoryTest {
    private static final byte[] MOVIE = "movie".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameRelativePathInTwoRootsGetsItsOwnCachedPath() {
        InMemoryCacheStorage storage = new InMemoryCacheStorage(List.of("/a1", "/a2"), "/cache", 1L << 30, 0, null);
        storage.write("/a1/movies/x.mkv", MOVIE);
        storage.write("/a2/movies/x.mkv", MOVIE);
        Cacherr app = InMemoryCacherr.create(storage, CacheSettings.DEFAULTS).app();

        CachedFile one = cache(app, "/a1/movies/x.mkv");
        CachedFile two = cache(app, "/a2/movies/x.mkv");
        assertEquals("/cache/a1/movies/x.mkv", one.cachedPath());
        assertEquals("/cache/a2/movies/x.mkv", two.cachedPath());

        app.uncacheFile().uncache(new UncacheCommand(one.id(), null, null));
        assertArrayEquals(MOVIE, storage.read("/a2/movies/x.mkv"));
        assertArrayEquals(MOVIE, storage.read("/cache/a2/movies/x.mkv"));
        assertEquals(FileStatus.ACTIVE, app.getFile().get(two.id()).status());
    }

    private static CachedFile cache(Cacherr app, String path) {
        return app.cacheFile().cache(new CacheFileCommand(path, OperationType.MANUAL, null, null,
                CacheMethod.ATOMIC_SYMLINK, null)).file();
    }
}
