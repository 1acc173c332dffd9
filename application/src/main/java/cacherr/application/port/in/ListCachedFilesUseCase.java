package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.Page;

/** Use case: list cached files with a filter, one page and the total. */
public interface ListCachedFilesUseCase {
    Page<CachedFile> list(FileFilter filter);
}
