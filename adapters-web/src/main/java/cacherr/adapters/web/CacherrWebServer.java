package cacherr.adapters.web;

import cacherr.application.Cacherr;
import cacherr.application.port.out.Clock;
import cacherr.application.port.out.CacheSpace;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of Cacherr, served by Javalin.
 *
 * <pre>{@code
 * CacherrWebServer web = new CacherrWebServer(cacherr, WebSettings.DEFAULTS, storage::space);
 * web.start();
 * ...
 * web.stop();
 * }</pre>
 */
public final class CacherrWebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacherrWebServer.class);
    private static final String PAGE = "/public/index.html";
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final long IDLE_CLOSE_MILLIS = 100;
    private static final Set<HandlerType> ENDPOINT_METHODS = Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    private final WebSettings settings;
    private final ValidatorFactory validators;
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> routeSet = ConcurrentHashMap.newKeySet();
    private final WebMetrics metrics;
    private final Javalin javalin;
    private final BatchEvents batchEvents;
    private final ExportHandler exports;

    public CacherrWebServer(Cacherr app, WebSettings settings) {
        this(app, settings, null);
    }

    /** @param cacheSpace space on the cache drive for the statistics, or null when unknown */
    public CacherrWebServer(Cacherr app, WebSettings settings, Supplier<CacheSpace> cacheSpace) {
        this(app, settings, cacheSpace, WebMetrics.off());
    }

    /**
     * @param cacheSpace space on the cache drive for the statistics, or null when unknown
     * @param metrics    what {@code GET /metrics} exposes (give {@code app} its {@link WebMetrics#instrumentation()})
     */
    public CacherrWebServer(Cacherr app, WebSettings settings, Supplier<CacheSpace> cacheSpace, WebMetrics metrics) {
        Objects.requireNonNull(app, "app");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.bindBooks(app, cacheSpace);
        this.settings = Objects.requireNonNull(settings, "settings");
        // Parameter interpolation only: the messages need no expression language, so jakarta.el need not be resolved.
        this.validators = Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .traversableResolver(new EveryPropertyReachable()).buildValidatorFactory();
        ObjectMapper mapper = Json.mapper();
        RequestReader reader = new RequestReader(mapper, validators.getValidator());
        this.batchEvents = new BatchEvents(app.watchBatches(), mapper);
        ApiRoutes api = new ApiRoutes(new FileHandlers(app, reader), new InsightHandlers(app, reader, cacheSpace),
                new MaintenanceHandlers(app, reader), exports = new ExportHandler(app, reader, mapper),
                new SystemHandlers(app, settings.version()), new BatchHandlers(app, reader), batchEvents);
        metrics.bindExports(exports.slots());
        TokenGuard guard = new TokenGuard(settings.apiToken());
        BrowserGuard browsers = new BrowserGuard(settings.corsOrigins());
        MetricsHandler scrape = new MetricsHandler(metrics, guard);
        HostCheck hosts = new HostCheck(settings.allowedHosts(), HostCheck.machineNames());
        this.javalin = Javalin.create(config -> configure(config, mapper, app.clock(), hosts, browsers, guard, api,
                scrape));
    }

    private void configure(JavalinConfig config, ObjectMapper mapper, Clock clock, HostCheck hosts,
                           BrowserGuard browsers, TokenGuard guard, ApiRoutes api, MetricsHandler scrape) {
        hosts.register(config.routes); // first of all: DNS rebinding (a Host this service does not answer to)
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = settings.host();
        config.jetty.port = settings.port();
        config.http.maxRequestSize = settings.maxRequestBytes();
        config.http.prefer405over404 = true;
        config.jsonMapper(new JavalinJackson(mapper, false));
        config.appData(Reply.TIME, clock); // the envelopes' time: the application's
        config.jetty.modifyServer(server -> {
            // Javalin mounts its handler inside this one: on stop, requests in progress finish; new ones are refused.
            GracefulHandler graceful = new GracefulHandler();
            graceful.setShutdownIdleTimeout(IDLE_CLOSE_MILLIS); // idle keep-alive connections need not be waited for
            server.setHandler(graceful);
            server.setStopTimeout(STOP_TIMEOUT_MILLIS);
            server.setErrorHandler(new JsonErrorHandler(mapper, clock)); // Jetty's own refusals in the envelope too
        });
        config.events.handlerAdded(meta -> {
            String route = meta.getHttpMethod() + " " + meta.getPath();
            // a HEAD is timed under its route; the list (what openapi.json describes) names its GET only
            if (meta.getHttpMethod() == HandlerType.HEAD) routeSet.add(route);
            if (!ENDPOINT_METHODS.contains(meta.getHttpMethod())) return;
            routes.add(route);
            routeSet.add(route);
        });
        if (metrics.enabled()) config.requestLogger.http((ctx, millis) -> metrics.requestDone(ctx, routeSet, millis));
        Cors.configure(config, settings.corsOrigins());
        servePageIfPresent(config);
        config.routes.before(browsers::check); // cross-site pages, bodies that are not JSON, method overrides
        config.routes.before(guard::check);
        ErrorMapping.register(config.routes);
        api.register(config.routes);
        ApiRoutes.read(config.routes, "/metrics", scrape::scrape);
    }

    /** The hook for the Cached page: served from {@code /} and {@code /cached} when the module ships one. */
    private static void servePageIfPresent(JavalinConfig config) {
        if (CacherrWebServer.class.getResource(PAGE) == null) return;
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/public";
            files.location = Location.CLASSPATH;
        });
        config.spaRoot.addFile("/cached", PAGE, Location.CLASSPATH);
    }

    /** Starts serving; logs a warning when the API is reachable from other machines without a token. */
    public CacherrWebServer start() {
        if (!settings.bindsLoopbackOnly() && settings.apiToken() == null) {
            LOG.warn("SECURITY: the API binds to {} (reachable from other machines) and no API token is set: anyone "
                    + "who can reach it can change the cache. Set an API token or bind to 127.0.0.1.", settings.host());
        }
        javalin.start();
        LOG.info("Cacherr API listening on http://{}:{} (token {}, CORS {})", settings.host(), javalin.port(),
                settings.apiToken() == null ? "off" : "on",
                settings.corsOrigins().isEmpty() ? "closed" : settings.corsOrigins());
        return this;
    }

    /**
     * Stops gracefully: requests in progress get up to 10 seconds to finish, new ones are refused. Closes the metrics.
     */
    public void stop() {
        batchEvents.close(); // live streams never end by themselves: a graceful stop would wait for them
        exports.close(); // nor would exports waiting their turn
        javalin.stop();
        validators.close();
        metrics.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** For tests: the live batch events' streams. */
    BatchEvents batchEvents() {
        return batchEvents;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return javalin.port();
    }

    /** Every registered endpoint as {@code "METHOD /path"}, for checking the API's description against it. */
    public List<String> registeredRoutes() {
        synchronized (routes) {
            return List.copyOf(routes);
        }
    }

    /** The places of the exports being sent (tests). */
    ExportSlots exportSlots() {
        return exports.slots();
    }
}
