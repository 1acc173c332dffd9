package cacherr.adapters.web;

import io.javalin.http.Context;

/** {@code GET /metrics}: the Prometheus text exposition, or 404 when metrics are off. */
final class MetricsHandler {
    private final WebMetrics metrics;
    private final TokenGuard guard;

    MetricsHandler(WebMetrics metrics, TokenGuard guard) {
        this.metrics = metrics;
        this.guard = guard;
    }

    void scrape(Context ctx) {
        if (!metrics.enabled()) {
            ErrorMapping.fail(ctx, 404, "metrics are turned off (CACHERR_METRICS=false)");
            return;
        }
        if (metrics.requiresToken()) guard.require(ctx, "metrics need the API token (CACHERR_METRICS_REQUIRE_TOKEN)");
        ctx.contentType(WebMetrics.CONTENT_TYPE).result(metrics.scrape());
    }
}
