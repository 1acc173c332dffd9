package cacherr.adapters.web.export;

import cacherr.adapters.web.dto.CachedFileInfo;
import cacherr.domain.file.CachedFile;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

/**
 * {@code {export_timestamp, filters_applied, cached_files: [...], total_files}}, streamed: {@code total_files} comes
 * last because it is the exact number written, known only at the end.
 */
final class JsonExport implements ExportWriter {
    private final JsonGenerator json;
    private final ObjectMapper mapper;
    private final Instant exportedAt;
    private final Map<String, Object> filters;
    private final boolean includeMetadata;

    JsonExport(OutputStream out, ObjectMapper mapper, Instant exportedAt, Map<String, Object> filters,
               boolean includeMetadata) {
        try {
            this.json = mapper.getFactory().createGenerator(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.json.setCodec(mapper);
        this.mapper = mapper;
        this.exportedAt = exportedAt;
        this.filters = filters;
        this.includeMetadata = includeMetadata;
    }

    @Override
    public void begin() throws IOException {
        json.writeStartObject();
        json.writeStringField("export_timestamp", exportedAt.toString());
        json.writeObjectField("filters_applied", filters);
        json.writeArrayFieldStart("cached_files");
    }

    @Override
    public void write(CachedFile file) throws IOException {
        ObjectNode row = mapper.valueToTree(CachedFileInfo.from(file));
        if (!includeMetadata) row.remove("metadata");
        json.writeTree(row);
    }

    @Override
    public void end(long count) throws IOException {
        json.writeEndArray();
        json.writeNumberField("total_files", count);
        json.writeEndObject();
        json.flush();
    }
}
