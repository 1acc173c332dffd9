package cacherr.application.inmemory;

import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.Inspection;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import cacherr.domain.file.Texts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A cache storage over a simulated file tree in memory, with the same rules as the real one: confinement to the
 * roots, hard links (shared contents), symlinks, free space, files in use, and failures that can be injected. For
 * tests and embedding; nothing touches the disk.
 */
public final class InMemoryCacheStorage implements CacheStorage {
    /** File contents; two paths holding the same instance are hard links of one file. */
    private static final class Data {
        final byte[] bytes;
        /** How many paths of {@link #files} hold this instance (hard links), kept by put and remove. */
        int links;

        Data(byte[] bytes) {
            this.bytes = bytes.clone();
        }
    }

    private final List<String> arrayRoots;
    private final String cacheRoot;
    private final long capacityBytes;
    private final long reserveBytes;
    private final Long limitBytes;
    private final Map<String, Data> files = new HashMap<>();
    /** The bytes of the files under the cache root, kept with every change of {@link #files} (put, remove). */
    private long cacheBytes;
    private final Map<String, String> symlinks = new HashMap<>();
    private final Set<String> openFiles = new HashSet<>();
    private RuntimeException nextPlaceFailure;
    private RuntimeException nextReleaseFailure;

    /**
     * @param arrayRoots    the roots where originals live
     * @param cacheRoot     the root of the cache
     * @param capacityBytes size of the simulated cache drive
     * @param reserveBytes  space always left free on it
     * @param limitBytes    cache size limit, or null
     */
    public InMemoryCacheStorage(List<String> arrayRoots, String cacheRoot, long capacityBytes, long reserveBytes,
                                Long limitBytes) {
        this.arrayRoots = List.copyOf(arrayRoots);
        this.cacheRoot = cacheRoot;
        this.capacityBytes = capacityBytes;
        this.reserveBytes = reserveBytes;
        this.limitBytes = limitBytes;
    }

    /** Array root {@code /array}, cache root {@code /cache}, 1 TiB of space, no reserve, no limit. */
    public static InMemoryCacheStorage standard() {
        return new InMemoryCacheStorage(List.of("/array"), "/cache", 1L << 40, 0, null);
    }

    // ---- the simulated tree, for tests ----

    /** Writes a regular file (replacing whatever was at {@code path}). */
    public synchronized void write(String path, byte[] content) {
        symlinks.remove(path);
        put(path, new Data(content));
    }

    /** Makes {@code newPath} a hard link of the file at {@code existing}. */
    public synchronized void hardLink(String existing, String newPath) {
        put(newPath, dataOf(existing));
    }

    /** The contents at {@code path}, following a symlink; null when nothing is there. */
    public synchronized byte[] read(String path) {
        Data data = resolve(path);
        return data == null ? null : data.bytes.clone();
    }

    public synchronized boolean exists(String path) {
        return resolve(path) != null;
    }

    public synchronized boolean isSymlink(String path) {
        return symlinks.containsKey(path);
    }

    public synchronized void delete(String path) {
        remove(path);
        symlinks.remove(path);
    }

    /** Every path in the tree (files and symlinks), for asserting that nothing was left behind. */
    public synchronized Set<String> paths() {
        Set<String> all = new HashSet<>(files.keySet());
        all.addAll(symlinks.keySet());
        return all;
    }

    /** Marks {@code path} as open (or no longer open) by a player. */
    public synchronized void setInUse(String path, boolean open) {
        if (open) openFiles.add(path);
        else openFiles.remove(path);
    }

    /** The next {@link #place} fails with {@code failure} before changing anything. */
    public synchronized void failNextPlace(RuntimeException failure) {
        nextPlaceFailure = failure;
    }

    /** The next {@link #release} fails with {@code failure} before changing anything. */
    public synchronized void failNextRelease(RuntimeException failure) {
        nextReleaseFailure = failure;
    }

    // ---- the port ----

    @Override
    public synchronized Placement plan(String mediaPath, CacheMethod requested) {
        String root = arrayRootOf(mediaPath);
        if (symlinks.containsKey(mediaPath)) {
            throw new StorageException(Problem.NOT_A_FILE, mediaPath + " is a symlink (already on the cache?)");
        }
        Data data = files.get(mediaPath);
        if (data == null) throw new StorageException(Problem.NOT_FOUND, "no file at " + mediaPath);
        String cached = cachedFor(mediaPath, root);
        CacheMethod method = requested;
        String note = null;
        if (requested == CacheMethod.ATOMIC_SYMLINK && linkCount(data) > 1) {
            method = CacheMethod.ATOMIC_COPY;
            note = "the original has " + linkCount(data) + " hard links (seeding?), so it was copied, not swapped";
        }
        if (method != CacheMethod.ATOMIC_HARDLINK) requireFits(data.bytes.length, cached);
        return new Placement(mediaPath, mediaPath, cached, method, data.bytes.length, note);
    }

    @Override
    public synchronized Placement locate(String mediaPath, CacheMethod method) {
        String root = arrayRootOf(mediaPath);
        String cached = cachedFor(mediaPath, root);
        Data data = files.containsKey(cached) ? files.get(cached) : resolve(mediaPath);
        return new Placement(mediaPath, mediaPath, cached, method, data == null ? 0 : data.bytes.length, null);
    }

    @Override
    public synchronized Placement place(Placement plan) {
        confine(plan);
        if (nextPlaceFailure != null) {
            RuntimeException failure = nextPlaceFailure;
            nextPlaceFailure = null;
            throw failure;
        }
        if (inspect(plan, true).state() == IntegrityState.INTACT) return plan;
        Data original = files.get(plan.mediaPath());
        if (original == null) throw new StorageException(Problem.NOT_FOUND, "no file at " + plan.mediaPath());
        if (!sameData(files.get(plan.cachedPath()), original)) {
            throw new StorageException(Problem.NOT_POSSIBLE, "a file Cacherr did not place is already at the cached"
                    + " path " + plan.cachedPath() + " and does not hold the same data as " + plan.mediaPath()
                    + "; it was neither used nor deleted");
        }
        switch (plan.method()) {
            case ATOMIC_HARDLINK:
                put(plan.cachedPath(), original);
                break;
            case ATOMIC_SYMLINK:
                requireFits(original.bytes.length, plan.cachedPath());
                put(plan.cachedPath(), new Data(original.bytes));
                put(backupOf(plan.mediaPath()), original);
                remove(plan.mediaPath());
                symlinks.put(plan.mediaPath(), plan.cachedPath());
                break;
            default:
                requireFits(original.bytes.length, plan.cachedPath());
                put(plan.cachedPath(), new Data(original.bytes));
        }
        return new Placement(plan.mediaPath(), plan.originalPath(), plan.cachedPath(), plan.method(),
                original.bytes.length, plan.note());
    }

    @Override
    public synchronized void undo(Placement placement) {
        release(placement);
    }

    @Override
    public synchronized void release(Placement placement) {
        release(placement, false);
    }

    @Override
    public synchronized String releaseKeepingBoth(Placement placement) {
        return release(placement, true);
    }

    private String release(Placement placement, boolean keepBoth) {
        confine(placement);
        if (nextReleaseFailure != null) {
            RuntimeException failure = nextReleaseFailure;
            nextReleaseFailure = null;
            throw failure;
        }
        String backup = backupOf(placement.mediaPath());
        boolean putBack = symlinks.containsKey(placement.mediaPath()) && files.containsKey(backup);
        Data kept = putBack ? files.get(backup) : files.get(placement.mediaPath());
        String keptAside = null;
        if (kept != null && !sameData(files.get(placement.cachedPath()), kept)) {
            // Checked before anything moves: the cached copy was edited, the original replaced, or it is someone
            // else's file. Refused, or with keep_both renamed aside once the original is in place: never deleted.
            keptAside = placement.cachedPath() + ".cacherr-kept-copy";
            if (!keepBoth) {
                throw new StorageException(Problem.NOT_POSSIBLE, placement.cachedPath() + " holds other data than the"
                        + " original of " + placement.mediaPath() + "; nothing was moved or deleted. To take the file"
                        + " off the cache and keep both, remove it again with keep_both=true: the cached copy is then"
                        + " renamed to " + keptAside);
            }
            if (files.containsKey(keptAside) || symlinks.containsKey(keptAside)) {
                throw new StorageException(Problem.NOT_POSSIBLE, keptAside + " already holds a cached copy kept"
                        + " earlier; move it away, then remove the file again; nothing was changed");
            }
        }
        if (putBack) {
            put(placement.mediaPath(), remove(backup));
            symlinks.remove(placement.mediaPath());
        }
        if (keptAside != null) {
            put(keptAside, remove(placement.cachedPath()));
            return keptAside;
        }
        if (!files.containsKey(placement.mediaPath()) && files.containsKey(placement.cachedPath())) {
            // The cached copy is the only one left: it goes back to the media path rather than being deleted.
            symlinks.remove(placement.mediaPath());
            put(placement.mediaPath(), remove(placement.cachedPath()));
            return null;
        }
        remove(placement.cachedPath());
        return null;
    }

    @Override
    public synchronized Inspection inspect(Placement placement, boolean checksum) {
        confine(placement);
        Data cached = files.get(placement.cachedPath());
        if (cached == null) {
            return new Inspection(IntegrityState.CACHED_COPY_MISSING, "no cached copy at " + placement.cachedPath());
        }
        if (cached.bytes.length != placement.sizeBytes()) {
            return new Inspection(IntegrityState.SIZE_MISMATCH, "cached copy has " + cached.bytes.length
                    + " bytes, expected " + placement.sizeBytes());
        }
        Data original = placement.method() == CacheMethod.ATOMIC_SYMLINK
                ? files.get(backupOf(placement.mediaPath())) : files.get(placement.mediaPath());
        if (placement.method() == CacheMethod.ATOMIC_SYMLINK
                && !placement.cachedPath().equals(symlinks.get(placement.mediaPath()))) {
            return new Inspection(IntegrityState.LINK_BROKEN, placement.mediaPath() + " is not a link to the cached copy");
        }
        if (original == null) {
            return new Inspection(IntegrityState.ORIGINAL_MISSING, "the original is gone; the cached copy is the only one");
        }
        if (checksum && !Arrays.equals(original.bytes, cached.bytes)) {
            return new Inspection(IntegrityState.CHECKSUM_MISMATCH, "cached copy differs from the original");
        }
        return Inspection.intact();
    }

    @Override
    public synchronized boolean isInUse(String path) {
        return openFiles.contains(path);
    }

    @Override
    public synchronized CacheSpace space() {
        return new CacheSpace(capacityBytes, capacityBytes - usedOnCache(), reserveBytes, limitBytes);
    }

    @Override
    public synchronized List<String> sweepLeftovers() {
        return new ArrayList<>();
    }

    @Override
    public synchronized List<Placement> findSwapped(Predicate<String> wanted) {
        List<Placement> found = new ArrayList<>();
        for (String cached : new TreeSet<>(files.keySet())) {
            if (!cached.startsWith(cacheRoot + "/")) continue;
            for (String root : arrayRoots) {
                String media = root + cached.substring(cacheRoot.length());
                if (!wanted.test(media) || !cached.equals(symlinks.get(media))) continue;
                Data backup = files.get(backupOf(media));
                if (backup != null) {
                    found.add(new Placement(media, media, cached, CacheMethod.ATOMIC_SYMLINK, backup.bytes.length, null));
                }
            }
        }
        return found;
    }

    // ---- rules ----

    private String arrayRootOf(String mediaPath) {
        Texts.requirePath("file_path", mediaPath);
        for (String root : arrayRoots) {
            if (mediaPath.startsWith(root + "/")) return root;
        }
        throw new StorageException(Problem.OUTSIDE_ROOTS, mediaPath + " is not inside an array root ("
                + String.join(", ", arrayRoots) + ")");
    }

    /** As on disk: relative to its root under the cache root; its whole path there when there are several roots. */
    private String cachedFor(String mediaPath, String root) {
        return cacheRoot + (arrayRoots.size() > 1 ? mediaPath : mediaPath.substring(root.length()));
    }

    private void confine(Placement placement) {
        arrayRootOf(placement.mediaPath());
        if (!placement.cachedPath().startsWith(cacheRoot + "/")) {
            throw new StorageException(Problem.OUTSIDE_ROOTS, placement.cachedPath() + " is not inside the cache root");
        }
    }

    private void requireFits(long size, String cachedPath) {
        if (files.containsKey(cachedPath)) return;
        long used = usedOnCache();
        if (limitBytes != null && used + size > limitBytes) {
            throw new StorageException(Problem.INSUFFICIENT_SPACE, "caching " + size + " bytes would exceed the cache"
                    + " limit of " + limitBytes + " bytes (" + used + " in use)");
        }
        if (capacityBytes - used - size < reserveBytes) {
            throw new StorageException(Problem.INSUFFICIENT_SPACE, "not enough free space on the cache for " + size
                    + " bytes with " + reserveBytes + " bytes kept free");
        }
    }

    private long usedOnCache() {
        return cacheBytes;
    }

    /**
     * Every change of {@link #files} goes through here and {@link #remove}, so {@link #cacheBytes} and each file's
     * {@code links} stay what a walk of the map would count (a fixture of 10,000 files took a minute with those walks).
     */
    private Data put(String path, Data data) {
        Data before = files.put(path, data);
        count(path, before, -1);
        count(path, data, 1);
        return before;
    }

    private Data remove(String path) {
        Data before = files.remove(path);
        count(path, before, -1);
        return before;
    }

    private void count(String path, Data data, int sign) {
        if (data == null) return;
        data.links += sign;
        if (path.startsWith(cacheRoot) && path.startsWith("/", cacheRoot.length())) {
            cacheBytes += sign * (long) data.bytes.length;
        }
    }

    /** Whether {@code cached} is absent or holds the bytes of {@code kept}. */
    private static boolean sameData(Data cached, Data kept) {
        return cached == null || cached == kept || Arrays.equals(cached.bytes, kept.bytes);
    }

    private Data dataOf(String path) {
        Data data = files.get(path);
        if (data == null) throw new StorageException(Problem.NOT_FOUND, "no file at " + path);
        return data;
    }

    private Data resolve(String path) {
        String target = symlinks.getOrDefault(path, path);
        return files.get(target);
    }

    private long linkCount(Data data) {
        return data.links;
    }

    private static String backupOf(String mediaPath) {
        int slash = mediaPath.lastIndexOf('/');
        return mediaPath.substring(0, slash + 1) + "." + mediaPath.substring(slash + 1) + ".cacherr-original";
    }
}
