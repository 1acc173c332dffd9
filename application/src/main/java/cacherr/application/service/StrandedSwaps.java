package cacherr.application.service;

import cacherr.application.port.in.RecoveryReport;
import cacherr.application.port.out.Inspection;
import cacherr.application.port.out.StorageException;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up: media paths Cacherr swapped for a cached copy (a symlink into the cache, the original's backup beside it)
 * that the books do not know — the database was deleted, replaced or restored from an older backup. Left alone they
 * would be stranded: the API refuses to cache a symlink and has no record to uncache.
 *
 * <p>A swap is complete only after the copy was verified, so a stranded one whose copy still has the original's size
 * is <b>adopted</b> back into the books: nothing on disk moves, players keep reading the cache, and the user can take
 * it off the cache as usual. A copy whose size no longer matches is not trusted: the original is <b>restored</b> (the
 * backup renamed back over the symlink) when the copy is gone; a copy that holds other data (edited through the media
 * path) is never deleted, so that one is adopted too, both copies kept, and uncaching asks which to keep. The
 * audit log records which, as {@code cache_adopt} or {@code cache_recover}, triggered by {@code startup}.
 */
final class StrandedSwaps {
    static final String REASON = "swapped onto the cache but missing from the books (found at start-up)";

    private final Context ctx;

    StrandedSwaps(Context ctx) {
        this.ctx = ctx;
    }

    List<RecoveryReport.Reclaimed> reclaim() {
        List<Placement> stranded = ctx.storage.findSwapped(
                path -> ctx.transactions.readOnly(() -> ctx.files.findByPath(path)).isEmpty());
        List<RecoveryReport.Reclaimed> reclaimed = new ArrayList<>();
        for (Placement placement : stranded) {
            reclaimed.add(ctx.locks.withLock(placement.mediaPath(), () -> reclaimOne(placement)));
        }
        return reclaimed;
    }

    private RecoveryReport.Reclaimed reclaimOne(Placement placement) {
        String path = placement.mediaPath();
        Inspection inspection = ctx.storage.inspect(placement, false);
        if (inspection.state().cachedCopyUsable()) {
            return adopt(placement, "adopted back into the books as file %s; it stays on the cache", null);
        }
        Attempt attempt = new Attempt(AuditAction.CACHE_RECOVER, path, "startup", null,
                REASON + "; the cached copy was not usable: " + inspection.detail());
        try {
            ctx.storage.release(placement);
            ctx.audit.transaction(attempt, () -> {
                ctx.audit.succeeded(attempt, Map.of("outcome", "restored"));
                return null;
            });
            return new RecoveryReport.Reclaimed(path, RecoveryReport.Reclaimed.RESTORED,
                    "the original was restored (" + inspection.detail() + ")");
        } catch (StorageException refused) {
            // The storage keeps a copy that holds other data than the original (edited through the media path, say):
            // restoring would lose it. Adopted instead, both copies kept: uncaching then asks the user which to keep.
            if (refused.problem() != StorageException.Problem.NOT_POSSIBLE) {
                ctx.audit.failed(attempt, refused);
                return new RecoveryReport.Reclaimed(path, null, "could not be restored: " + Audit.describe(refused));
            }
            String why = "the cached copy holds other data than the original (" + inspection.detail()
                    + ") and restoring would lose it; both are kept";
            return adopt(placement, "adopted back into the books as file %s, because " + why, why);
        } catch (RuntimeException failure) {
            ctx.audit.failed(attempt, failure);
            return new RecoveryReport.Reclaimed(path, null, "could not be restored: " + Audit.describe(failure));
        }
    }

    /** {@code why}: why it was adopted rather than restored, kept in the audit entry; null for a usable copy. */
    private RecoveryReport.Reclaimed adopt(Placement placement, String detail, String why) {
        String path = placement.mediaPath();
        Attempt attempt = new Attempt(AuditAction.CACHE_ADOPT, path, "startup", null, REASON);
        try {
            CachedFile file = ctx.audit.transaction(attempt, () -> {
                if (ctx.files.findByPath(path).isPresent()) return null; // recorded meanwhile
                CachedFile adopted = CachedFile.cache(new FileId(ctx.ids.newId()), placement,
                        OperationType.MANUAL, null, REASON, null, ctx.clock.now());
                ctx.files.save(adopted);
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("file_id", adopted.id().value());
                metadata.put("outcome", "adopted");
                metadata.put("cache_method", placement.method().code());
                if (why != null) metadata.put("detail", why);
                ctx.audit.succeeded(attempt, metadata);
                return adopted;
            });
            return new RecoveryReport.Reclaimed(path, RecoveryReport.Reclaimed.ADOPTED, file == null
                    ? "already recorded" : String.format(detail, file.id().value()));
        } catch (RuntimeException failure) {
            return new RecoveryReport.Reclaimed(path, null, "could not be adopted: " + Audit.describe(failure));
        }
    }
}
