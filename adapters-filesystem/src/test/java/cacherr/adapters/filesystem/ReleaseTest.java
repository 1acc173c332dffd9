package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** release restores first, deletes last, and never deletes the last copy of the data. */
class ReleaseTest {
    private static final byte[] MOVIE = Tree.content(16 * 1024);
    @TempDir
    Path dir;
    private Tree tree;
    private NioCacheStorage storage;
    private Path media;

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        storage = tree.storage();
        media = tree.original("movies/Heat/Heat.mkv", MOVIE);
    }

    private Placement placed(CacheMethod method) {
        return storage.place(storage.plan(media.toString(), method));
    }

    @Test
    public void releaseKeepsBothWhenTheOriginalNoLongerMatchesTheCachedCopy() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        byte[] replaced = Tree.content(MOVIE.length + 1);
        Files.write(media, replaced);
        StorageException e = assertThrows(StorageException.class, () -> storage.release(placement));
        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertArrayEquals(MOVIE, Files.readAllBytes(Path.of(placement.cachedPath())));
        assertArrayEquals(replaced, Files.readAllBytes(media));
    }

    @Test
    public void releaseRemovesTheCacheDirectoriesItLeavesEmpty() throws Exception {
        storage.release(placed(CacheMethod.ATOMIC_SYMLINK));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
        assertEquals(List.of(media), Tree.everythingUnder(media.getParent()));
    }

    @Test
    public void releaseMovesTheLastCopyBackEvenWhenTheMediaDirectoryIsGone() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        Files.delete(media);
        Files.delete(media.getParent());
        storage.release(placement);
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertFalse(Files.exists(Path.of(placement.cachedPath())));
    }

    @Test
    public void releaseOfTheLastCopyBehindASymlinkReplacesTheLinkWithTheData() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Files.delete(Names.backup(media));
        storage.release(placement);
        assertFalse(Files.isSymbolicLink(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
    }

    @Test
    public void releaseLeavesAMediaPathThatIsNeitherTheOriginalNorOurLinkAndItsBackup() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        byte[] upgrade = Tree.content(100);
        Files.delete(media); // a media manager replaced the link with a new release
        Files.write(media, upgrade);
        StorageException e = assertThrows(StorageException.class, () -> storage.release(placement));
        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertArrayEquals(upgrade, Files.readAllBytes(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(Names.backup(media)));
        assertArrayEquals(MOVIE, Files.readAllBytes(Path.of(placement.cachedPath())));
    }

    @Test
    public void aDirectoryUnderTheBackupNameIsNeverMovedOverTheMediaPath() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Files.delete(Names.backup(media));
        Files.createDirectory(Names.backup(media));
        StorageException e = assertThrows(StorageException.class, () -> storage.release(placement));
        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertEquals(Path.of(placement.cachedPath()), Files.readSymbolicLink(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(Path.of(placement.cachedPath())));
    }

    /** A tagger writing through the media path, then {@code touch -r}: same size, same time, other bytes. */
    @Test
    public void anEditThroughTheMediaPathKeepingSizeAndTimeIsNeverDeletedAndNothingMoves() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Path cached = Path.of(placement.cachedPath());
        FileTime time = Files.getLastModifiedTime(media);
        byte[] tagged = MOVIE.clone();
        tagged[100] ^= 1;
        Files.write(media, tagged); // through the symlink, in place
        Files.setLastModifiedTime(media, time);

        StorageException e = assertThrows(StorageException.class, () -> storage.release(placement));

        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertTrue(e.getMessage().contains("was changed after it was cached"), e.getMessage());
        assertEquals(cached, Files.readSymbolicLink(media), "nothing moved: the media path still shows the edit");
        assertArrayEquals(tagged, Files.readAllBytes(cached));
        assertArrayEquals(MOVIE, Files.readAllBytes(Names.backup(media)), "the original is kept too");
    }

    @Test
    public void anEditThroughTheMediaPathThatChangesTheSizeDoesNotRevertTheMediaPath() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Files.write(media, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

        assertEquals(Problem.NOT_POSSIBLE, assertThrows(StorageException.class,
                () -> storage.release(placement)).problem());

        assertTrue(Files.isSymbolicLink(media), "the old original must not have been put back first");
        assertEquals(MOVIE.length + 3, Files.size(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(Names.backup(media)));
    }

    @Test
    public void aCopyIdenticalToTheOriginalButWithAnotherTimeIsDeleted() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        Files.setLastModifiedTime(Path.of(placement.cachedPath()), FileTime.fromMillis(0)); // bytes decide, not time
        storage.release(placement);
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertFalse(Files.exists(Path.of(placement.cachedPath())));
    }

    /**
     * The copy is compared, then written to (through a path that still reaches it) in the instant before the delete:
     * its modification time put back, but not its inode change time, which the kernel alone sets. The original goes
     * back, the edited copy stays.
     */
    @Test
    public void aCopyWrittenBetweenTheComparisonAndTheDeleteIsKept() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Path cached = Path.of(placement.cachedPath());
        byte[] tagged = MOVIE.clone();
        tagged[7] ^= 1;
        Runnable editInTheGap = () -> Tree.run(() -> {
            FileTime time = Files.getLastModifiedTime(cached);
            Files.write(cached, tagged);
            Files.setLastModifiedTime(cached, time);
        });
        Roots roots = new Roots(List.of(tree.array), tree.cache);
        Guard guard = new Guard(roots);
        Directories directories = new Directories(null, null, guard);
        Restorer restorer = new Restorer(roots, directories, new AtomicCopy(Copier.TRANSFER, directories, guard),
                guard, editInTheGap);

        StorageException e = assertThrows(StorageException.class, () -> restorer.restore(roots.of(placement)));

        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertTrue(e.getMessage().contains("was written to while it was being taken off the cache"), e.getMessage());
        assertArrayEquals(MOVIE, Files.readAllBytes(media), "the original is back");
        assertFalse(Files.isSymbolicLink(media));
        assertArrayEquals(tagged, Files.readAllBytes(cached), "and the edit is kept");
    }

    /**
     * Keeping both: the kept name is free when checked, and a file appears there in the instant before the first
     * change. It is never replaced (the copy takes that name by a hard link, which cannot overwrite), and the edited
     * cached copy stays under its own name.
     */
    @Test
    public void aFileAtTheKeptNameThatAppearsAfterTheChecksIsNeverReplaced() throws Exception {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Path cached = Path.of(placement.cachedPath());
        byte[] tagged = MOVIE.clone();
        tagged[3] ^= 1;
        Files.write(cached, tagged);
        byte[] someoneElses = Tree.content(5);
        Path kept = Names.kept(cached);
        Roots roots = new Roots(List.of(tree.array), tree.cache);
        Guard guard = new Guard(roots);
        Directories directories = new Directories(null, null, guard);
        Restorer restorer = new Restorer(roots, directories, new AtomicCopy(Copier.TRANSFER, directories, guard),
                guard, () -> Tree.run(() -> Files.write(kept, someoneElses)));

        assertThrows(StorageException.class, () -> restorer.restore(roots.of(placement), true));

        assertArrayEquals(someoneElses, Files.readAllBytes(kept), "the file at the kept name is untouched");
        assertArrayEquals(tagged, Files.readAllBytes(cached), "the edited copy is still there");
        assertArrayEquals(MOVIE, Files.readAllBytes(media), "the original is back");
    }
}
