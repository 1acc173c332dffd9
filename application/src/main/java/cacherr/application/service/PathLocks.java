package cacherr.application.service;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the use cases that change one media path, so two requests for the same file never interleave their file
 * steps (which would let one undo the other's copy). Striped: a fixed number of locks, one held at a time, so no
 * deadlock and no growing map.
 */
final class PathLocks {
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    PathLocks() {
        for (int i = 0; i < stripes.length; i++) stripes[i] = new ReentrantLock();
    }

    <T> T withLock(String path, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(path.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
