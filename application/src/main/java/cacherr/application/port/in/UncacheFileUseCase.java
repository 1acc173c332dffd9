package cacherr.application.port.in;

/** Use case: take a file off the cache, restoring its original, and mark it removed. */
public interface UncacheFileUseCase {
    UncacheResult uncache(UncacheCommand command);
}
