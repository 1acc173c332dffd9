package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;

/** Use case: attribute a cached file to one more user, with a reason. */
public interface AttributeUserUseCase {
    CachedFile attribute(AttributeUserCommand command);
}
