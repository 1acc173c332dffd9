package cacherr.adapters.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * When an API token is configured, every request that changes something carries it, as {@code Authorization: Bearer}
 * or {@code X-Api-Key}. Reads stay open so that a status page works without secrets.
 */
final class TokenGuard {
    private static final Set<HandlerType> CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE,
            HandlerType.PATCH);

    private final byte[] expectedDigest;

    TokenGuard(String token) {
        this.expectedDigest = token == null ? null : sha256(token);
    }

    void check(Context ctx) {
        if (expectedDigest == null || !CHANGING.contains(ctx.method())) return;
        require(ctx, "this request changes data and needs the API token");
    }

    /** Refuses the request unless it carries the token (when one is configured), whatever its method. */
    void require(Context ctx, String why) {
        if (expectedDigest == null) return;
        String presented = presented(ctx);
        if (presented == null) {
            throw new UnauthorizedException(why + " (Authorization: Bearer <token> or X-Api-Key: <token>)");
        }
        // Digests have one length whatever was sent, and isEqual does not stop at the first difference.
        if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
            throw new UnauthorizedException("the API token is wrong");
        }
    }

    private static String presented(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String apiKey = ctx.header("X-Api-Key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform has SHA-256", impossible);
        }
    }
}
