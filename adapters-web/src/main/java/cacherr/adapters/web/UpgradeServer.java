package cacherr.adapters.web;

import cacherr.adapters.web.dto.Envelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What answers on Cacherr's port while its database is upgraded (an original Cacherr's database is migrated at the
 * first start, about a minute at 100,000 files): {@code GET /health} says {@code migrating} with the progress (503, so
 * a health check does not send traffic yet), every API route answers 503 with the words and a {@code Retry-After},
 * and any other page is a small one (200) that says so, follows the progress and loads the Cached page when it is done.
 * The service starts it before the migration, so a port already taken fails at once, and closes it right before the
 * real server binds the same port (a gap of the real server's start, well under a second, which the page rides out).
 *
 * <p>It checks the {@code Host} of every request as the real server does ({@link HostCheck}): it serves little (the
 * progress, the version), but a page that rebinds a name to it now would be answered by the real server a minute
 * later, and one rule for the port is simpler to explain than two.
 *
 * <p>The JDK's own HTTP server: it starts in milliseconds and needs nothing that the application must first wire.
 */
public final class UpgradeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeServer.class);
    private static final String PAGE = "/cacherr/adapters/web/upgrading.html";

    private final WebSettings settings;
    private final Supplier<UpgradeStatus> status;
    private final ObjectMapper mapper = Json.mapper();
    private final byte[] page;
    private final HostCheck hosts;
    private HttpServer server;
    private ExecutorService threads;

    /**
     * @param settings the real server's settings: host and port are bound here first
     * @param status   how far the upgrade has come, read at every request
     */
    public UpgradeServer(WebSettings settings, Supplier<UpgradeStatus> status) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.status = Objects.requireNonNull(status, "status");
        this.page = readPage();
        this.hosts = new HostCheck(settings.allowedHosts(), HostCheck.machineNames());
    }

    /** Binds the port and answers; a port already taken is an {@link IllegalStateException} that names it. */
    public UpgradeServer start() {
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 50);
        } catch (BindException e) {
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + " ("
                    + e.getMessage() + "): is another program (or another Cacherr) using the port? Set CACHERR_PORT"
                    + " to a free one", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port(), e);
        }
        threads = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "cacherr-upgrade-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
        LOG.info("While the database is upgraded, http://{}:{}/health answers \"migrating\" and the API 503",
                settings.host(), port());
        return this;
    }

    /** The port bound (useful with port 0: the real server must then bind this one). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering and frees the port at once. */
    @Override
    public void close() {
        if (server == null) return;
        server.stop(0);
        threads.shutdownNow();
        server = null;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes(); // a request body is ignored, never half-read
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            String refusal = hosts.refusal(exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestMethod(),
                    path);
            if (refusal != null) {
                if (HostCheck.answersInJson(path)) {
                    json(exchange, 403, Envelope.failure(refusal, now()));
                } else {
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    send(exchange, 403, HostCheck.page(refusal));
                }
                return;
            }
            UpgradeStatus now = status.get();
            if (path.equals("/health")) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("status", "migrating");
                data.put("version", settings.version());
                data.put("progress", Map.of("percent", now.percent(), "step", now.step()));
                json(exchange, 503, new Envelope(false, null, data, "migrating: " + now.sentence(), now()));
            } else if (path.startsWith("/api/") || path.equals("/api") || path.equals("/metrics")) {
                exchange.getResponseHeaders().set("Retry-After", "5");
                json(exchange, 503, Envelope.failure(now.sentence() + "; try again in a moment", now()));
            } else if (exchange.getRequestMethod().equals("GET") || exchange.getRequestMethod().equals("HEAD")) {
                // 200: a proxy in front would show its own page for a 503; the page itself says it is not ready
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                send(exchange, 200, page);
            } else {
                exchange.getResponseHeaders().set("Retry-After", "5");
                json(exchange, 503, Envelope.failure(now.sentence() + "; try again in a moment", now()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Answering {} during the upgrade failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void json(HttpExchange exchange, int status, Envelope body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, mapper.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        // the JDK's server sends a HEAD's headers without the length its GET would have: said here, as GET says it
        if (head) exchange.getResponseHeaders().set("Content-Length", String.valueOf(body.length));
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static byte[] readPage() {
        try (InputStream in = UpgradeServer.class.getResourceAsStream(PAGE)) {
            if (in == null) throw new IllegalStateException(PAGE + " is missing from the web adapter");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How far the upgrade has come: {@code percent} of the whole, and the step under way in words.
     *
     * @param percent 0–100
     * @param step    e.g. "step 2/10 v3 canonical tables: audit log, 400,000 of 1,000,000 rows"
     */
    public record UpgradeStatus(int percent, String step) {
        public static final UpgradeStatus STARTING = new UpgradeStatus(0, "starting");

        public UpgradeStatus {
            if (percent < 0 || percent > 100) throw new IllegalArgumentException("percent " + percent);
            Objects.requireNonNull(step, "step");
        }

        /** "Cacherr is upgrading its database: 40% done". */
        String sentence() {
            return "Cacherr is upgrading its database: " + percent + "% done";
        }
    }
}
