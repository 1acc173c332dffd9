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
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain listing for people: a short header, one line per file, the count at the end. */
final class TextExport implements ExportWriter {
    private final Writer out;
    private final Instant exportedAt;
    private final Map<String, Object> filters;
    private final boolean includeMetadata;

    TextExport(OutputStream out, Instant exportedAt, Map<String, Object> filters, boolean includeMetadata) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.exportedAt = exportedAt;
        this.filters = filters;
        this.includeMetadata = includeMetadata;
    }

    @Override
    public void begin() throws IOException {
        out.write("Cacherr cached files\n");
        out.write("Exported: " + exportedAt + "\n");
        out.write("Filters: " + filters + "\n\n");
    }

    @Override
    public void write(CachedFile file) throws IOException {
        String users = file.users().stream().map(UserId::value).collect(Collectors.joining(", "));
        out.write(file.filePath() + "\t" + ByteSizes.humanReadable(file.sizeBytes()) + "\t" + file.status().code()
                + "\t" + file.cacheMethod().code() + "\t" + file.triggeredByOperation().code() + "\t"
                + file.cachedAt() + "\tusers: " + (users.isEmpty() ? "-" : users));
        if (includeMetadata && file.metadata() != null) out.write("\tmetadata: " + file.metadata().json());
        out.write('\n');
    }

    @Override
    public void end(long count) throws IOException {
        out.write("\nTotal: " + count + " files\n");
        out.flush();
    }
}
