package cacherr.application.port.in;

import cacherr.application.port.out.MoverListInspection;
import java.time.Instant;

/**
 * The state of the mover's exclusion list.
 *
 * @param enabled     whether Cacherr keeps a list at all (off unless configured)
 * @param upToDate    whether the last write left the list equal to the books (false after a failed write: it is then a
 *                    superset, retried at the next change)
 * @param books       how many cached paths the books say belong on the list
 * @param lastError   why the last write failed, or null
 * @param lastErrorAt when it failed, or null
 * @param list        what the adapter sees, or null when disabled
 */
public record MoverListStatus(boolean enabled, boolean upToDate, int books, String lastError, Instant lastErrorAt,
                              MoverListInspection list) {
    public static final MoverListStatus DISABLED = new MoverListStatus(false, true, 0, null, null, null);
}
