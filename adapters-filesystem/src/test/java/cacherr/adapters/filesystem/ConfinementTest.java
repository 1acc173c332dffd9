package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every path outside the roots is refused with OUTSIDE_ROOTS before anything is touched. */
class ConfinementTest {
    private static final byte[] SECRET = {1, 2, 3, 4};
    @TempDir
    Path dir;
    private Tree tree;
    private NioCacheStorage storage;
    private Path outside;

    @BeforeEach
    void createTree() throws Exception {
        tree = new Tree(dir);
        storage = tree.storage();
        outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.write(outside.resolve("secret.mkv"), SECRET);
    }

    private static void assertOutside(Executable call) {
        StorageException e = assertThrows(StorageException.class, call);
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem(), e.getMessage());
    }

    private void assertNothingTouched() throws Exception {
        assertEquals(List.of(), Tree.everythingUnder(tree.cache), "nothing may be written to the cache");
        assertArrayEquals(SECRET, Files.readAllBytes(outside.resolve("secret.mkv")));
        assertEquals(1, Tree.everythingUnder(outside).size());
    }

    @Test
    public void dotDotClimbingOutOfTheArrayRootIsRefused() throws Exception {
        assertOutside(() -> storage.plan(tree.array + "/../elsewhere/secret.mkv", CacheMethod.ATOMIC_COPY));
        assertNothingTouched();
    }

    @Test
    public void dotDotIsRefusedEvenWhenItWouldNormaliseInsideTheRoot() throws Exception {
        tree.original("movies/a.mkv", SECRET);
        assertOutside(() -> storage.plan(tree.array + "/movies/../movies/a.mkv", CacheMethod.ATOMIC_COPY));
        assertOutside(() -> storage.locate(tree.array + "/./movies/a.mkv", CacheMethod.ATOMIC_COPY));
        assertNothingTouched();
    }

    @Test
    public void aRelativeOrMalformedPathIsRefused() {
        assertOutside(() -> storage.plan("movies/a.mkv", CacheMethod.ATOMIC_COPY));
        assertOutside(() -> storage.plan(tree.array + "/a\0.mkv", CacheMethod.ATOMIC_COPY));
    }

    @Test
    public void aSymlinkedArrayDirectoryPointingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(tree.array.resolve("escape"), outside);
        String media = tree.array + "/escape/secret.mkv";
        assertOutside(() -> storage.plan(media, CacheMethod.ATOMIC_SYMLINK));
        Placement forged = new Placement(media, media, tree.cache + "/escape/secret.mkv", CacheMethod.ATOMIC_SYMLINK,
                SECRET.length, null);
        assertOutside(() -> storage.place(forged));
        assertOutside(() -> storage.release(forged));
        assertOutside(() -> storage.undo(forged));
        assertOutside(() -> storage.inspect(forged, true));
        assertOutside(() -> storage.isInUse(media));
        assertNothingTouched();
    }

    @Test
    public void aSymlinkedCacheDirectoryPointingOutsideIsRefused() throws Exception {
        Path media = tree.original("movies/a.mkv", new byte[] {9});
        Files.createSymbolicLink(tree.cache.resolve("movies"), outside);
        assertOutside(() -> storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        Placement forged = new Placement(media.toString(), media.toString(), tree.cache + "/movies/a.mkv",
                CacheMethod.ATOMIC_COPY, 1, null);
        assertOutside(() -> storage.place(forged));
        assertEquals(1, Tree.everythingUnder(outside).size(), "nothing may be written through the link");
    }

    @Test
    public void aSiblingOfTheCacheRootSharingItsPrefixIsNotInsideIt() throws Exception {
        Path media = tree.original("movies/a.mkv", SECRET);
        Path downloads = Files.createDirectories(dir.resolve("cache_downloads/movies")).resolve("a.mkv");
        Files.write(downloads, SECRET);
        Placement forged = new Placement(media.toString(), media.toString(), downloads.toString(),
                CacheMethod.ATOMIC_COPY, SECRET.length, null);
        assertOutside(() -> storage.place(forged));
        assertOutside(() -> storage.release(forged));
        assertOutside(() -> storage.isInUse(downloads.toString()));
        assertArrayEquals(SECRET, Files.readAllBytes(downloads), "the look-alike directory's file must stay");
    }

    @Test
    public void aSiblingOfTheArrayRootSharingItsPrefixIsNotInsideIt() throws Exception {
        Path lookAlike = Files.createDirectories(dir.resolve("array_old")).resolve("a.mkv");
        Files.write(lookAlike, SECRET);
        assertOutside(() -> storage.plan(lookAlike.toString(), CacheMethod.ATOMIC_COPY));
        assertNothingTouched();
    }

    @Test
    public void aCachedPathThatDoesNotBelongToTheMediaPathIsRefusedAndKept() throws Exception {
        Path media = tree.original("movies/a.mkv", SECRET);
        Path other = tree.cache.resolve("other.mkv");
        Files.write(other, SECRET);
        Placement forged = new Placement(media.toString(), media.toString(), other.toString(),
                CacheMethod.ATOMIC_COPY, SECRET.length, null);
        StorageException e = assertThrows(StorageException.class, () -> storage.release(forged));
        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertTrue(e.getMessage().contains(tree.cache + "/movies/a.mkv"), e.getMessage());
        assertArrayEquals(SECRET, Files.readAllBytes(other));
    }
}
