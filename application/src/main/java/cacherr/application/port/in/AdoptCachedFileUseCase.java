package cacherr.application.port.in;

/** Use case: start tracking a file that is already on the cache, after verifying it. */
public interface AdoptCachedFileUseCase {
    cacherr.domain.file.CachedFile adopt(AdoptFileCommand command);
}
