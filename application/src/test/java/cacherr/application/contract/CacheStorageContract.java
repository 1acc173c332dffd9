package cacherr.application.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.Inspection;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The semantics every {@link CacheStorage} shares, run against each adapter of the port (the in-memory reference and
 * the file-system adapter). Each subclass provides a fresh storage per test with one array root and one cache root on
 * one file system, no reserve and no limit, and hooks to arrange and observe the files behind it.
 */
public abstract class CacheStorageContract {
    private static final byte[] MOVIE = "a movie, or a few bytes standing in for one".getBytes(StandardCharsets.UTF_8);
    private static final String MOVIE_PATH = "movies/Heat (1995)/Heat (1995).mkv";

    static {
        // Under JPMS, Surefire opens to JUnit only the packages of the test classes it finds by name (*Test); this
        // abstract base is in a package of its own, so it opens that package itself, or JUnit cannot call the @Test
        // methods it declares. (Where it runs from the test-jar on the class path, the package is open already.)
        CacheStorageContract.class.getModule().addOpens(CacheStorageContract.class.getPackageName(),
                Test.class.getModule());
    }

    /** The storage under test (the same instance for the whole test). */
    protected abstract CacheStorage storage();

    /** The array root, as the storage was configured with it. */
    protected abstract String arrayRoot();

    /** The cache root, as the storage was configured with it. */
    protected abstract String cacheRoot();

    /** Writes an original at {@code relativePath} under the array root; returns its media path. */
    protected abstract String createOriginal(String relativePath, byte[] content);

    /** Gives the file at {@code existing} a second name (a hard link). */
    protected abstract void hardLink(String existing, String newPath);

    /** The contents at {@code path}, following a symlink; null when nothing is there. */
    protected abstract byte[] readMedia(String path);

    /** Whether anything readable is at {@code path}, following a symlink. */
    protected abstract boolean exists(String path);

    protected abstract boolean isSymlink(String path);

    protected abstract void deleteCachedCopy(Placement placement);

    /** Replaces the cached copy's bytes with others of the same length. */
    protected abstract void corruptCachedCopy(Placement placement);

    /** Deletes the original's data: the media file, or the backup of it kept while the media path is a symlink. */
    protected abstract void deleteOriginal(Placement placement);

    /**
     * Writes {@code content} at {@code path} in place (the same file, when one is there), and gives it the modification
     * time of {@code likePath} where the adapter keeps one: what a tagger or {@code touch -r} does, and what a file
     * made to pass for another looks like.
     */
    protected abstract void writeLookAlike(String path, byte[] content, String likePath);

    /** An absolute path outside every root. */
    protected abstract String outsidePath();

    private String aMovie() {
        return createOriginal(MOVIE_PATH, MOVIE);
    }

    private Placement placed(CacheMethod method) {
        return storage().place(storage().plan(aMovie(), method));
    }

    private void assertOriginalBackInPlace(String media) {
        assertFalse(isSymlink(media), media + " should be a file again, not a symlink");
        assertArrayEquals(MOVIE, readMedia(media));
    }

    // ---- plan ----

    @Test
    public void planMapsTheMediaPathUnderTheCacheRootAndChangesNothing() {
        String media = aMovie();
        Placement plan = storage().plan(media, CacheMethod.ATOMIC_COPY);
        assertEquals(media, plan.mediaPath());
        assertEquals(cacheRoot() + "/" + MOVIE_PATH, plan.cachedPath());
        assertEquals(CacheMethod.ATOMIC_COPY, plan.method());
        assertEquals(MOVIE.length, plan.sizeBytes());
        assertNull(plan.note());
        assertFalse(exists(plan.cachedPath()), "planning must not write anything");
    }

    @Test
    public void planOfAMissingFileIsNotFound() {
        StorageException e = assertThrows(StorageException.class,
                () -> storage().plan(arrayRoot() + "/movies/missing.mkv", CacheMethod.ATOMIC_COPY));
        assertEquals(Problem.NOT_FOUND, e.problem());
    }

    @Test
    public void planOutsideTheRootsIsRefused() {
        StorageException e = assertThrows(StorageException.class,
                () -> storage().plan(outsidePath(), CacheMethod.ATOMIC_COPY));
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem());
    }

    @Test
    public void aSiblingOfTheArrayRootSharingItsPrefixIsOutsideTheRoots() {
        StorageException e = assertThrows(StorageException.class,
                () -> storage().plan(arrayRoot() + "_downloads/movie.mkv", CacheMethod.ATOMIC_COPY));
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem());
    }

    @Test
    public void planCopiesAHardLinkedOriginalInsteadOfSwappingItAndSaysWhy() {
        String media = aMovie();
        hardLink(media, arrayRoot() + "/downloads/Heat.mkv");
        Placement plan = storage().plan(media, CacheMethod.ATOMIC_SYMLINK);
        assertEquals(CacheMethod.ATOMIC_COPY, plan.method());
        assertNotNull(plan.note());
    }

    // ---- place ----

    @Test
    public void aCopyLeavesTheOriginalAndAddsAnIdenticalCachedCopy() {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        assertOriginalBackInPlace(placement.mediaPath());
        assertArrayEquals(MOVIE, readMedia(placement.cachedPath()));
        assertEquals(IntegrityState.INTACT, storage().inspect(placement, true).state());
    }

    @Test
    public void aSymlinkPlacementTurnsTheMediaPathIntoALinkToTheCachedCopy() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        assertTrue(isSymlink(placement.mediaPath()));
        assertArrayEquals(MOVIE, readMedia(placement.mediaPath()));
        assertArrayEquals(MOVIE, readMedia(placement.cachedPath()));
        assertEquals(IntegrityState.INTACT, storage().inspect(placement, true).state());
    }

    @Test
    public void aHardLinkPlacementPutsTheSameFileOnTheCache() {
        Placement placement = placed(CacheMethod.ATOMIC_HARDLINK);
        assertEquals(CacheMethod.ATOMIC_HARDLINK, placement.method());
        assertOriginalBackInPlace(placement.mediaPath());
        assertArrayEquals(MOVIE, readMedia(placement.cachedPath()));
        assertEquals(IntegrityState.INTACT, storage().inspect(placement, true).state());
    }

    @Test
    public void placingACompletePlacementAgainLeavesItAsItIs() {
        for (CacheMethod method : CacheMethod.values()) {
            String media = createOriginal("shows/" + method.code() + ".mkv", MOVIE);
            Placement placement = storage().place(storage().plan(media, method));
            Placement again = storage().place(placement);
            assertEquals(placement.cachedPath(), again.cachedPath(), method.code());
            assertEquals(MOVIE.length, again.sizeBytes(), method.code());
            assertArrayEquals(MOVIE, readMedia(media), method.code());
            assertEquals(IntegrityState.INTACT, storage().inspect(again, true).state(), method.code());
        }
    }

    @Test
    public void placingAPlacementOutsideTheRootsIsRefused() {
        Placement plan = storage().plan(aMovie(), CacheMethod.ATOMIC_COPY);
        byte[] before = readMedia(outsidePath());
        Placement outside = new Placement(plan.mediaPath(), plan.originalPath(), outsidePath(), plan.method(),
                plan.sizeBytes(), null);
        StorageException e = assertThrows(StorageException.class, () -> storage().place(outside));
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem());
        assertArrayEquals(before, readMedia(outsidePath()), "the path outside the roots must be left as it was");
        assertFalse(exists(plan.cachedPath()));
    }

    // ---- inspect ----

    @Test
    public void inspectFindsAMissingCachedCopy() {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        deleteCachedCopy(placement);
        assertEquals(IntegrityState.CACHED_COPY_MISSING, storage().inspect(placement, false).state());
    }

    @Test
    public void inspectFindsACachedCopyOfTheWrongSize() {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        Placement larger = new Placement(placement.mediaPath(), placement.originalPath(), placement.cachedPath(),
                placement.method(), placement.sizeBytes() + 1, null);
        assertEquals(IntegrityState.SIZE_MISMATCH, storage().inspect(larger, false).state());
    }

    @Test
    public void inspectFindsAMediaPathThatIsNotALinkToTheCache() {
        Placement copied = placed(CacheMethod.ATOMIC_COPY);
        Placement asSymlink = new Placement(copied.mediaPath(), copied.originalPath(), copied.cachedPath(),
                CacheMethod.ATOMIC_SYMLINK, copied.sizeBytes(), null);
        assertEquals(IntegrityState.LINK_BROKEN, storage().inspect(asSymlink, false).state());
    }

    @Test
    public void inspectFindsTheOriginalGone() {
        for (CacheMethod method : new CacheMethod[] {CacheMethod.ATOMIC_COPY, CacheMethod.ATOMIC_SYMLINK}) {
            Placement placement = storage().place(storage().plan(
                    createOriginal("shows/" + method.code() + ".mkv", MOVIE), method));
            deleteOriginal(placement);
            assertEquals(IntegrityState.ORIGINAL_MISSING, storage().inspect(placement, false).state(), method.code());
        }
    }

    @Test
    public void inspectWithChecksumFindsACorruptedCopyThatSizeAloneMisses() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        corruptCachedCopy(placement);
        assertEquals(IntegrityState.INTACT, storage().inspect(placement, false).state());
        assertEquals(IntegrityState.CHECKSUM_MISMATCH, storage().inspect(placement, true).state());
    }

    // ---- release and undo ----

    @Test
    public void releaseRestoresTheOriginalAndRemovesTheCachedCopy() {
        for (CacheMethod method : CacheMethod.values()) {
            String media = createOriginal("shows/" + method.code() + ".mkv", MOVIE);
            Placement placement = storage().place(storage().plan(media, method));
            storage().release(placement);
            assertOriginalBackInPlace(media);
            assertFalse(exists(placement.cachedPath()), method.code());
        }
    }

    @Test
    public void releaseMovesTheLastCopyBackInsteadOfDeletingIt() {
        for (CacheMethod method : new CacheMethod[] {CacheMethod.ATOMIC_COPY, CacheMethod.ATOMIC_SYMLINK}) {
            String media = createOriginal("shows/" + method.code() + ".mkv", MOVIE);
            Placement placement = storage().place(storage().plan(media, method));
            deleteOriginal(placement);
            storage().release(placement);
            assertOriginalBackInPlace(media);
            assertFalse(exists(placement.cachedPath()), method.code());
        }
    }

    @Test
    public void aCachedCopyThatDiffersFromAReplacedOriginalIsNeverDeletedAndCanBeKeptAside() {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        byte[] newCut = "a new cut of the movie, longer than the one cached".getBytes(StandardCharsets.UTF_8);
        createOriginal(MOVIE_PATH, newCut); // the original replaced while its copy was cached

        StorageException refused = assertThrows(StorageException.class, () -> storage().release(placement));
        assertEquals(Problem.NOT_POSSIBLE, refused.problem());
        assertTrue(refused.getMessage().contains("keep_both=true"), refused.getMessage());
        assertArrayEquals(MOVIE, readMedia(placement.cachedPath()), "both are kept");

        String kept = storage().releaseKeepingBoth(placement);
        assertEquals(placement.cachedPath() + ".cacherr-kept-copy", kept);
        assertArrayEquals(MOVIE, readMedia(kept), "the stale copy is kept aside");
        assertArrayEquals(newCut, readMedia(placement.mediaPath()), "the new original stays");
        assertFalse(exists(placement.cachedPath()));
    }

    @Test
    public void releaseKeepingBothOfIdenticalFilesIsAPlainRelease() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        assertNull(storage().releaseKeepingBoth(placement));
        assertOriginalBackInPlace(placement.mediaPath());
        assertFalse(exists(placement.cachedPath()));
    }

    @Test
    public void releaseTwiceIsHarmless() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        storage().release(placement);
        storage().release(placement);
        assertOriginalBackInPlace(placement.mediaPath());
        assertFalse(exists(placement.cachedPath()));
    }

    @Test
    public void undoOfACompleteSymlinkPlacementIsIdempotent() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        storage().undo(placement);
        storage().undo(placement);
        assertOriginalBackInPlace(placement.mediaPath());
        assertFalse(exists(placement.cachedPath()));
    }

    @Test
    public void undoOfAPlanNeverCarriedOutLeavesTheOriginalAlone() {
        Placement plan = storage().plan(aMovie(), CacheMethod.ATOMIC_SYMLINK);
        storage().undo(plan);
        assertOriginalBackInPlace(plan.mediaPath());
        assertFalse(exists(plan.cachedPath()));
    }

    @Test
    public void releaseOutsideTheRootsIsRefused() {
        Placement plan = storage().plan(aMovie(), CacheMethod.ATOMIC_COPY);
        Placement outside = new Placement(outsidePath(), outsidePath(), plan.cachedPath(), plan.method(),
                plan.sizeBytes(), null);
        StorageException e = assertThrows(StorageException.class, () -> storage().release(outside));
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem());
    }

    // ---- same data: proven by the bytes, never by size and time ----

    private static byte[] edited(int length) {
        byte[] bytes = MOVIE.clone();
        bytes[bytes.length / 2] ^= 0x20;
        return java.util.Arrays.copyOf(bytes, length);
    }

    @Test
    public void releaseMovesNothingWhenTheSwappedCachedCopyWasEditedWhateverItsSize() {
        for (int length : new int[] {MOVIE.length, MOVIE.length + 7}) {
            String media = createOriginal("shows/edited-" + length + ".mkv", MOVIE);
            Placement placement = storage().place(storage().plan(media, CacheMethod.ATOMIC_SYMLINK));
            byte[] edit = edited(length);
            writeLookAlike(placement.cachedPath(), edit, placement.cachedPath());

            StorageException e = assertThrows(StorageException.class, () -> storage().release(placement));

            assertEquals(Problem.NOT_POSSIBLE, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains(placement.cachedPath()), e.getMessage());
            assertTrue(isSymlink(media), "the media path must still link to the edited copy, not be reverted");
            assertArrayEquals(edit, readMedia(media));
            assertArrayEquals(edit, readMedia(placement.cachedPath()));
        }
    }

    @Test
    public void anEditedSwappedCopyRemovedKeepingBothPutsTheOriginalBackAndKeepsTheEditAside() {
        for (int length : new int[] {MOVIE.length, MOVIE.length + 7}) {
            String media = createOriginal("shows/kept-edit-" + length + ".mkv", MOVIE);
            Placement placement = storage().place(storage().plan(media, CacheMethod.ATOMIC_SYMLINK));
            byte[] edit = edited(length);
            writeLookAlike(placement.cachedPath(), edit, placement.cachedPath());

            StorageException refused = assertThrows(StorageException.class, () -> storage().release(placement));
            assertTrue(refused.getMessage().contains("keep_both=true"), refused.getMessage());

            String kept = storage().releaseKeepingBoth(placement);
            assertEquals(placement.cachedPath() + ".cacherr-kept-copy", kept);
            assertFalse(isSymlink(media), "the original is back at the media path");
            assertArrayEquals(MOVIE, readMedia(media));
            assertArrayEquals(edit, readMedia(kept), "the edit is kept aside, never deleted");
            assertFalse(exists(placement.cachedPath()));
        }
    }

    @Test
    public void keepingBothWhereTheKeptNameIsTakenRefusesBeforeTheOriginalMoves() {
        String media = createOriginal("shows/kept-taken.mkv", MOVIE);
        Placement placement = storage().place(storage().plan(media, CacheMethod.ATOMIC_SYMLINK));
        byte[] edit = edited(MOVIE.length);
        writeLookAlike(placement.cachedPath(), edit, placement.cachedPath());
        byte[] earlier = "a copy kept earlier".getBytes(StandardCharsets.UTF_8);
        writeLookAlike(placement.cachedPath() + ".cacherr-kept-copy", earlier, placement.cachedPath());

        StorageException e = assertThrows(StorageException.class, () -> storage().releaseKeepingBoth(placement));

        assertEquals(Problem.NOT_POSSIBLE, e.problem(), e.getMessage());
        assertTrue(isSymlink(media), "nothing moved: the media path still links to the edited copy");
        assertArrayEquals(edit, readMedia(media));
        assertArrayEquals(earlier, readMedia(placement.cachedPath() + ".cacherr-kept-copy"));
    }

    @Test
    public void releaseKeepsBothWhenTheCopiedCachedCopyWasEditedInPlace() {
        Placement placement = placed(CacheMethod.ATOMIC_COPY);
        byte[] edit = edited(MOVIE.length);
        writeLookAlike(placement.cachedPath(), edit, placement.mediaPath());

        StorageException e = assertThrows(StorageException.class, () -> storage().release(placement));

        assertEquals(Problem.NOT_POSSIBLE, e.problem(), e.getMessage());
        assertArrayEquals(MOVIE, readMedia(placement.mediaPath()));
        assertArrayEquals(edit, readMedia(placement.cachedPath()));
    }

    @Test
    public void aFileAtTheCachedPathThatThisPlacementDidNotWriteIsNeitherUsedNorDeleted() {
        for (CacheMethod method : CacheMethod.values()) {
            String media = createOriginal("shows/foreign-" + method.code() + ".mkv", MOVIE);
            Placement plan = storage().plan(media, method);
            byte[] foreign = edited(MOVIE.length);
            writeLookAlike(plan.cachedPath(), foreign, media);

            StorageException placing = assertThrows(StorageException.class, () -> storage().place(plan));
            assertEquals(Problem.NOT_POSSIBLE, placing.problem(), method.code());
            assertTrue(placing.getMessage().contains(plan.cachedPath()), placing.getMessage());
            assertFalse(isSymlink(media), method.code());
            assertArrayEquals(MOVIE, readMedia(media), method.code());
            assertArrayEquals(foreign, readMedia(plan.cachedPath()), method.code());

            assertThrows(StorageException.class, () -> storage().undo(plan), method.code());
            assertArrayEquals(MOVIE, readMedia(media), method.code());
            assertArrayEquals(foreign, readMedia(plan.cachedPath()), "undo must not delete it either");
        }
    }

    @Test
    public void aFileAtTheCachedPathProvenIdenticalIsUsedAsTheCopy() {
        String media = aMovie();
        Placement plan = storage().plan(media, CacheMethod.ATOMIC_COPY);
        writeLookAlike(plan.cachedPath(), MOVIE, media);
        Placement placement = storage().place(plan);
        assertEquals(IntegrityState.INTACT, storage().inspect(placement, true).state());
        storage().release(placement);
        assertOriginalBackInPlace(media);
        assertFalse(exists(placement.cachedPath()));
    }

    // ---- locate ----

    @Test
    public void locateComputesThePathsAndReadsTheSizeFromTheCachedCopy() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        Placement located = storage().locate(placement.mediaPath(), CacheMethod.ATOMIC_SYMLINK);
        assertEquals(placement.cachedPath(), located.cachedPath());
        assertEquals(placement.mediaPath(), located.mediaPath());
        assertEquals(MOVIE.length, located.sizeBytes());
    }

    @Test
    public void locateReadsTheSizeFromTheOriginalWhenNothingIsCached() {
        String media = aMovie();
        Placement located = storage().locate(media, CacheMethod.ATOMIC_COPY);
        assertEquals(cacheRoot() + "/" + MOVIE_PATH, located.cachedPath());
        assertEquals(MOVIE.length, located.sizeBytes());
        assertFalse(exists(located.cachedPath()));
    }

    // ---- findSwapped ----

    @Test
    public void findSwappedFindsASymlinkSwapWithItsBackupAndTheOriginalsSizeAndChangesNothing() {
        Placement placement = placed(CacheMethod.ATOMIC_SYMLINK);
        List<String> asked = new ArrayList<>();
        List<Placement> found = storage().findSwapped(path -> asked.add(path));
        assertTrue(asked.contains(placement.mediaPath()), "asked about the cached file's media path: " + asked);
        assertEquals(1, found.size());
        assertEquals(placement.mediaPath(), found.get(0).mediaPath());
        assertEquals(placement.cachedPath(), found.get(0).cachedPath());
        assertEquals(CacheMethod.ATOMIC_SYMLINK, found.get(0).method());
        assertEquals(MOVIE.length, found.get(0).sizeBytes());
        assertTrue(isSymlink(placement.mediaPath()), "nothing was changed");
        assertEquals(Inspection.intact().state(), storage().inspect(found.get(0), false).state());
    }

    @Test
    public void findSwappedSkipsMediaPathsTheCallerDoesNotWantAndPlacementsThatAreNoSwap() {
        Placement swapped = placed(CacheMethod.ATOMIC_SYMLINK);
        assertTrue(storage().findSwapped(path -> false).isEmpty());
        storage().release(swapped);
        Placement copied = placed(CacheMethod.ATOMIC_COPY);
        assertTrue(storage().findSwapped(path -> true).isEmpty(), "a copy leaves the media path a regular file");
        storage().release(copied);
        assertTrue(storage().findSwapped(path -> true).isEmpty());
    }
}
