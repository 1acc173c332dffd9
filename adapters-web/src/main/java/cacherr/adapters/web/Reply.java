package cacherr.adapters.web;

import cacherr.adapters.web.dto.Envelope;
import cacherr.application.port.out.Clock;
import io.javalin.config.Key;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Successful answers, in the envelope. */
final class Reply {
    /** True only in tests: answers written through a String by {@code ctx.json} (the former way), to compare. */
    static volatile boolean viaString = false;
    /**
     * Answers larger than this are written to the response's stream, their first this many bytes in one write and
     * then the kept lists' JSON as kept ({@link Answer#writeTo}); Javalin copies a result through a buffer of Jetty's
     * output buffer size (32 KB), so a 336 KB answer went out in 11 blocking writes.
     */
    static final int DIRECT_FROM = 32 * 1024;
    /** False only in tests: every answer handed to Javalin as its result (the former way), to compare. */
    static volatile boolean direct = true;

    /** The application's time ({@code Cacherr.clock()}), which every answer's envelope is stamped with. */
    static final Key<Clock> TIME = new Key<>("cacherr.time");

    private Reply() {
    }

    /** The time to stamp an answer to {@code ctx} with. */
    static Instant now(Context ctx) {
        return ctx.appData(TIME).now();
    }

    static void ok(Context ctx, Object data) {
        ok(ctx, 200, data, null);
    }

    static void ok(Context ctx, int status, Object data, String message) {
        json(ctx.status(status), Envelope.ok(data, message, now(ctx)));
    }

    /**
     * {@code value} as the answer's JSON, as {@code ctx.json} sends it (same bytes, same content type), but written
     * by Jackson straight into UTF-8 bytes: {@code ctx.json} wrote it into a String first and then encoded that
     * String, a fifth of the CPU of a 50-row page (docs/PERFORMANCE.md, "What a page costs"). The kept JSON of a
     * whole list is not copied into it ({@link Answer}); the answer is sent once written whole.
     */
    static void json(Context ctx, Object value) {
        JsonMapper mapper = ctx.jsonMapper();
        if (viaString || !(mapper instanceof JavalinJackson jackson)) {
            ctx.json(value);
            return;
        }
        Answer answer = new Answer();
        try {
            jackson.getMapper().writeValue(answer, value);
        } catch (IOException unwritable) { // only Jackson's own: the answer's stream never fails
            throw new UncheckedIOException(unwritable); // a 500, as before (ErrorMapping)
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        if (!direct || answer.size() <= DIRECT_FROM) {
            ctx.result(answer.input());
            return;
        }
        try {
            // the first write as long as the whole answer was written before: Javalin decides on compression by it
            answer.writeTo(ctx.outputStream(), DIRECT_FROM);
        } catch (IOException gone) {
            // the connection failed mid-answer (the client went away: Jetty's EofException) and Jetty has aborted the
            // response; nobody is left to answer, and no envelope can follow a body begun (ErrorMapping.fail)
        }
    }
}
