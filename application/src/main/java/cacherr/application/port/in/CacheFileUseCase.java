package cacherr.application.port.in;

/** Use case: place a file on the cache and record it, for a user and a reason. */
public interface CacheFileUseCase {
    CacheResult cache(CacheFileCommand command);
}
