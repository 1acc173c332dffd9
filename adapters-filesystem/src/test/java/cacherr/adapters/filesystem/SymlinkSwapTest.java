package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** atomic_symlink: the media path becomes a link to the cached copy without ever going missing. */
class SymlinkSwapTest {
    private static final byte[] MOVIE = Tree.content(256 * 1024);
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

    private Placement swap() {
        return storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK));
    }

    private static Object inode(Path path) throws Exception {
        return Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * What a player finds at the media path, looked at without following a link first: a regular file holding the
     * movie, or a symlink to the cached copy holding it. Anything else (nothing, a dangling link) is a failure.
     */
    private String mediaAsAPlayerFindsIt(String when) {
        try {
            assertTrue(Files.exists(media, LinkOption.NOFOLLOW_LINKS), "the media path is missing " + when);
            String kind = Files.isSymbolicLink(media) ? "symlink" : "file";
            if (kind.equals("symlink")) {
                Path target = Files.readSymbolicLink(media);
                assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS), "the media path links to "
                        + target + ", which is not a file, " + when);
            }
            assertArrayEquals(MOVIE, Files.readAllBytes(media), "the media path does not serve the movie " + when);
            return kind;
        } catch (IOException e) {
            throw new UncheckedIOException("could not look at the media path " + when, e);
        }
    }

    /**
     * Deterministic: the media path is looked at before every single file step of swapping and restoring (through the
     * step hook, so each state the tree passes through between two system calls is seen), and after each operation.
     * No step may leave it missing, dangling or serving other data.
     */
    @Test
    public void symlinkSwapNeverLeavesTheMediaPathMissing() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> mediaRenames = new ArrayList<>();
        storage.onEachStep((step, path) -> {
            seen.add(mediaAsAPlayerFindsIt("before the step " + step + " " + path));
            if (step == Guard.Step.RENAME && path.equals(media)) mediaRenames.add(step + " " + path);
        });
        for (int round = 0; round < 3; round++) {
            Placement placement = swap();
            seen.add(mediaAsAPlayerFindsIt("after the swap of round " + round));
            assertEquals("symlink", seen.get(seen.size() - 1), "the swap made the media path a link");
            storage.release(placement);
            seen.add(mediaAsAPlayerFindsIt("after the restore of round " + round));
            assertEquals("file", seen.get(seen.size() - 1), "the restore put the original back");
        }
        // Each round renames over the media path twice (the symlink in, the original back), with a look before and
        // after each of those renames, in both states.
        assertEquals(6, mediaRenames.size(), String.valueOf(mediaRenames));
        assertTrue(seen.contains("symlink") && seen.contains("file"), String.valueOf(seen));
        assertTrue(seen.size() > 6 * 3, "looked at every step: " + seen.size());
    }

    @Test
    public void aReaderThatOpenedTheOriginalBeforeTheSwapReadsItWholeAndUnchanged() throws Exception {
        ByteBuffer read = ByteBuffer.allocate(MOVIE.length);
        try (FileChannel player = FileChannel.open(media, StandardOpenOption.READ)) {
            read.limit(MOVIE.length / 3);
            player.read(read);
            Placement placement = swap();
            read.limit(MOVIE.length);
            while (read.hasRemaining() && player.read(read) >= 0) {
                // read on to the end across the swap
            }
            storage.release(placement);
        }
        assertArrayEquals(MOVIE, read.array());
    }

    @Test
    public void theSwapKeepsTheOriginalUnderItsBackupNameAndRestoresTheSameFile() throws Exception {
        Object original = inode(media);
        Placement placement = swap();
        assertTrue(Files.isSymbolicLink(media));
        assertEquals(tree.cached("movies/Heat/Heat.mkv"), Files.readSymbolicLink(media));
        assertEquals(original, inode(Names.backup(media)));
        storage.release(placement);
        assertEquals(original, inode(media), "the original file itself comes back, not a copy of it");
        assertFalse(Files.exists(Names.backup(media)));
    }

    @Test
    public void aHardLinkedOriginalIsCopiedNotSwapped() throws Exception {
        Path seeding = Files.createDirectories(tree.array.resolve("downloads")).resolve("Heat.mkv");
        Files.createLink(seeding, media);
        Placement placement = swap();
        assertEquals(CacheMethod.ATOMIC_COPY, placement.method());
        assertNotNull(placement.note());
        assertTrue(placement.note().contains("2 hard links"), placement.note());
        assertFalse(Files.isSymbolicLink(media));
        assertEquals(inode(seeding), inode(media), "the seeding link must still be the same file");
        assertArrayEquals(MOVIE, Files.readAllBytes(tree.cached("movies/Heat/Heat.mkv")));
    }

    @Test
    public void anOriginalHardLinkedAfterPlanningIsStillNotSwapped() throws Exception {
        Placement plan = storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK);
        Files.createLink(tree.array.resolve("seeding.mkv"), media);
        Placement placement = storage.place(plan);
        assertEquals(CacheMethod.ATOMIC_COPY, placement.method());
        assertFalse(Files.isSymbolicLink(media));
    }

    @Test
    public void placingACompleteSwapAgainLeavesItAsItIs() throws Exception {
        Placement placement = swap();
        Object cachedInode = inode(Path.of(placement.cachedPath()));
        Object backupInode = inode(Names.backup(media));
        storage.place(placement);
        assertEquals(cachedInode, inode(Path.of(placement.cachedPath())));
        assertEquals(backupInode, inode(Names.backup(media)));
        assertEquals(IntegrityState.INTACT, storage.inspect(placement, true).state());
    }

    @Test
    public void aBackupNameHoldingOtherDataIsNeverOverwritten() throws Exception {
        byte[] other = Tree.content(10);
        Files.write(Names.backup(media), other);
        StorageException e = assertThrows(StorageException.class, this::swap);
        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertArrayEquals(other, Files.readAllBytes(Names.backup(media)));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
    }

    @Test
    public void inspectFindsALinkWhoseCopyIsGoneAndReleaseReportsTheLossWithoutTouchingIt() throws Exception {
        Placement placement = swap();
        Files.delete(Path.of(placement.cachedPath()));
        assertEquals(IntegrityState.CACHED_COPY_MISSING, storage.inspect(placement, false).state());
        Files.delete(Names.backup(media));
        StorageException e = assertThrows(StorageException.class, () -> storage.release(placement));
        assertEquals(Problem.NOT_FOUND, e.problem());
        assertTrue(Files.isSymbolicLink(media), "nothing to restore: the dangling link is left for a person to see");
    }
}
