package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.Page;

/** Use case: the files attributed to one user, paged. */
public interface FilesByUserUseCase {
    Page<CachedFile> filesOf(UserId user, FileFilter filter);
}
