package cacherr.application.port.out;

import java.util.Optional;

/**
 * Driven port: whether the books can be trusted right now. A storage adapter that finds its store damaged, gone or
 * replaced says so here (and refuses writes with a {@link StoreUnhealthyException}); it never recovers by itself.
 */
public interface StoreHealth {
    /** Empty while the store is sound; otherwise what is wrong and what to do, in words a person understands. */
    Optional<String> problem();

    /**
     * Empty once the store takes writes; otherwise why it does not yet, though sound so far (a check that runs right
     * after start-up, say). Writes meanwhile are refused with a {@link StoreUnavailableException} that says so.
     */
    default Optional<String> pending() {
        return Optional.empty();
    }

    /** A store that never fails this way (memory). */
    static StoreHealth alwaysSound() {
        return Optional::empty;
    }
}
