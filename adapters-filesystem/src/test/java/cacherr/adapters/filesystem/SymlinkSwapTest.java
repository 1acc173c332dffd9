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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    public void symlinkSwapNeverLeavesTheMediaPathMissing() throws Exception {
        AtomicBoolean swapping = new AtomicBoolean(true);
        AtomicInteger looked = new AtomicInteger();
        CompletableFuture<Integer> watcher = CompletableFuture.supplyAsync(() -> {
            while (swapping.get()) {
                if (!Files.exists(media)) return -1;
                looked.incrementAndGet();
            }
            return looked.get();
        });
        try {
            // At least 30 rounds, and on until the watcher has looked many times: however late the scheduler starts
            // it, it watches swaps, not an idle file.
            for (int round = 0; (round < 30 || looked.get() < 1000) && !watcher.isDone(); round++) {
                storage.release(swap());
            }
        } finally {
            swapping.set(false);
        }
        int checks = watcher.get(120, TimeUnit.SECONDS);
        assertTrue(checks != -1, "the media path was missing at some moment of a swap or restore");
        assertTrue(checks >= 1000, "the watcher must have been looking while swapping (" + checks + " checks)");
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
