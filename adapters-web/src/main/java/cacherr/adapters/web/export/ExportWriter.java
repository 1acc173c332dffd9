package cacherr.adapters.web.export;

import cacherr.domain.file.CachedFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** Writes an export one file at a time, so that any number of files streams in constant memory. */
public interface ExportWriter {
    /** Before the first file. */
    void begin() throws IOException;

    /** One file. */
    void write(CachedFile file) throws IOException;

    /** After the last file; {@code count} files were written. */
    void end(long count) throws IOException;

    /** A writer for {@code format} ({@code csv}, {@code json} or {@code txt}), writing to {@code out}. */
    static ExportWriter of(String format, OutputStream out, Instant exportedAt, Map<String, Object> filters,
                           boolean includeMetadata, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        switch (format) {
            case "csv":
                return new CsvExport(out, includeMetadata);
            case "json":
                return new JsonExport(out, mapper, exportedAt, filters, includeMetadata);
            case "txt":
                return new TextExport(out, exportedAt, filters, includeMetadata);
            default:
                throw new IllegalArgumentException("no export format " + format);
        }
    }

    /** {@link #write} for a {@link java.util.function.Consumer} sink. */
    default void writeUnchecked(CachedFile file) {
        try {
            write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
