package cacherr.application.service;

import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.CacheStorage;
import cacherr.application.port.out.Inspection;
import cacherr.application.port.out.Instrumentation;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.util.List;

/**
 * The storage, with each placement reported to {@link Instrumentation} as a copy: its bytes are in flight while it
 * runs, and counted as copied when it succeeds (a hard link copies nothing). Every other call goes straight through.
 */
public final class MeasuredStorage implements CacheStorage {
    private final CacheStorage storage;
    private final Instrumentation instrumentation;

    public MeasuredStorage(CacheStorage storage, Instrumentation instrumentation) {
        this.storage = storage;
        this.instrumentation = instrumentation;
    }

    @Override
    public Placement place(Placement plan) {
        Instrumentation.Copy copy = instrumentation.startCopy(plan.sizeBytes());
        Placement placed;
        try {
            placed = storage.place(plan);
        } catch (RuntimeException failure) {
            copy.failed();
            throw failure;
        }
        copy.copied(placed.method(), placed.method() == CacheMethod.ATOMIC_HARDLINK ? 0 : placed.sizeBytes());
        return placed;
    }

    @Override
    public Placement plan(String mediaPath, CacheMethod requested) {
        return storage.plan(mediaPath, requested);
    }

    @Override
    public Placement locate(String mediaPath, CacheMethod method) {
        return storage.locate(mediaPath, method);
    }

    @Override
    public void undo(Placement placement) {
        storage.undo(placement);
    }

    @Override
    public void release(Placement placement) {
        storage.release(placement);
    }

    @Override
    public Inspection inspect(Placement placement, boolean checksum) {
        return storage.inspect(placement, checksum);
    }

    @Override
    public boolean isInUse(String path) {
        return storage.isInUse(path);
    }

    @Override
    public boolean anyInUse(String... paths) {
        return storage.anyInUse(paths); // keep the adapter's one-pass check
    }

    @Override
    public CacheSpace space() {
        return storage.space();
    }

    @Override
    public List<String> sweepLeftovers() {
        return storage.sweepLeftovers();
    }

    @Override
    public String releaseKeepingBoth(Placement placement) {
        return storage.releaseKeepingBoth(placement);
    }

    @Override
    public List<Placement> findSwapped(java.util.function.Predicate<String> wanted) {
        return storage.findSwapped(wanted);
    }
}
