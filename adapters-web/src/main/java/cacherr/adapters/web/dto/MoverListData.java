package cacherr.adapters.web.dto;

import cacherr.application.port.in.MoverListStatus;
import cacherr.application.port.out.MoverListInspection;
import java.time.Instant;
import java.util.List;

/**
 * The state of the Unraid mover's exclusion list: whether Cacherr keeps one, its entries, its last write, the entries
 * whose host path does not exist (the likeliest sign of a wrong host path mapping), the entries the reader may not
 * match exactly, and the reminder about the built-in mover.
 */
public record MoverListData(boolean enabled, String path, boolean upToDate, int entries, int filesOnCache,
                            Instant lastWrite, String lastError, Instant lastErrorAt, boolean hostPathsChecked,
                            int missingHostPathsCount, List<String> missingHostPaths, int globRiskCount,
                            List<Risk> globRisks, List<String> warnings, String builtInMover) {
    /** Said on every answer, since nothing here can tell which Unraid runs the list's reader. */
    public static final String BUILT_IN_MOVER = "On Unraid 7.2.1 or later the built-in mover runs on its own schedule"
            + " and ignores this list: disable its schedule (Settings → Scheduler → Mover) and let Mover Tuning's own"
            + " schedule run the mover.";

    /** An entry the reader may not match exactly; {@code may_be_moved} says whether the file itself is at risk. */
    public record Risk(String cachedPath, String hostPath, boolean mayBeMoved, String why) {
    }

    public static MoverListData from(MoverListStatus status) {
        MoverListInspection list = status.list();
        if (!status.enabled() || list == null) {
            return new MoverListData(false, null, true, 0, 0, null, null, null, false, 0, List.of(), 0, List.of(),
                    List.of("no list is kept: set CACHERR_MOVER_LIST to the file Mover Tuning reads"), BUILT_IN_MOVER);
        }
        return new MoverListData(true, list.location(), status.upToDate(), list.entries(), status.books(),
                list.lastWrite(), status.lastError(), status.lastErrorAt(), list.hostPathsChecked(),
                list.missingCount(), list.missingHostPaths(), list.riskCount(), list.risks().stream()
                        .map(r -> new Risk(r.cachedPath(), r.hostPath(), r.mayBeMoved(), r.why())).toList(),
                list.warnings(), BUILT_IN_MOVER);
    }
}
