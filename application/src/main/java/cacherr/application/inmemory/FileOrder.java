package cacherr.application.inmemory;

import cacherr.domain.file.CachedFile;
import cacherr.domain.query.FileSort;
import java.util.Comparator;

/** The order of {@link FileSort} over files in memory: nulls sort lowest, ties broken by id in the same direction. */
final class FileOrder {
    private FileOrder() {
    }

    static Comparator<CachedFile> of(FileSort sort) {
        Comparator<CachedFile> byField = byField(sort.field()).thenComparing(f -> f.id().value());
        return sort.descending() ? byField.reversed() : byField;
    }

    private static Comparator<CachedFile> byField(FileSort.Field field) {
        switch (field) {
            case FILENAME:
                return Comparator.comparing(CachedFile::filename);
            case FILE_PATH:
                return Comparator.comparing(CachedFile::filePath);
            case SIZE:
                return Comparator.comparingLong(CachedFile::sizeBytes);
            case STATUS:
                return Comparator.comparing(f -> f.status().code());
            case OPERATION:
                return Comparator.comparing(f -> f.triggeredByOperation().code());
            case ACCESS_COUNT:
                return Comparator.comparingLong(CachedFile::accessCount);
            case LAST_ACCESSED:
                return Comparator.comparing(CachedFile::lastAccessed, Comparator.nullsFirst(Comparator.naturalOrder()));
            case CACHED_AT:
            default:
                return Comparator.comparing(CachedFile::cachedAt);
        }
    }
}
