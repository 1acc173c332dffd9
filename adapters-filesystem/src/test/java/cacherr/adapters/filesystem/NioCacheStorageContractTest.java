package cacherr.adapters.filesystem;

import cacherr.application.contract.CacheStorageContract;
import cacherr.application.port.out.CacheStorage;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The file-system adapter holds to the shared cache storage contract, on real directories. */
class NioCacheStorageContractTest extends CacheStorageContract {
    @TempDir
    Path dir;
    private Tree tree;
    private NioCacheStorage storage;

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        storage = tree.storage();
    }

    @Override
    protected CacheStorage storage() {
        return storage;
    }

    @Override
    protected String arrayRoot() {
        return tree.array.toString();
    }

    @Override
    protected String cacheRoot() {
        return tree.cache.toString();
    }

    @Override
    protected String createOriginal(String relativePath, byte[] content) {
        return tree.original(relativePath, content).toString();
    }

    @Override
    protected void hardLink(String existing, String newPath) {
        Tree.run(() -> {
            Files.createDirectories(Path.of(newPath).getParent());
            Files.createLink(Path.of(newPath), Path.of(existing));
        });
    }

    @Override
    protected byte[] readMedia(String path) {
        return Files.exists(Path.of(path)) ? Tree.read(Path.of(path)) : null;
    }

    @Override
    protected boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    @Override
    protected boolean isSymlink(String path) {
        return Files.isSymbolicLink(Path.of(path));
    }

    @Override
    protected void deleteCachedCopy(Placement placement) {
        Tree.run(() -> Files.delete(Path.of(placement.cachedPath())));
    }

    @Override
    protected void corruptCachedCopy(Placement placement) {
        Path cached = Path.of(placement.cachedPath());
        byte[] bytes = Tree.read(cached);
        bytes[0] ^= 1;
        Tree.run(() -> Files.write(cached, bytes));
    }

    @Override
    protected void deleteOriginal(Placement placement) {
        Path media = Path.of(placement.mediaPath());
        Path data = Files.isSymbolicLink(media) ? Names.backup(media) : media;
        Tree.run(() -> Files.delete(data));
    }

    @Override
    protected void writeLookAlike(String path, byte[] content, String likePath) {
        Path target = Path.of(path);
        Tree.run(() -> {
            FileTime time = Files.exists(Path.of(likePath)) ? Files.getLastModifiedTime(Path.of(likePath)) : null;
            Files.createDirectories(target.getParent());
            Files.write(target, content); // in place: the same inode when a file is there
            if (time != null) Files.setLastModifiedTime(target, time);
        });
    }

    @Override
    protected String outsidePath() {
        Path outside = dir.resolve("elsewhere/secret.mkv");
        Tree.run(() -> {
            Files.createDirectories(outside.getParent());
            if (!Files.exists(outside, LinkOption.NOFOLLOW_LINKS)) Files.write(outside, new byte[] {1, 2, 3});
        });
        return outside.toString();
    }
}
