package cacherr.application.port.in;

import cacherr.domain.file.CachedFile;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import java.util.function.Consumer;

/** Use case: stream every matching file to a sink, in order, without holding them in memory; returns the count. */
public interface ExportCachedFilesUseCase {
    long export(FileCriteria criteria, FileSort sort, Consumer<CachedFile> sink);
}
