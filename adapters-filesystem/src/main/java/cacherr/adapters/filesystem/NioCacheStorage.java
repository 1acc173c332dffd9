package cacherr.adapters.filesystem;

import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.Inspection;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cache storage on real disks, with java.nio only. Linux semantics are assumed (POSIX permissions, the "unix"
 * attribute view, rename(2) replacing its target atomically, {@code /proc} for open files).
 *
 * <p>Operations on one cached path are serialised (lock striping by path), because the temporary names next to a
 * file are fixed so that undo and the sweep can find them; operations on different files run in parallel.
 */
public final class NioCacheStorage implements CacheStorage {
    private static final int STRIPES = 64;
    private final FileSystemStorageSettings settings;
    private final Roots roots;
    private final Space space;
    private final Placer placer;
    private final Restorer restorer;
    private final OpenFiles openFiles;
    private final Guard guard;
    private final Object[] stripes = new Object[STRIPES];

    public NioCacheStorage(FileSystemStorageSettings settings) {
        this(settings, CopyGate.or(Copier.TRANSFER), Path.of("/proc")); // the gate: only for fault-injection tests
    }

    /** With a copy engine and a {@code /proc} of the test's choosing. */
    NioCacheStorage(FileSystemStorageSettings settings, Copier copier, Path proc) {
        this(settings, copier, proc, Directories.Chown.REAL);
    }

    /** With a copy engine, a {@code /proc} and a way of changing owners of the test's choosing. */
    NioCacheStorage(FileSystemStorageSettings settings, Copier copier, Path proc, Directories.Chown chown) {
        this.settings = settings;
        this.roots = new Roots(settings.arrayRoots(), settings.cacheRoot());
        this.space = new Space(settings.cacheRoot(), settings.reserveBytes(), settings.limitBytes());
        this.guard = new Guard(roots);
        Directories directories = new Directories(settings.uid(), settings.gid(), guard, chown);
        AtomicCopy atomicCopy = new AtomicCopy(copier, directories, guard);
        this.placer = new Placer(roots, space, directories, atomicCopy, settings, guard);
        this.restorer = new Restorer(roots, directories, atomicCopy, guard);
        this.openFiles = new OpenFiles(proc);
        for (int i = 0; i < STRIPES; i++) stripes[i] = new Object();
    }

    @Override
    public Placement plan(String mediaPath, CacheMethod requested) {
        Path media = roots.media(mediaPath);
        FileFacts original = Placer.requireOriginal(media, FileFacts.read(media));
        Path cached = roots.cachedFor(media);
        MethodChoice choice = MethodChoice.of(requested, media, original, cached, settings.hardlinkFallbackToCopy());
        if (choice.method() != CacheMethod.ATOMIC_HARDLINK && FileFacts.read(cached) == null) {
            space.requireFits(original.size(), cached);
        }
        return new Placement(media.toString(), media.toString(), cached.toString(), choice.method(), original.size(),
                choice.note());
    }

    @Override
    public Placement locate(String mediaPath, CacheMethod method) {
        Path media = roots.media(mediaPath);
        Path cached = roots.cachedFor(media);
        long size = 0;
        for (Path candidate : List.of(cached, media, Names.backup(media))) {
            FileFacts facts = FileFacts.read(candidate);
            if (facts != null && facts.regular()) {
                size = facts.size();
                break;
            }
        }
        return new Placement(media.toString(), media.toString(), cached.toString(), method, size, null);
    }

    /** {@inheritDoc} The placement returned may use another method than planned, with a note saying why. */
    @Override
    public Placement place(Placement plan) {
        PlacementPaths paths = roots.of(plan);
        return locked(paths, () -> placer.place(plan, paths));
    }

    @Override
    public void undo(Placement placement) {
        release(placement);
    }

    @Override
    public void release(Placement placement) {
        PlacementPaths paths = roots.of(placement);
        locked(paths, () -> {
            restorer.restore(paths);
            return null;
        });
    }

    @Override
    public String releaseKeepingBoth(Placement placement) {
        PlacementPaths paths = roots.of(placement);
        Path kept = locked(paths, () -> restorer.restore(paths, true));
        return kept == null ? null : kept.toString();
    }

    @Override
    public Inspection inspect(Placement placement, boolean checksum) {
        PlacementPaths paths = roots.of(placement);
        return guard.during(paths, () -> Inspector.inspect(placement, paths, checksum, guard));
    }

    /** {@inheritDoc} Always false where there is no Linux {@code /proc}. */
    @Override
    public boolean isInUse(String path) {
        return openFiles.isOpen(roots.anywhere(path));
    }

    @Override
    public boolean anyInUse(String... paths) {
        return openFiles.anyOpen(Arrays.stream(paths).map(roots::anywhere).toList());
    }

    @Override
    public CacheSpace space() {
        return space.now();
    }

    /**
     * Sweeps the cache root only. Walking the array would wake every spun-down disk and read millions of entries; the
     * array side needs no walk, because every operation that writes there is journalled first, and recovery undoes or
     * completes it through {@link #undo}/{@link #release}, which remove that placement's temporary files.
     */
    @Override
    public List<String> sweepLeftovers() {
        return LeftoverSweep.under(List.of(settings.cacheRoot()), guard);
    }

    /** Test seam: {@code hook} runs right before each file step is checked, to change the tree between steps. */
    void onEachStep(Guard.Hook hook) {
        guard.hook(hook);
    }

    /** {@inheritDoc} Walks the cache root only; see {@link SwappedScan}. */
    @Override
    public List<Placement> findSwapped(Predicate<String> wanted) {
        return SwappedScan.under(roots, settings.arrayRoots(), wanted);
    }

    private <T> T locked(PlacementPaths paths, Supplier<T> action) {
        synchronized (stripes[Math.floorMod(paths.cached().hashCode(), STRIPES)]) {
            return guard.during(paths, action);
        }
    }
}
