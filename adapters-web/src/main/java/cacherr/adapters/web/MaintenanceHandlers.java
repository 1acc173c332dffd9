package cacherr.adapters.web;

import cacherr.adapters.web.dto.CleanupData;
import cacherr.adapters.web.dto.CleanupRequest;
import cacherr.adapters.web.dto.PurgeParams;
import cacherr.adapters.web.dto.VerifyData;
import cacherr.adapters.web.dto.VerifyRequest;
import cacherr.application.Cacherr;
import io.javalin.http.Context;

/** Keeping the books true to the disk: cleanup, verify and purge. */
final class MaintenanceHandlers {
    private final Cacherr app;
    private final RequestReader reader;

    MaintenanceHandlers(Cacherr app, RequestReader reader) {
        this.app = app;
        this.reader = reader;
    }

    void cleanup(Context ctx) {
        CleanupRequest body = reader.optionalBody(ctx, CleanupRequest.class, () -> CleanupRequest.DEFAULTS);
        CleanupData data = CleanupData.from(app.cleanup().cleanup(body.toCommand()));
        Reply.ok(ctx, 200, data, data.dryRun() ? "Dry run: nothing was changed"
                : "Cache cleanup completed. " + data.orphanedCount() + " files marked as orphaned.");
    }

    void verify(Context ctx) {
        VerifyRequest body = reader.optionalBody(ctx, VerifyRequest.class, () -> VerifyRequest.DEFAULTS);
        Reply.ok(ctx, VerifyData.from(app.verifyIntegrity().verify(body.toCommand())));
    }

    void purge(Context ctx) {
        Integer days = new QueryParams(ctx).integer("older_than_days");
        PurgeParams params = reader.valid(new PurgeParams(days == null ? PurgeParams.DEFAULT_DAYS : days));
        int purged = app.purgeRemoved().purgeRemovedOlderThan(params.olderThanDays());
        Reply.ok(ctx, 200, new PurgeParams.PurgeData(purged, params.olderThanDays()),
                "Purged " + purged + " removed file records");
    }
}
