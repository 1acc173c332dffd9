package cacherr.adapters.web.export;

import cacherr.domain.file.ByteSizes;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV: a header row, then one row per file; CRLF line ends. */
final class CsvExport implements ExportWriter {
    static final List<String> COLUMNS = List.of("filename", "file_path", "cached_path", "cache_method",
            "file_size_readable", "cached_at", "triggered_by_user", "triggered_by_operation", "status", "users");

    private final Writer out;
    private final boolean includeMetadata;

    CsvExport(OutputStream out, boolean includeMetadata) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.includeMetadata = includeMetadata;
    }

    @Override
    public void begin() throws IOException {
        row(includeMetadata ? concat(COLUMNS, "metadata") : COLUMNS);
    }

    @Override
    public void write(CachedFile file) throws IOException {
        List<String> cells = List.of(file.filename(), file.filePath(), file.cachedPath(), file.cacheMethod().code(),
                ByteSizes.humanReadable(file.sizeBytes()), file.cachedAt().toString(),
                file.triggeredByUser() == null ? "" : file.triggeredByUser().value(),
                file.triggeredByOperation().code(), file.status().code(),
                file.users().stream().map(UserId::value).collect(Collectors.joining(",")));
        row(includeMetadata ? concat(cells, file.metadata() == null ? "" : file.metadata().json()) : cells);
    }

    @Override
    public void end(long count) throws IOException {
        out.flush();
    }

    private void row(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.write(',');
            out.write(escape(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** Quotes a cell holding a comma, quote or line break, doubling its quotes. */
    static String escape(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    private static List<String> concat(List<String> cells, String last) {
        List<String> all = new java.util.ArrayList<>(cells);
        all.add(last);
        return all;
    }
}
