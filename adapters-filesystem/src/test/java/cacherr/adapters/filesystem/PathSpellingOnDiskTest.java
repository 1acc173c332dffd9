package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CacheResult;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.VerifyCommand;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** On real directories: a file already cached and asked for under another spelling is the same file, kept intact. */
class PathSpellingOnDiskTest {
    private static final byte[] MOVIE = Tree.content(48 * 1024);
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = CacheMethod.class, names = {"ATOMIC_COPY", "ATOMIC_HARDLINK", "ATOMIC_SYMLINK"})
    public void aCachedFileAskedForUnderAnotherSpellingIsTheSameFile(CacheMethod method) throws Exception {
        Tree tree = new Tree(dir);
        Path media = tree.original("movies/Heat/Heat.mkv", MOVIE);
        InMemoryCacherr memory = InMemoryCacherr.create();
        Cacherr app = new Cacherr(memory.bookkeeping(), tree.storage(), memory.clock(), new SequentialIds(),
                CacheSettings.DEFAULTS);
        CachedFile first = app.cacheFile().cache(new CacheFileCommand(media.toString(), OperationType.WATCHLIST,
                new UserId("alice"), null, method, null)).file();

        for (String alias : List.of(tree.array + "//movies/Heat/Heat.mkv", media + "/",
                tree.array + "/movies//Heat//Heat.mkv/")) {
            CacheResult again = app.cacheFile().cache(new CacheFileCommand(alias, OperationType.ONDECK,
                    new UserId("bob"), null, method, null));
            assertEquals(first.id(), again.file().id(), alias);
        }

        assertEquals(1, memory.files().list(FileFilter.FIRST_PAGE).items().size());
        assertArrayEquals(MOVIE, Files.readAllBytes(tree.cached("movies/Heat/Heat.mkv")), "the live copy stays");
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        var report = app.verifyIntegrity().verify(new VerifyCommand(List.of(), true, null));
        assertEquals(1, report.checked());
        assertEquals(1, report.intact(), report.findings().toString());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(first.id()).status());
        app.uncacheFile().uncache(new UncacheCommand(first.id(), null, null));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
    }
}
