package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import cacherr.domain.query.LogFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A directory at one of the adapter's names is a clear 409 and is kept; a stale copy can be removed keeping both. */
class LooseEndsTest {
    private static final byte[] MOVIE = Tree.content(20 * 1024);
    private static final byte[] NEW_CUT = Tree.content(30 * 1024);
    @TempDir
    Path dir;
    private Tree tree;
    private NioCacheStorage storage;
    private Path media;
    private Path cached;

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        storage = tree.storage();
        media = tree.original("movies/Heat.mkv", MOVIE);
        cached = tree.cached("movies/Heat.mkv");
    }

    /** A user's directory, empty or not, at {@code name}. */
    private static Path userDirectoryAt(Path name, boolean withAFile) throws Exception {
        Files.createDirectories(name);
        if (withAFile) Files.write(name.resolve("notes.txt"), new byte[] {7});
        return name;
    }

    private static void assertConflictNaming(Path path, StorageException e) {
        assertEquals(Problem.NOT_POSSIBLE, e.problem(), e.getMessage()); // answered 409
        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    }

    @ParameterizedTest(name = "with a file inside: {0}")
    @ValueSource(booleans = {false, true})
    public void aDirectoryAtTheTemporaryCopyNameIsRefusedAndKept(boolean withAFile) throws Exception {
        Path temp = userDirectoryAt(Names.tempCopy(cached), withAFile);
        StorageException e = assertThrows(StorageException.class,
                () -> storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY)));
        assertConflictNaming(temp, e);
        assertTrue(Files.isDirectory(temp), "the user's directory stays");
        assertEquals(withAFile, Files.exists(temp.resolve("notes.txt")));
        assertFalse(Files.exists(cached));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
    }

    @ParameterizedTest(name = "with a file inside: {0}")
    @ValueSource(booleans = {false, true})
    public void aDirectoryAtTheTemporaryLinkNameIsRefusedBeforeAnythingIsWritten(boolean withAFile) throws Exception {
        Path temp = userDirectoryAt(Names.tempLink(media), withAFile);
        StorageException e = assertThrows(StorageException.class,
                () -> storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK)));
        assertConflictNaming(temp, e);
        assertTrue(Files.isDirectory(temp));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache), "nothing was written");
        assertFalse(Files.exists(Names.backup(media)));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
    }

    @Test
    public void aDirectoryAtATemporaryNameStopsARemovalBeforeItChangesAnything() throws Exception {
        Placement placed = storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK));
        Path temp = userDirectoryAt(Names.tempLink(media), true);
        StorageException e = assertThrows(StorageException.class, () -> storage.release(placed));
        assertConflictNaming(temp, e);
        assertTrue(Files.exists(temp.resolve("notes.txt")));
        assertEquals(cached, Files.readSymbolicLink(media), "still swapped, as it was");
        Files.delete(temp.resolve("notes.txt"));
        Files.delete(temp);
        storage.release(placed);
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
    }

    @Test
    public void aStaleCopyIsRefusedWithTheWayOutAndRemovedKeepingBoth() throws Exception {
        Placement placed = storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        Files.write(media, NEW_CUT); // the original replaced while it was cached

        StorageException refused = assertThrows(StorageException.class, () -> storage.release(placed));
        assertEquals(Problem.NOT_POSSIBLE, refused.problem());
        Path kept = Names.kept(cached);
        assertTrue(refused.getMessage().contains("keep_both=true") && refused.getMessage().contains(kept.toString()),
                refused.getMessage());

        assertEquals(kept.toString(), storage.releaseKeepingBoth(placed));
        assertArrayEquals(NEW_CUT, Files.readAllBytes(media), "the new original stays");
        assertArrayEquals(MOVIE, Files.readAllBytes(kept), "the stale copy is kept, renamed aside");
        assertFalse(Files.exists(cached));
        assertEquals(List.of(), storage.sweepLeftovers(), "a kept copy is never swept");
        assertTrue(Files.exists(kept));
    }

    @Test
    public void keepingBothNeverOverwritesACopyKeptEarlier() throws Exception {
        Placement placed = storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        Files.write(media, NEW_CUT);
        Files.write(Names.kept(cached), new byte[] {1, 2, 3});
        StorageException e = assertThrows(StorageException.class, () -> storage.releaseKeepingBoth(placed));
        assertConflictNaming(Names.kept(cached), e);
        assertArrayEquals(MOVIE, Files.readAllBytes(cached));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(Names.kept(cached)));
    }

    @Test
    public void throughTheUseCaseTheRecordIsRemovedAndTheLogSaysWhereTheCopyWasKept() throws Exception {
        InMemoryCacherr memory = InMemoryCacherr.create();
        Cacherr app = new Cacherr(memory.bookkeeping(), storage, memory.clock(), new SequentialIds(),
                CacheSettings.DEFAULTS);
        CachedFile file = app.cacheFile().cache(new CacheFileCommand(media.toString(), OperationType.MANUAL, null,
                null, CacheMethod.ATOMIC_COPY, null)).file();
        Files.write(media, NEW_CUT);

        assertThrows(StorageException.class, () -> app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null)));
        assertEquals(FileStatus.ACTIVE, app.getFile().get(file.id()).status());

        app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null, true));
        assertEquals(FileStatus.REMOVED, app.getFile().get(file.id()).status());
        AuditEntry entry = memory.journal().list(LogFilter.LATEST).items().get(0);
        assertTrue(entry.success());
        assertTrue(String.valueOf(entry.metadata()).contains(Names.kept(cached).toString()), entry.toString());
        assertArrayEquals(MOVIE, Files.readAllBytes(Names.kept(cached)));
        assertArrayEquals(NEW_CUT, Files.readAllBytes(media));
    }
}
