package cacherr.adapters.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Defeats DNS rebinding: a page at {@code http://evil.example:5445} whose name the attacker re-points to 127.0.0.1 (or
 * the server's LAN address) is, to the browser, the same origin as the service — its requests carry
 * {@code Host: evil.example:5445} and {@code Origin: http://evil.example:5445}, and the browser lets it read every
 * answer. So every request, before anything else runs, must name in its {@code Host} header a host this service
 * answers to:
 * <ul>
 *   <li>an IP literal (IPv4, or IPv6 in brackets): no name, nothing to re-point;</li>
 *   <li>{@code localhost} and {@code *.localhost};</li>
 *   <li>a name without a dot ({@code tower}, a container's name), or one ending in {@code .local} (mDNS) or
 *       {@code .home.arpa} (RFC 8375): only the local network resolves them, never a public DNS an attacker
 *       controls;</li>
 *   <li>this machine's own host name as Java sees it, and that name + {@code .local};</li>
 *   <li>the names in {@code CACHERR_ALLOWED_HOSTS} ({@code *}: no check at all).</li>
 * </ul>
 * Ports are ignored (the check is about names); a request without a {@code Host} (HTTP/1.0, never a browser) passes.
 * {@code X-Forwarded-Host} is never read: any client can set it. A refusal is 403, JSON for the API, {@code /health}
 * and {@code /metrics}, a short HTML page otherwise; nothing runs. The first refusal of each of the first
 * {@value #WARNED_HOSTS} distinct hosts is logged as a warning (a user who reaches the service by a new name learns
 * why); every other one at debug only, so an attacker cannot flood the log.
 */
final class HostCheck {
    static final String SETTING = "CACHERR_ALLOWED_HOSTS";
    static final int WARNED_HOSTS = 16;
    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+(%[0-9a-z._~-]+)?");
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

    private final boolean off;
    private final Set<String> names = new LinkedHashSet<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param allowedHosts the configured names ({@code *} turns the check off), already validated by {@link WebSettings}
     * @param machineNames this machine's names ({@link #machineNames()}; a test passes its own)
     */
    HostCheck(List<String> allowedHosts, List<String> machineNames) {
        this.off = allowedHosts.contains("*");
        allowedHosts.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        for (String machine : machineNames) {
            String name = machine.toLowerCase(Locale.ROOT);
            names.add(name);
            if (!name.endsWith(".local")) names.add(name + ".local");
        }
    }

    /** This machine's host name as Java sees it, or none when it cannot be told (looked up once). */
    static List<String> machineNames() {
        return MachineName.NAMES;
    }

    /** Null when {@code entry} is a valid {@code CACHERR_ALLOWED_HOSTS} entry, otherwise what is wrong with it. */
    static String problemWith(String entry) {
        if (entry.equals("*")) return null;
        if (entry.contains("://")) return "a host name, not a URL (drop the scheme)";
        if (entry.contains("/")) return "a host name, not a path (drop everything from the first '/')";
        if (entry.startsWith("[") || entry.chars().filter(c -> c == ':').count() > 1) {
            return "a host name; IP addresses are always allowed and need not be listed";
        }
        if (entry.contains(":")) return "a host name without a port (ports are not checked)";
        if (entry.contains("*")) return "one exact host name ('*' alone turns the check off; no wildcards in names)";
        if (!NAME.matcher(entry.toLowerCase(Locale.ROOT)).matches()) {
            return "a host name (letters, digits, '-' and '_', in labels separated by dots)";
        }
        return null;
    }

    /** Registers the check as the first before-handler, and its answer. Call before any other route or handler. */
    void register(RoutesConfig routes) {
        if (off) return;
        routes.before(this::check);
        routes.exception(ForeignHostException.class, (e, ctx) -> refuse(ctx, e.getMessage()));
    }

    void check(Context ctx) {
        String refusal = refusal(ctx.header("Host"), String.valueOf(ctx.method()), ctx.path());
        if (refusal != null) throw new ForeignHostException(refusal);
    }

    /** Null when {@code host} (a Host header, or null) is answered; otherwise the words of the refusal, logged. */
    String refusal(String host, String method, String path) {
        if (host == null || allows(host)) return null;
        String name = printable(nameOf(host));
        if (warned.size() < WARNED_HOSTS && warned.add(name)) {
            LOG.warn("Refused a request for Host '{}': {} (further ones for this host are logged at debug)", name,
                    remedy());
        } else {
            LOG.debug("Refused {} {} for Host '{}'", method, printable(path), name);
        }
        return "request refused: Host '" + name + "' is not one this service answers to; if you reach Cacherr by"
                + " this name, " + remedy() + ". Nothing was done";
    }

    private static String remedy() {
        return "add it to " + SETTING + " (a guard against DNS rebinding)";
    }

    /** Whether the value of a {@code Host} header names a host this service answers to. */
    boolean allows(String host) {
        if (off) return true;
        String value = host.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) return false;
            String rest = value.substring(close + 1);
            return IPV6.matcher(value.substring(1, close)).matches() && value.indexOf(':') < close
                    && (rest.isEmpty() || rest.matches(":\\d{0,5}"));
        }
        String name = nameOf(value);
        if (value.length() > name.length() && !value.substring(name.length()).matches(":\\d{0,5}")) return false;
        if (IPV4.matcher(name).matches()) return true;
        if (!NAME.matcher(name).matches()) return false;
        return name.equals("localhost") || name.endsWith(".localhost") || name.indexOf('.') < 0
                || name.endsWith(".local") || name.endsWith(".home.arpa") || names.contains(name);
    }

    /** The name in a Host header value: without its port, in lower case. */
    private static String nameOf(String host) {
        String value = host.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? value : value.substring(0, close + 1);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** At most 100 characters, control characters replaced: the name goes into the log and the answer. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(100).forEach(c -> out.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return name.length() > 100 ? out + "…" : out.toString();
    }

    private static void refuse(Context ctx, String error) {
        if (answersInJson(ctx.path())) {
            ErrorMapping.fail(ctx, 403, error);
            return;
        }
        ctx.status(403).contentType("text/html; charset=utf-8").result(page(error));
    }

    /** The API, {@code /health} and {@code /metrics} answer a refusal in JSON; the page and its files in HTML. */
    static boolean answersInJson(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/health") || path.equals("/metrics");
    }

    /** A short HTML page with the refusal's words. */
    static byte[] page(String error) {
        return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cacherr: host refused</title>"
                + "</head><body><h1>Host refused</h1><p>" + escaped(error) + "</p></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** A request whose Host this service does not answer to. */
    static final class ForeignHostException extends RuntimeException {
        ForeignHostException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Looked up once. Linux's {@code /proc/sys/kernel/hostname} is the name {@code gethostname(2)} gives, which is
     * what {@code InetAddress.getLocalHost().getHostName()} returns there, without the DNS lookup that call also makes
     * (a broken resolver would hold up start-up for its timeout); elsewhere, that call.
     */
    private static final class MachineName {
        static final List<String> NAMES = lookUp();

        private static List<String> lookUp() {
            List<String> names = new ArrayList<>();
            try {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                String name = Files.isReadable(kernel) ? Files.readString(kernel).strip()
                        : InetAddress.getLocalHost().getHostName();
                if (name != null && problemWith(name) == null && !IPV4.matcher(name).matches()) names.add(name);
            } catch (IOException | SecurityException unknown) {
                LOG.debug("This machine's host name cannot be told: {}", unknown.toString());
            }
            return List.copyOf(names);
        }
    }
}
