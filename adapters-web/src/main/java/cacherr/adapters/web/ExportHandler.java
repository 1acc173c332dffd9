package cacherr.adapters.web;

import cacherr.adapters.web.dto.ExportParams;
import cacherr.adapters.web.export.ExportWriter;
import cacherr.application.Cacherr;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/cached/export}: every matching file, streamed straight from the query to the response.
 *
 * <p>An export holds one of the database's pooled connections (a read transaction, so it is one consistent view)
 * for as long as its client takes to read it, so exports take their turn for one of {@link ExportSlots#AT_ONCE}
 * places ({@link ExportSlots}): with the pool's four connections, exports by eight clients at once (or four clients
 * reading slowly) took every connection, and every other request, {@code /health} included, waited 30 s for one and
 * failed. An export refused a place gets 503 and {@code Retry-After} before anything is read.
 */
final class ExportHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExportHandler.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final Map<String, String> CONTENT_TYPES = Map.of("csv", "text/csv; charset=utf-8",
            "json", "application/json", "txt", "text/plain; charset=utf-8");

    private final Cacherr app;
    private final RequestReader reader;
    private final ObjectMapper mapper;
    private final ExportSlots slots = new ExportSlots();

    ExportHandler(Cacherr app, RequestReader reader, ObjectMapper mapper) {
        this.app = app;
        this.reader = reader;
        this.mapper = mapper;
    }

    void export(Context ctx) throws IOException {
        ExportParams params = params(ctx);
        FileCriteria criteria = params.criteria();
        FileSort sort = params.sort();
        ExportSlots.Refusal refused = slots.take();
        if (refused != null) throw refusal(ctx, refused);
        try {
            send(ctx, params, criteria, sort);
        } finally {
            slots.give();
        }
    }

    /**
     * {@code HEAD}: what GET answers before its first row — its refusal (400, or 503 when as many exports wait their
     * turn as may, or the server is stopping), or 200 with the export's type and file name, committed without a
     * length. It neither waits nor takes a place: a GET asked now would be sent, at once or in its turn. No row is
     * read: an export's length (and whether it is compressed, which its first bytes decide) is known only once its
     * rows are written, and a HEAD must not hold a database connection to read 100,000 rows and send none of them.
     */
    void head(Context ctx) throws IOException {
        ExportParams params = params(ctx);
        params.criteria(); // each refuses what it refuses for GET (a 400), before any header is set
        params.sort();
        ExportSlots.Refusal refused = slots.refusedNow();
        if (refused != null) throw refusal(ctx, refused);
        headers(ctx, params.format(), now(ctx));
        // sent now, as GET's are when its rows begin: chunked, so the answer claims no length (Content-Length: 0 lies)
        ctx.res().flushBuffer();
    }

    /** Refuses the exports waiting their turn, and any asked from now on: the server stops. */
    void close() {
        slots.close();
    }

    /** The places of the exports (tests take them to stand for exports in progress). */
    ExportSlots slots() {
        return slots;
    }

    /** The query, read and checked: everything that can be refused is refused before the first byte goes out. */
    private ExportParams params(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        String format = q.text("format") == null ? "csv" : q.text("format").toLowerCase(Locale.ROOT);
        return reader.valid(new ExportParams(format, FileHandlers.listParams(q, false),
                q.bool("include_metadata", false)));
    }

    private RefusedRequestException refusal(Context ctx, ExportSlots.Refusal refusal) {
        ctx.header("Retry-After", "5");
        String sending = ExportSlots.AT_ONCE + " exports are being sent (each holds a database connection until its"
                + " client has read it)";
        return new RefusedRequestException(503, switch (refusal) {
            case QUEUE_FULL -> sending + " and " + ExportSlots.QUEUE + " more are waiting their turn; try again when"
                    + " one has finished";
            case WAITED_TOO_LONG -> sending + " and none finished in the " + slots.waitLimit().toSeconds() + " s"
                    + " this one waited its turn; try again when one has finished";
            case STOPPING -> "Cacherr is stopping; try the export again when it is back";
        });
    }

    /** The export's time (its file name, {@code export_timestamp}): the application's, to the second. */
    private static Instant now(Context ctx) {
        return Reply.now(ctx).truncatedTo(ChronoUnit.SECONDS);
    }

    private static void headers(Context ctx, String format, Instant now) {
        ctx.contentType(CONTENT_TYPES.get(format));
        ctx.header("Content-Disposition", "attachment; filename=\"cached_files_" + STAMP.format(now) + "." + format + "\"");
    }

    private void send(Context ctx, ExportParams params, FileCriteria criteria, FileSort sort) throws IOException {
        Instant now = now(ctx);
        headers(ctx, params.format(), now);
        ExportWriter writer = ExportWriter.of(params.format(), ctx.outputStream(), now, params.filtersApplied(),
                params.includeMetadata(), mapper);
        writer.begin();
        long count = app.exportFiles().export(criteria, sort, writer::writeUnchecked);
        writer.end(count);
        LOG.info("exported {} cached files as {}", count, params.format());
    }
}
