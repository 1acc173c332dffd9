package cacherr.adapters.web;

import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import io.javalin.http.Context;

/** Path parameters as domain values; a malformed one is a 400 from the value's own rule. */
final class PathParams {
    private PathParams() {
    }

    static FileId fileId(Context ctx) {
        return new FileId(ctx.pathParam("id"));
    }

    static UserId userId(Context ctx) {
        return new UserId(ctx.pathParam("user_id"));
    }
}
