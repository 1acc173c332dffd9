package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;

/** Use case: one cached file by id. */
public interface GetCachedFileUseCase {
    CachedFile get(FileId id);
}
