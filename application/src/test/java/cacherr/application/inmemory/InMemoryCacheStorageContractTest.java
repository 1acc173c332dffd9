package cacherr.application.inmemory;

import cacherr.application.contract.CacheStorageContract;
import cacherr.application.port.out.CacheStorage;
import cacherr.domain.file.Placement;

/** The in-memory reference implementation holds to the shared cache storage contract. */
class InMemoryCacheStorageContractTest extends CacheStorageContract {
    private final InMemoryCacheStorage storage = InMemoryCacheStorage.standard();

    @Override
    protected CacheStorage storage() {
        return storage;
    }

    @Override
    protected String arrayRoot() {
        return "/array";
    }

    @Override
    protected String cacheRoot() {
        return "/cache";
    }

    @Override
    protected String createOriginal(String relativePath, byte[] content) {
        String media = "/array/" + relativePath;
        storage.write(media, content);
        return media;
    }

    @Override
    protected void hardLink(String existing, String newPath) {
        storage.hardLink(existing, newPath);
    }

    @Override
    protected byte[] readMedia(String path) {
        return storage.read(path);
    }

    @Override
    protected boolean exists(String path) {
        return storage.exists(path);
    }

    @Override
    protected boolean isSymlink(String path) {
        return storage.isSymlink(path);
    }

    @Override
    protected void deleteCachedCopy(Placement placement) {
        storage.delete(placement.cachedPath());
    }

    @Override
    protected void corruptCachedCopy(Placement placement) {
        byte[] bytes = storage.read(placement.cachedPath());
        bytes[0] ^= 1;
        storage.write(placement.cachedPath(), bytes);
    }

    @Override
    protected void deleteOriginal(Placement placement) {
        storage.delete(storage.isSymlink(placement.mediaPath()) ? backupOf(placement.mediaPath()) : placement.mediaPath());
    }

    @Override
    protected void writeLookAlike(String path, byte[] content, String likePath) {
        storage.write(path, content); // no modification times in memory
    }

    @Override
    protected String outsidePath() {
        return "/etc/passwd";
    }

    /** The in-memory storage keeps a swapped original under this name, like the file-system adapter. */
    private static String backupOf(String mediaPath) {
        int slash = mediaPath.lastIndexOf('/');
        return mediaPath.substring(0, slash + 1) + "." + mediaPath.substring(slash + 1) + ".cacherr-original";
    }
}
