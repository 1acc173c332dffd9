package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The array on the test's disk, the cache on /dev/shm (tmpfs): hard links cannot cross, copies must. */
class CrossFileSystemTest {
    private static final Path SHM = Path.of("/dev/shm");
    private static final byte[] MOVIE = Tree.content(16 * 1024);
    @TempDir
    Path dir;
    private Path shmDir;
    private Tree tree;
    private Path media;

    @BeforeEach
    void createTreeAcrossTwoFileSystems() throws IOException {
        assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM), "/dev/shm is absent here: no second file system");
        assumeTrue(!Files.getAttribute(SHM, "unix:dev").equals(Files.getAttribute(dir, "unix:dev")),
                "/dev/shm and " + dir + " are on one file system here");
        shmDir = Files.createTempDirectory(SHM, "cacherr-test-");
        tree = new Tree(dir.resolve("array"), shmDir.resolve("cache"));
        media = tree.original("movies/Heat/Heat.mkv", MOVIE);
    }

    @AfterEach
    void removeShmDirectory() throws IOException {
        if (shmDir == null) return;
        try (Stream<Path> paths = Files.walk(shmDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    private NioCacheStorage storage(boolean fallbackToCopy) {
        return tree.storage(new FileSystemStorageSettings(List.of(tree.array), tree.cache, 0, null, null, null,
                fallbackToCopy, false), Copier.TRANSFER);
    }

    @Test
    public void aHardLinkAcrossFileSystemsIsRefusedAndNothingIsWritten() {
        StorageException e = assertThrows(StorageException.class,
                () -> storage(false).plan(media.toString(), CacheMethod.ATOMIC_HARDLINK));
        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertTrue(e.getMessage().contains("different file systems"), e.getMessage());
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
    }

    @Test
    public void aHardLinkAcrossFileSystemsFallsBackToACopyWhenConfiguredAndSaysSo() throws Exception {
        NioCacheStorage storage = storage(true);
        Placement placement = storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_HARDLINK));
        assertEquals(CacheMethod.ATOMIC_COPY, placement.method());
        assertTrue(placement.note().contains("copied instead"), placement.note());
        Path cached = Path.of(placement.cachedPath());
        assertArrayEquals(MOVIE, Files.readAllBytes(cached));
        assertNotEquals(Files.getAttribute(media, "unix:dev"), Files.getAttribute(cached, "unix:dev"));
    }

    @Test
    public void aSymlinkSwapAcrossFileSystemsWorksAndTheLastCopyComesBackVerified() throws Exception {
        NioCacheStorage storage = storage(false);
        Placement placement = storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        Files.delete(Names.backup(media));
        storage.release(placement); // rename(2) cannot cross: a verified copy back, then the cached one goes
        assertFalse(Files.isSymbolicLink(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
        assertEquals(List.of(media), Tree.everythingUnder(media.getParent()));
    }
}
