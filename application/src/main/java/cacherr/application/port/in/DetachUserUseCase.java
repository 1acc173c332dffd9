package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;

/** Use case: detach a user from a cached file; the file stays cached. */
public interface DetachUserUseCase {
    CachedFile detach(DetachUserCommand command);
}
