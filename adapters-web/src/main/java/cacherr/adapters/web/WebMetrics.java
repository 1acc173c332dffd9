package cacherr.adapters.web;

import cacherr.application.Cacherr;
import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.Instrumentation;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Monitoring for Prometheus: a Micrometer registry with the JVM's and the process's meters, the application's
 * {@link Instrumentation}, the HTTP requests, and the books read at each scrape of {@code GET /metrics}.
 *
 * <pre>{@code
 * WebMetrics metrics = WebMetrics.prometheus(false);              // or WebMetrics.off()
 * Cacherr app = new Cacherr(books, storage, clock, ids, settings, metrics.instrumentation());
 * persistence.publishPoolMetrics(metrics.registry());                // HikariCP's pool
 * new CacherrWebServer(app, webSettings, storage::space, metrics).start();
 * }</pre>
 */
public final class WebMetrics implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** A few fixed buckets (each is a series per route, method and status class): a page view to a slow export. */
    private static final Duration[] HTTP_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    /**
     * Micrometer's meters left out. Two fail promtool's lint: process_cpu_time_ns_total (an abbreviated unit) and
     * system_cpu_count (a gauge ending in _count). Three cost a scrape milliseconds each (measured on this JDK in a
     * container: the CPU loads read cgroup files, each thread state takes a dump of every thread): the CPU usage is
     * {@code rate(process_cpu_seconds_total[1m])} instead, and the thread counts stay.
     */
    private static final Set<String> SKIPPED = Set.of("process.cpu.time", "system.cpu.count", "system.cpu.usage",
            "process.cpu.usage", "jvm.threads.states");
    /** The method labels, in the order of {@link #methodIndex}. */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "other");
    /** More endpoints than the routes have: something makes them per request, so they are looked up, not kept. */
    private static final int MAX_ENDPOINTS = 512;

    private final PrometheusMeterRegistry registry;
    private final boolean requireToken;
    private final Instrumentation instrumentation;
    private volatile BooksMeters books;
    private final Map<Endpoint, RouteTimers> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, RouteTimers> byRoute = new ConcurrentHashMap<>();
    private final RouteTimers other = new RouteTimers("other");
    private final Scrapes scrapes = new Scrapes();
    /** Runs when a scrape's text is written and not yet shown to anyone (a test holds or fails a write here). */
    volatile Runnable afterWrite = () -> { };

    private WebMetrics(PrometheusMeterRegistry registry, boolean requireToken) {
        this.registry = registry;
        this.requireToken = requireToken;
        if (registry == null) {
            this.instrumentation = Instrumentation.NONE;
            return;
        }
        registry.config().meterFilter(MeterFilter.deny(id -> SKIPPED.contains(id.getName())));
        this.instrumentation = new MicrometerInstrumentation(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        GcMeters.bindTo(registry); // read at each scrape: JvmGcMetrics's GC notifications cost the JVM CPU each GC
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        FunctionCounter.builder("process.cpu", ManagementFactory.getOperatingSystemMXBean(), WebMetrics::cpuSeconds)
                .baseUnit("seconds").description("CPU time used by the process (rate() gives its CPU usage)")
                .register(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * Metrics on, exposed at {@code GET /metrics}.
     *
     * @param requireToken whether a scrape must carry the API token when one is configured (reads are open otherwise)
     */
    public static WebMetrics prometheus(boolean requireToken) {
        return prometheus(requireToken, Clock.SYSTEM);
    }

    /** With {@code clock} as the registry's clock (a test's {@code MockClock}: durations and ages it decides). */
    public static WebMetrics prometheus(boolean requireToken, Clock clock) {
        return new WebMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock),
                requireToken);
    }

    /** Metrics off: nothing is measured and {@code GET /metrics} answers 404. */
    public static WebMetrics off() {
        return new WebMetrics(null, false);
    }

    public boolean enabled() {
        return registry != null;
    }

    /** What the application reports to: counted into this registry, or {@link Instrumentation#NONE} when off. */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    /** The registry, for other meters (HikariCP's pool); null when metrics are off. */
    public MeterRegistry registry() {
        return registry;
    }

    boolean requiresToken() {
        return requireToken;
    }

    /** Adds the gauges of the exports: those being sent and those waiting their turn ({@link ExportSlots}). */
    void bindExports(ExportSlots slots) {
        if (registry == null) return;
        Gauge.builder("cacherr.exports.sending", slots, ExportSlots::sending)
                .description("Exports being sent now (each holds a database connection until its client has read it)")
                .register(registry);
        Gauge.builder("cacherr.exports.waiting", slots, ExportSlots::waiting)
                .description("Exports waiting their turn to be sent").register(registry);
    }

    /** Adds the gauges of the books and of the cache drive ({@code cacheSpace} may be null: no drive gauges). */
    void bindBooks(Cacherr app, Supplier<CacheSpace> cacheSpace) {
        if (registry == null || books != null) return;
        books = new BooksMeters(app, cacheSpace, registry);
    }

    /**
     * Counts a finished request: by its route template (or {@code other} for the page's files and unknown paths), its
     * method and its status class. Runs on every request, so it only looks up: the route's timers are found by the
     * matched endpoint (one map read), and each timer is registered on its first use and then kept.
     */
    void requestDone(Context ctx, Set<String> routes, float millis) {
        if (registry == null) return;
        int statusClass = ctx.statusCode() / 100;
        int method = methodIndex(ctx.req().getMethod());
        long nanos = Math.round(millis * 1_000_000.0);
        if (statusClass < 1 || statusClass > 5) { // not a status a server sends: counted, not kept in the table
            httpTimer(routeTimers(ctx, routes).route, method, statusClass).record(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        RouteTimers timers = routeTimers(ctx, routes);
        int index = method * 5 + statusClass - 1;
        Timer timer = timers.timers.get(index);
        if (timer == null) {
            timer = httpTimer(timers.route, method, statusClass); // idempotent: a race registers the same timer
            timers.timers.set(index, timer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private RouteTimers routeTimers(Context ctx, Set<String> routes) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        if (endpoint == null) return other;
        RouteTimers timers = byEndpoint.get(endpoint); // endpoints are made once, when the routes are added
        if (timers != null) return timers;
        String key = endpoint.method + " " + endpoint.path;
        timers = routes.contains(key) ? byRoute.computeIfAbsent(endpoint.path, RouteTimers::new) : other;
        if (byEndpoint.size() < MAX_ENDPOINTS) byEndpoint.put(endpoint, timers);
        return timers;
    }

    private Timer httpTimer(String route, int method, int statusClass) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status class")
                .tag("route", route).tag("method", METHODS.get(method)).tag("status", statusClass + "xx")
                .serviceLevelObjectives(HTTP_BUCKETS).register(registry);
    }

    /** The HTTP timers of one route template: one per method and status class (1xx to 5xx), made on first use. */
    private static final class RouteTimers {
        final String route;
        final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(METHODS.size() * 5);

        RouteTimers(String route) {
            this.route = route;
        }
    }

    /** The position of {@code method} in {@link #METHODS}; any other word is {@code other} (the label stays bounded). */
    static int methodIndex(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "PATCH" -> 4;
            case "DELETE" -> 5;
            case "OPTIONS" -> 6;
            default -> 7;
        };
    }

    private static double cpuSeconds(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean unix
                ? unix.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /**
     * The exposition, with the books read just before it is written. Scrapes that arrive while one is being written
     * share the next one: it begins after they all arrived, so it shows everything counted before each of them asked,
     * and a burst of scrapes (several Prometheus servers, dashboards refreshing) costs two writes, not one each. One
     * is written at a time, as before.
     */
    String scrape() {
        long mine;
        synchronized (scrapes) {
            long arrived = scrapes.begun; // a write numbered above this one began after this request arrived
            while (scrapes.shown <= arrived) {
                if (!scrapes.writing) break; // nobody is writing one (or the last write failed): write it here
                scrapes.waiting++;
                try {
                    scrapes.wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a scrape", interrupted);
                } finally {
                    scrapes.waiting--;
                }
            }
            if (scrapes.shown > arrived) return scrapes.text;
            scrapes.writing = true;
            mine = ++scrapes.begun;
        }
        String text = null;
        try {
            if (books != null) books.refresh();
            String written = registry.scrape();
            afterWrite.run();
            text = written;
            return text;
        } finally {
            synchronized (scrapes) {
                scrapes.writing = false;
                if (text != null) { // a failed write is nobody's answer: a waiter writes again
                    scrapes.text = text;
                    scrapes.shown = mine;
                }
                scrapes.notifyAll();
            }
        }
    }

    /** How many scrapes wait for one to be written (a test's way to know they arrived). */
    int scrapesWaiting() {
        synchronized (scrapes) {
            return scrapes.waiting;
        }
    }

    /**
     * The scrapes written: how many begun, the number of the last one shown and its text, whether one is under way,
     * how many requests wait for it.
     */
    private static final class Scrapes {
        int waiting;
        long begun;
        long shown;
        String text;
        boolean writing;
    }

    @Override
    public void close() {
        if (registry != null) registry.close();
    }
}
