package cacherr.adapters.web;

import cacherr.adapters.web.dto.HealthData;
import cacherr.application.Cacherr;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Paging;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Health and the API's own description. */
final class SystemHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(SystemHandlers.class);
    private static final FileFilter ONE_FILE = new FileFilter(FileCriteria.ANY, FileSort.NEWEST_FIRST, new Paging(1, 0));

    private final Cacherr app;
    private final String version;
    private final byte[] openApi;

    SystemHandlers(Cacherr app, String version) {
        this.app = app;
        this.version = version;
        this.openApi = readOpenApi();
    }

    /**
     * Healthy when the books can be read (one query through the application to its storage) and the store reports
     * no problem (damage met by a query, its file deleted or replaced while running).
     */
    void health(Context ctx) {
        long started = System.nanoTime();
        try {
            app.listFiles().list(ONE_FILE);
        } catch (RuntimeException failure) {
            LOG.error("health check: the books cannot be read", failure);
            ErrorMapping.fail(ctx, 503, "unhealthy: " + app.storeHealth().problem().orElse("the database check failed ("
                    + failure.getClass().getSimpleName() + "); the details are in the server log"));
            return;
        }
        Optional<String> problem = app.storeHealth().problem();
        if (problem.isPresent()) {
            ErrorMapping.fail(ctx, 503, "unhealthy: " + problem.get());
            return;
        }
        Optional<String> pending = app.storeHealth().pending();
        if (pending.isPresent()) {
            ErrorMapping.fail(ctx, 503, "starting: " + pending.get() + "; reads work, writes wait for it");
            return;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Reply.ok(ctx, new HealthData("healthy", version,
                Map.of("database", new HealthData.Check("ok", "the books can be read", millis))));
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    static byte[] readOpenApi() {
        try (InputStream in = SystemHandlers.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json is missing from the web adapter");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
