package cacherr.adapters.web;

import cacherr.adapters.web.dto.Envelope;
import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StoreUnavailableException;
import cacherr.application.port.out.StoreUnhealthyException;
import cacherr.domain.error.ConflictException;
import cacherr.domain.error.DomainException;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.error.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure becomes the JSON envelope with a status that says what kind of failure it was. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(BadRequestException.class, (e, ctx) -> fail(ctx, 400, e.getMessage()));
        routes.exception(InvalidInputException.class, (e, ctx) -> fail(ctx, 400, e.getMessage()));
        routes.exception(NotFoundException.class, (e, ctx) -> fail(ctx, 404, e.getMessage()));
        routes.exception(ConflictException.class, (e, ctx) -> fail(ctx, 409, e.getMessage()));
        routes.exception(DomainException.class, (e, ctx) -> fail(ctx, 400, e.getMessage()));
        routes.exception(StorageException.class, (e, ctx) -> fail(ctx, statusOf(e.problem()), e.getMessage()));
        // Damaged, deleted or replaced: waiting will not help, so no Retry-After; the words say what to do.
        routes.exception(StoreUnhealthyException.class, (e, ctx) -> fail(ctx, 503, e.getMessage()));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", "10");
            fail(ctx, 503, e.getMessage());
        });
        routes.exception(UnauthorizedException.class, (e, ctx) -> {
            ctx.header("WWW-Authenticate", "Bearer");
            fail(ctx, 401, e.getMessage());
        });
        routes.exception(RefusedRequestException.class, (e, ctx) -> fail(ctx, e.status(), e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == HttpStatus.METHOD_NOT_ALLOWED.getCode()) allow(ctx, e);
            fail(ctx, e.getStatus(), describe(e, ctx));
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            fail(ctx, 500, "internal server error; the details are in the server log");
        });
    }

    static int statusOf(StorageException.Problem problem) {
        switch (problem) {
            case OUTSIDE_ROOTS:
            case NOT_A_FILE:
                return 400;
            case NOT_FOUND:
                return 404;
            case NOT_POSSIBLE:
            case SOURCE_CHANGED:
                return 409;
            case INSUFFICIENT_SPACE:
                return 507;
            default:
                return 500;
        }
    }

    /**
     * A 405 names the methods its path has in {@code Allow} (RFC 9110 §15.5.6), a HEAD beside each GET: the ones
     * Javalin found registered for the path and gave as the answer's one detail ("GET, HEAD"). A client learns there
     * what it may send instead.
     */
    private static void allow(Context ctx, HttpResponseException e) {
        e.getDetails().values().stream().findFirst().ifPresent(methods -> ctx.header("Allow", methods));
    }

    private static String describe(HttpResponseException e, Context ctx) {
        // a HEAD is answered as its GET: the same words, so the same Content-Length for the body it does not send
        Object method = ctx.method() == HandlerType.HEAD ? HandlerType.GET : ctx.method();
        if (e.getStatus() == HttpStatus.NOT_FOUND.getCode()) return "no such endpoint: " + method + " " + ctx.path();
        if (e.getStatus() == HttpStatus.METHOD_NOT_ALLOWED.getCode()) {
            return "method " + method + " is not allowed on " + ctx.path();
        }
        if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) return "request body is too large";
        return e.getMessage();
    }

    static void fail(Context ctx, int status, String error) {
        if (ctx.res().isCommitted()) {
            // A download already under way: its status and headers are sent, an envelope would corrupt the file.
            LOG.warn("{} {} failed after the response had started ({}); the client gets a truncated body",
                    ctx.method(), ctx.path(), error);
            return;
        }
        ctx.status(status).json(Envelope.failure(error, Reply.now(ctx)));
    }
}
