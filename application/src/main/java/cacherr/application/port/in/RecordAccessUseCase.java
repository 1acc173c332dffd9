package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;

/** Use case: count one access (a play) of a cached file. */
public interface RecordAccessUseCase {
    CachedFile recordAccess(RecordAccessCommand command);
}
