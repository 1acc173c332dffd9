package cacherr.adapters.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps web pages the user visits from driving the API. A browser sends a form or a {@code text/plain} POST to any
 * address without asking first (no CORS preflight), and adds the page's {@code Origin}; with no token set, such a
 * request would be obeyed. So a changing request (POST, PUT, PATCH, DELETE):
 * <ul>
 *   <li>with an {@code Origin} that is neither the service's own nor a configured CORS origin is refused (403);</li>
 *   <li>without an {@code Origin} but marked {@code Sec-Fetch-Site: cross-site} or {@code same-site} by the browser
 *       is refused too (its origin cannot be checked);</li>
 *   <li>that carries a body must declare it JSON in UTF-8 (415): a browser can send no JSON across sites without a
 *       preflight, which CORS answers.</li>
 * </ul>
 * Method overrides ({@code X-HTTP-Method-Override} and its kin, which Javalin would otherwise obey) turn a GET into
 * a DELETE: any request carrying one is refused (400). Clients that are not browsers (curl, scripts) send no Origin
 * and are not affected.
 */
final class BrowserGuard {
    private static final Set<HandlerType> CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);
    private static final List<String> OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method",
            "X-Method-Override");

    private final Set<String> corsOrigins;
    private final String corsNames;

    BrowserGuard(List<String> corsOrigins) {
        this.corsOrigins = corsOrigins.stream().map(BrowserGuard::normalized).collect(Collectors.toSet());
        this.corsNames = corsOrigins.isEmpty() ? "none" : String.join(", ", corsOrigins);
    }

    void check(Context ctx) {
        refuseMethodOverrides(ctx);
        if (!CHANGING.contains(ctx.method())) return;
        checkOrigin(ctx);
        checkContentType(ctx);
    }

    private static void refuseMethodOverrides(Context ctx) {
        for (String header : OVERRIDES) {
            if (ctx.header(header) != null) {
                // a HEAD is refused as its GET, to the Content-Length of the words it does not send (ctx.method()
                // is the override's)
                String sent = ctx.req().getMethod().equals("HEAD") ? "GET" : ctx.req().getMethod();
                throw new RefusedRequestException(400, header + " is not honoured: send the request with its real"
                        + " method (" + sent + " was sent); nothing was changed");
            }
        }
    }

    private void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String own = ownOrigin(ctx);
        if (origin == null) {
            String site = ctx.header("Sec-Fetch-Site");
            if (site != null && (site.equalsIgnoreCase("cross-site") || site.equalsIgnoreCase("same-site"))) {
                throw new RefusedRequestException(403, "cross-site request refused: the browser marks this "
                        + ctx.method() + " as sent from another site (Sec-Fetch-Site: " + site + ") and gives no"
                        + " Origin to check; nothing was changed");
            }
            return;
        }
        String normalized = normalized(origin);
        if (normalized != null && (normalized.equals(own) || corsOrigins.contains(normalized))) return;
        throw new RefusedRequestException(403, "cross-site request refused: this " + ctx.method() + " comes from a"
                + " page at " + origin + ", which is neither this service's own origin (" + own + ") nor one of the"
                + " allowed CORS origins (CACHERR_CORS_ORIGINS: " + corsNames + "); nothing was changed. Scripts and"
                + " curl send no Origin and are not affected");
    }

    private static void checkContentType(Context ctx) {
        if (!carriesBody(ctx)) return;
        if (Collections.list(ctx.req().getHeaders("Content-Type")).size() > 1) {
            throw new RefusedRequestException(415, "this " + ctx.method() + " sends more than one Content-Type: send"
                    + " exactly one Content-Type: application/json");
        }
        String type = ctx.header("Content-Type");
        if (type == null) {
            throw new RefusedRequestException(415, "this " + ctx.method() + " carries a body but no Content-Type:"
                    + " send it as JSON with Content-Type: application/json");
        }
        String[] parts = type.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !(media.startsWith("application/") && media.endsWith("+json"))) {
            throw new RefusedRequestException(415, "the body must be JSON, sent with Content-Type: application/json,"
                    + " not " + type);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2
                    && !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new RefusedRequestException(415, "the body must be JSON in UTF-8, not in " + parameter[1].strip()
                        + " (Content-Type: " + type + ")");
            }
        }
    }

    private static boolean carriesBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /**
     * The origin this request was addressed to: its scheme (or the one a TLS-terminating proxy forwards in
     * {@code X-Forwarded-Proto}; a page cannot set that header across sites without a preflight) and its Host.
     */
    private static String ownOrigin(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Proto");
        String scheme = forwarded == null ? ctx.scheme() : forwarded.split(",")[0].strip();
        String host = ctx.header("Host");
        String origin = normalized(scheme + "://" + (host == null ? "" : host.strip()));
        return origin == null ? "unknown" : origin;
    }

    /** {@code scheme://host:port} in lower case with the port always written, or null when it is not an origin. */
    static String normalized(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            String path = uri.getRawPath();
            boolean bare = path == null || path.isEmpty() || path.equals("/");
            if (scheme == null || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || !bare) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort() >= 0 ? uri.getPort()
                    : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException notAnOrigin) {
            return null;
        }
    }
}
