package cacherr.application.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the use cases that change one media path, so two requests for the same file never interleave their file
 * steps (which would let one undo the other's copy). One lock per path in use, dropped when nobody holds or waits for
 * it, so the map does not grow; a use case holds one at a time, so no deadlock. Paths never share a lock: with locks
 * shared by stripes of paths, a single-file request waited for a batch's step on an unrelated file whenever their
 * paths fell in one stripe (2 of 64 stripes busy under a batch: a few requests in a hundred waited a whole file step).
 */
final class PathLocks {
    private final ConcurrentHashMap<String, Held> locks = new ConcurrentHashMap<>();

    /** A path's lock and how many threads hold it or wait for it; counted only inside the map's atomic updates. */
    private static final class Held {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    <T> T withLock(String path, Supplier<T> work) {
        Held held = locks.compute(path, (p, h) -> {
            Held in = h == null ? new Held() : h;
            in.users++;
            return in;
        });
        held.lock.lock();
        try {
            return work.get();
        } finally {
            held.lock.unlock();
            locks.computeIfPresent(path, (p, h) -> --h.users == 0 ? null : h);
        }
    }

    /** Whether a thread waits for {@code path}'s lock (for tests). */
    boolean waitedFor(String path) {
        Held held = locks.get(path);
        return held != null && held.lock.hasQueuedThreads();
    }

    /** How many paths have a lock now (for tests: none once nobody holds or waits). */
    int size() {
        return locks.size();
    }
}
