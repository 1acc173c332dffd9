package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.VerifyCommand;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two array roots holding the same relative path: each file gets its own cached path, and one record per path. */
class TwoRootsTest {
    private static final byte[] MOVIE = Tree.content(24 * 1024);
    private static final FileTime MTIME = FileTime.fromMillis(1_650_000_000_000L);
    @TempDir
    Path dir;
    private Path a1;
    private Path a2;
    private Path cache;
    private Path first;
    private Path second;

    @BeforeEach
    void twoRootsWithTheSameFile() throws Exception {
        a1 = Files.createDirectories(dir.resolve("disk1"));
        a2 = Files.createDirectories(dir.resolve("disk2"));
        cache = Files.createDirectories(dir.resolve("cache"));
        first = write(a1.resolve("movies/Heat.mkv"));
        second = write(a2.resolve("movies/Heat.mkv"));
    }

    /** The same bytes and time in both roots: the worst case, a copy of one would pass for a copy of the other. */
    private static Path write(Path media) throws Exception {
        Files.createDirectories(media.getParent());
        Files.write(media, MOVIE);
        Files.setLastModifiedTime(media, MTIME);
        return media;
    }

    private NioCacheStorage storage(List<Path> roots) {
        return new NioCacheStorage(FileSystemStorageSettings.of(roots, cache));
    }

    @ParameterizedTest
    @EnumSource(value = CacheMethod.class, names = {"ATOMIC_COPY", "ATOMIC_HARDLINK", "ATOMIC_SYMLINK"})
    public void theSameRelativePathInTwoRootsGetsTwoCachedFilesAndTwoRecords(CacheMethod method) throws Exception {
        InMemoryCacherr memory = InMemoryCacherr.create();
        Cacherr app = new Cacherr(memory.bookkeeping(), storage(List.of(a1, a2)), memory.clock(),
                new SequentialIds(), CacheSettings.DEFAULTS);
        CachedFile one = app.cacheFile().cache(command(first, method)).file();
        CachedFile two = app.cacheFile().cache(command(second, method)).file();

        assertNotEquals(one.cachedPath(), two.cachedPath());
        assertEquals(cache.resolve(first.getRoot().relativize(first)).toString(), one.cachedPath(),
                "with several roots a file's whole path is kept under the cache root");
        assertEquals(cache.resolve(second.getRoot().relativize(second)).toString(), two.cachedPath());

        app.uncacheFile().uncache(new UncacheCommand(one.id(), null, null));

        assertFalse(Files.isSymbolicLink(first));
        assertArrayEquals(MOVIE, Files.readAllBytes(first));
        assertArrayEquals(MOVIE, Files.readAllBytes(second), "the other root's media path still plays");
        var report = app.verifyIntegrity().verify(new VerifyCommand(List.of(two.id()), true, null));
        assertEquals(1, report.intact(), report.findings().toString());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(two.id()).status());
        app.uncacheFile().uncache(new UncacheCommand(two.id(), null, null));
        assertArrayEquals(MOVIE, Files.readAllBytes(second));
        assertEquals(List.of(), Tree.everythingUnder(cache));
    }

    private static CacheFileCommand command(Path media, CacheMethod method) {
        return new CacheFileCommand(media.toString(), OperationType.WATCHLIST, null, null, method, null);
    }

    @Test
    public void oneRootKeepsTheCachedPathsOfBefore() {
        Placement plan = storage(List.of(a1)).plan(first.toString(), CacheMethod.ATOMIC_COPY);
        assertEquals(cache.resolve("movies/Heat.mkv").toString(), plan.cachedPath());
    }

    @Test
    public void aRecordMadeBeforeASecondRootWasAddedIsStillVerifiedAndUncached() throws Exception {
        Placement before = storage(List.of(a1)).place(storage(List.of(a1)).plan(first.toString(),
                CacheMethod.ATOMIC_SYMLINK));
        assertEquals(cache.resolve("movies/Heat.mkv").toString(), before.cachedPath());

        NioCacheStorage now = storage(List.of(a1, a2));
        assertEquals(IntegrityState.INTACT, now.inspect(before, true).state());
        now.release(before);
        assertFalse(Files.isSymbolicLink(first));
        assertArrayEquals(MOVIE, Files.readAllBytes(first));
        assertEquals(List.of(), Tree.everythingUnder(cache));
    }

    @Test
    public void aRecordMadeWithSeveralRootsIsStillUncachedWithOne() throws Exception {
        Placement before = storage(List.of(a1, a2)).place(storage(List.of(a1, a2)).plan(first.toString(),
                CacheMethod.ATOMIC_COPY));
        storage(List.of(a1)).release(before);
        assertArrayEquals(MOVIE, Files.readAllBytes(first));
        assertEquals(List.of(), Tree.everythingUnder(cache));
    }
}
