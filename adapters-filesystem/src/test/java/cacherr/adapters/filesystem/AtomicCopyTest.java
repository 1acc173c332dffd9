package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** atomic_copy: a verified copy that appears under its final name complete or not at all. */
class AtomicCopyTest {
    private static final byte[] MOVIE = Tree.content(64 * 1024);
    @TempDir
    Path dir;
    private Tree tree;
    private Path media;
    private Path cached;

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        media = tree.original("movies/Heat/Heat.mkv", MOVIE);
        cached = tree.cached("movies/Heat/Heat.mkv");
    }

    private Placement copyWith(Copier copier, boolean checksum) {
        FileSystemStorageSettings settings = new FileSystemStorageSettings(List.of(tree.array), tree.cache, 0, null,
                null, null, false, checksum);
        NioCacheStorage storage = tree.storage(settings, copier);
        return storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
    }

    private StorageException failingCopyWith(Copier copier, boolean checksum) {
        return assertThrows(StorageException.class, () -> copyWith(copier, checksum));
    }

    private void assertOriginalIntactAndCacheEmpty() throws IOException {
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache), "no final file, temporary file or new directory");
    }

    /** Copies {@code limit} bytes, then fails as a full disk or a pulled cable would. */
    private static Copier failingAfter(long limit) {
        return (from, to, size) -> {
            from.transferTo(0, limit, to);
            throw new IOException("injected failure after " + limit + " bytes");
        };
    }

    @Test
    public void theCopyKeepsTheOriginalsModificationTimeAndPermissions() throws Exception {
        FileTime old = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
        Files.setLastModifiedTime(media, old);
        Files.setPosixFilePermissions(media, PosixFilePermissions.fromString("rw-r-----"));
        copyWith(Copier.TRANSFER, false);
        assertArrayEquals(MOVIE, Files.readAllBytes(cached));
        assertEquals(old, Files.getLastModifiedTime(cached));
        assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(cached));
        assertEquals(old, Files.getLastModifiedTime(media), "the original is only read");
    }

    @Test
    public void aPartialCopyIsNeverVisibleUnderTheFinalName() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Copier held = (from, to, size) -> {
            from.transferTo(0, size / 2, to);
            halfway.countDown();
            try {
                if (!goOn.await(60, TimeUnit.SECONDS)) throw new IOException("never told to go on");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            from.transferTo(size / 2, size - size / 2, to);
        };
        CompletableFuture<Placement> copying = CompletableFuture.supplyAsync(() -> copyWith(held, false));
        // The copy is held at its middle: what a reader sees then is decided by the code, not by the scheduler.
        assertTrue(halfway.await(60, TimeUnit.SECONDS), "the copy should start");
        assertTrue(Files.exists(Names.tempCopy(cached)), "the half-done copy is under its temporary name");
        assertFalse(Files.exists(cached, LinkOption.NOFOLLOW_LINKS), "and nothing is under the final name");
        goOn.countDown();
        copying.get(60, TimeUnit.SECONDS);
        assertArrayEquals(MOVIE, Files.readAllBytes(cached));
        assertFalse(Files.exists(Names.tempCopy(cached)), "the temporary name is gone");
    }

    @Test
    public void anInterruptedCopyLeavesTheOriginalIntactAndNoFinalFile() throws Exception {
        StorageException e = failingCopyWith(failingAfter(MOVIE.length / 2), false);
        assertEquals(Problem.IO_FAILURE, e.problem());
        assertTrue(e.getMessage().contains(cached.toString()), e.getMessage());
        assertOriginalIntactAndCacheEmpty();
    }

    @Test
    public void aLeftoverTemporaryFileIsNeverAdoptedAsTheCopy() throws Exception {
        Files.createDirectories(cached.getParent());
        Path leftover = Names.tempCopy(cached);
        Files.write(leftover, new byte[MOVIE.length]); // right size, wrong bytes, as a crash can leave it
        Files.setLastModifiedTime(leftover, Files.getLastModifiedTime(media));
        copyWith(Copier.TRANSFER, false);
        assertArrayEquals(MOVIE, Files.readAllBytes(cached));
        assertFalse(Files.exists(leftover));
    }

    @Test
    public void aShortCopyIsRejected() throws Exception {
        StorageException e = failingCopyWith((from, to, size) -> from.transferTo(0, size - 1, to), false);
        assertEquals(Problem.VERIFICATION_FAILED, e.problem());
        assertOriginalIntactAndCacheEmpty();
    }

    @Test
    public void aCopyWithWrongBytesIsRejectedWhenChecksumsAreOn() throws Exception {
        Copier corrupting = (from, to, size) -> {
            Copier.TRANSFER.copy(from, to, size);
            to.write(ByteBuffer.wrap(new byte[] {(byte) ~MOVIE[100]}), 100);
        };
        StorageException e = failingCopyWith(corrupting, true);
        assertEquals(Problem.VERIFICATION_FAILED, e.problem());
        assertOriginalIntactAndCacheEmpty();

        Placement unchecked = copyWith(corrupting, false); // size alone cannot see it; inspect with checksum can
        NioCacheStorage storage = tree.storage();
        assertEquals(IntegrityState.CHECKSUM_MISMATCH, storage.inspect(unchecked, true).state());
    }

    @Test
    public void anOriginalThatChangesWhileItIsCopiedIsNotCached() throws Exception {
        Copier racing = (from, to, size) -> {
            Copier.TRANSFER.copy(from, to, size);
            Files.write(media, new byte[] {1}, StandardOpenOption.APPEND);
        };
        StorageException e = failingCopyWith(racing, false);
        assertEquals(Problem.SOURCE_CHANGED, e.problem());
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
    }

    @Test
    public void aDifferentFileAtTheCachedPathIsNeverOverwritten() throws Exception {
        byte[] other = Tree.content(1000);
        Files.createDirectories(cached.getParent());
        Files.write(cached, other);
        NioCacheStorage storage = tree.storage();
        Placement plan = storage.plan(media.toString(), CacheMethod.ATOMIC_COPY);
        assertEquals(Problem.NOT_POSSIBLE, assertThrows(StorageException.class, () -> storage.place(plan)).problem());
        assertEquals(Problem.NOT_POSSIBLE, assertThrows(StorageException.class, () -> storage.undo(plan)).problem());
        assertArrayEquals(other, Files.readAllBytes(cached));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
    }

    @Test
    public void aMediaPathThatIsADirectoryOrSymlinkIsNotAFile() throws Exception {
        NioCacheStorage storage = tree.storage();
        Path link = Files.createSymbolicLink(tree.array.resolve("movies/link.mkv"), media);
        assertEquals(Problem.NOT_A_FILE, assertThrows(StorageException.class,
                () -> storage.plan(link.toString(), CacheMethod.ATOMIC_COPY)).problem());
        assertEquals(Problem.NOT_A_FILE, assertThrows(StorageException.class,
                () -> storage.plan(media.getParent().toString(), CacheMethod.ATOMIC_COPY)).problem());
        assertTrue(Files.isSymbolicLink(link) && Files.exists(media, LinkOption.NOFOLLOW_LINKS));
    }
}
