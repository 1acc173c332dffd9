package cacherr.application.port.in;

import java.util.Optional;

/** Use case: say whether the books can be trusted and written right now, and if not, why. */
public interface StoreHealthUseCase {
    /** Empty while the store is sound; otherwise the problem in words. */
    Optional<String> problem();

    /** Empty once the store takes writes; otherwise why not yet (a check right after start-up). */
    Optional<String> pending();
}
