package cacherr.adapters.web;

import io.javalin.config.JavalinConfig;
import java.util.List;

/** CORS stays closed unless origins are configured; then exactly those origins, and never with credentials. */
final class Cors {
    private Cors() {
    }

    static void configure(JavalinConfig config, List<String> origins) {
        if (origins.isEmpty()) return;
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
            origins.forEach(origin -> rule.allowHost(origin));
            rule.allowCredentials = false; // the token travels in a header, never in a cookie
            rule.exposeHeader("Content-Disposition");
        }));
    }
}
