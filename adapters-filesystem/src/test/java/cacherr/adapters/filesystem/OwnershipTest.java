package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With PUID/PGID unset, what the adapter creates keeps the owner, group and mode of what it copies: an original owned
 * by the player's user with mode 0640 stays readable to that user after the swap. An owner that cannot be given stops
 * the placement before the swap. These tests change owners for real, so they need root; where they do not run as
 * root they are skipped, and say so.
 */
class OwnershipTest {
    private static final int PLAYER = 1234;
    private static final int MEDIA_GROUP = 2345;
    private static final byte[] MOVIE = Tree.content(8 * 1024);
    @TempDir
    Path dir;
    private Tree tree;
    private Path media;
    private Path cached;

    @BeforeEach
    void createTree() throws Exception {
        assumeTrue(uid(Path.of("/proc/self")) == 0, "changing owners needs root; this test runs as uid "
                + uid(Path.of("/proc/self")) + ", so it is skipped");
        tree = new Tree(dir);
        media = tree.original("movies/Heat (1995)/Heat.mkv", MOVIE);
        for (Path p : List.of(media, media.getParent(), media.getParent().getParent())) {
            Files.setAttribute(p, "unix:uid", PLAYER);
            Files.setAttribute(p, "unix:gid", MEDIA_GROUP);
        }
        Files.setPosixFilePermissions(media, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(media.getParent(), PosixFilePermissions.fromString("rwxr-x---"));
        cached = tree.cached("movies/Heat (1995)/Heat.mkv");
    }

    private static int uid(Path path) throws java.io.IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int gid(Path path) throws java.io.IOException {
        return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    public void aSwappedCopyKeepsTheOriginalsOwnerGroupAndMode() throws Exception {
        NioCacheStorage storage = tree.storage();
        storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK));

        assertTrue(Files.isSymbolicLink(media));
        assertEquals(PLAYER, uid(cached), "the player's user must still own what the media path serves");
        assertEquals(MEDIA_GROUP, gid(cached));
        assertEquals("rw-r-----", mode(cached));
        for (Path created : List.of(tree.cache.resolve("movies"), cached.getParent())) {
            assertEquals(PLAYER, uid(created), created.toString());
            assertEquals(MEDIA_GROUP, gid(created), created.toString());
        }
        assertEquals("rwxr-x---", mode(cached.getParent()));
    }

    @Test
    public void puidAndPgidWhenSetWinOverTheOriginalsOwner() throws Exception {
        NioCacheStorage storage = new NioCacheStorage(new FileSystemStorageSettings(List.of(tree.array), tree.cache,
                0, null, 99, 100, false, false));
        storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        assertEquals(99, uid(cached));
        assertEquals(100, gid(cached));
        assertEquals("rw-r-----", mode(cached));
    }

    @Test
    public void aCopyInTheMakingIsReadableByTheServiceAlone() throws Exception {
        List<String> seen = new ArrayList<>();
        Copier peeking = (from, to, size) -> {
            seen.add(mode(Names.tempCopy(cached)) + " " + uid(Names.tempCopy(cached)));
            Copier.TRANSFER.copy(from, to, size);
        };
        NioCacheStorage storage = tree.storage(tree.settings(), peeking);
        storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        assertEquals(List.of("rw------- 0"), seen, "while root writes it, nobody else may read it");
        assertEquals("rw-r-----", mode(cached));
    }

    @Test
    public void anOwnerThatCannotBeGivenStopsThePlacementBeforeTheSwap() throws Exception {
        Directories.Chown refused = (path, uid, gid) -> {
            throw new FileSystemException(path.toString(), null, "Operation not permitted");
        };
        NioCacheStorage storage = new NioCacheStorage(tree.settings(), Copier.TRANSFER, Path.of("/proc"), refused);
        Placement plan = storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK);

        StorageException e = assertThrows(StorageException.class, () -> storage.place(plan));

        assertEquals(Problem.NOT_POSSIBLE, e.problem());
        assertTrue(e.getMessage().contains("the owner 1234:2345") && e.getMessage().contains("nothing was cached"),
                e.getMessage());
        assertFalse(Files.isSymbolicLink(media), "the swap must not have happened");
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertFalse(Files.exists(Names.backup(media), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache), "no copy, temporary file or directory is left");
    }
}
