package cacherr.adapters.web;

import cacherr.adapters.web.dto.Envelope;
import io.javalin.http.Context;

/** Successful answers, in the envelope. */
final class Reply {
    private Reply() {
    }

    static void ok(Context ctx, Object data) {
        ok(ctx, 200, data, null);
    }

    static void ok(Context ctx, int status, Object data, String message) {
        ctx.status(status).json(Envelope.ok(data, message));
    }
}
