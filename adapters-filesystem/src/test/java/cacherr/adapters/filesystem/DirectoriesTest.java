package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cacherr.domain.file.CacheMethod;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directories created on the cache belong to the configured user, with their source directories' permissions. */
class DirectoriesTest {
    @TempDir
    Path dir;
    private Tree tree;
    private Path media;

    @BeforeEach
    void createTree() throws Exception {
        tree = new Tree(dir);
        media = tree.original("movies/Heat (1995)/Heat.mkv", Tree.content(100));
        Files.setPosixFilePermissions(media.getParent(), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(media.getParent().getParent(), PosixFilePermissions.fromString("rwx--x--x"));
    }

    private static int attribute(Path path, String name) throws Exception {
        return (Integer) Files.getAttribute(path, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    public void createdDirectoriesTakeTheirSourceDirectoriesPermissions() throws Exception {
        NioCacheStorage storage = tree.storage();
        storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tree.cache.resolve("movies"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tree.cache.resolve("movies/Heat (1995)"))));
    }

    @Test
    public void createdDirectoriesAndCopiesBelongToTheConfiguredUserAndGroup() throws Exception {
        assumeTrue(attribute(dir, "uid") == 0 || System.getProperty("user.name").equals("root"),
                "changing owners needs root; this test runs as " + System.getProperty("user.name"));
        NioCacheStorage storage = new NioCacheStorage(new FileSystemStorageSettings(List.of(tree.array), tree.cache,
                0, null, 4242, 4343, false, false));
        storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_COPY));
        for (Path created : List.of(tree.cache.resolve("movies"), tree.cache.resolve("movies/Heat (1995)"),
                tree.cached("movies/Heat (1995)/Heat.mkv"))) {
            assertEquals(4242, attribute(created, "uid"), created.toString());
            assertEquals(4343, attribute(created, "gid"), created.toString());
        }
        assertEquals(0, attribute(tree.cache, "uid"), "the existing cache root is not the adapter's to change");
    }
}
