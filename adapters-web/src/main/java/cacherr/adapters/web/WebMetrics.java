package cacherr.adapters.web;

import cacherr.application.Cacherr;
import cacherr.application.port.out.CacheSpace;
import cacherr.application.port.out.Instrumentation;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    private static final Duration[] HTTP_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /**
     * Micrometer's meters left out. Two fail promtool's lint: process_cpu_time_ns_total (an abbreviated unit) and
     * system_cpu_count (a gauge ending in _count). Three cost a scrape milliseconds each (measured on this JDK in a
     * container: the CPU loads read cgroup files, each thread state takes a dump of every thread): the CPU usage is
     * {@code rate(process_cpu_seconds_total[1m])} instead, and the thread counts stay.
     */
    private static final Set<String> SKIPPED = Set.of("process.cpu.time", "system.cpu.count", "system.cpu.usage",
            "process.cpu.usage", "jvm.threads.states");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final PrometheusMeterRegistry registry;
    private final boolean requireToken;
    private final Instrumentation instrumentation;
    private final JvmGcMetrics gc;
    private volatile BooksMeters books;

    private WebMetrics(PrometheusMeterRegistry registry, boolean requireToken) {
        this.registry = registry;
        this.requireToken = requireToken;
        if (registry == null) {
            this.instrumentation = Instrumentation.NONE;
            this.gc = null;
            return;
        }
        registry.config().meterFilter(MeterFilter.deny(id -> SKIPPED.contains(id.getName())));
        this.instrumentation = new MicrometerInstrumentation(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        this.gc = new JvmGcMetrics();
        gc.bindTo(registry);
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

    /** Adds the gauges of the books and of the cache drive ({@code cacheSpace} may be null: no drive gauges). */
    void bindBooks(Cacherr app, Supplier<CacheSpace> cacheSpace) {
        if (registry == null || books != null) return;
        books = new BooksMeters(app, cacheSpace, registry);
    }

    /**
     * Counts a finished request: by its route template (or {@code other} for the page's files and unknown paths), its
     * method and its status class.
     */
    void requestDone(Context ctx, Set<String> routes, float millis) {
        if (registry == null) return;
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        String route = endpoint != null && routes.contains(endpoint.method + " " + endpoint.path) ? endpoint.path
                : "other";
        Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status class")
                .tag("route", route).tag("method", method(ctx)).tag("status", ctx.statusCode() / 100 + "xx")
                .serviceLevelObjectives(HTTP_BUCKETS).register(registry)
                .record(Math.round(millis * 1_000_000.0), TimeUnit.NANOSECONDS);
    }

    private static double cpuSeconds(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean unix
                ? unix.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    private static String method(Context ctx) {
        String method = ctx.req().getMethod();
        return METHODS.contains(method) ? method : "other"; // any word can be sent as a method: keep the label bounded
    }

    /** The exposition, with the books read just before it is written. */
    synchronized String scrape() {
        if (books != null) books.refresh();
        return registry.scrape();
    }

    @Override
    public void close() {
        if (gc != null) gc.close();
        if (registry != null) registry.close();
    }
}
