package cacherr.adapters.persistence;

import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.query.LogFilter;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * Where an offset of the audit log falls, from its entries counted per day and filter ({@code log_days}, schema 16):
 * the days newest first, each a sum read from the table (whole days within the filter's time range: their sum, by
 * SQLite, and the day where the running sum passes the offset, read newest first until it does — one row for a first
 * page —, both over one primary-key range) or counted in an index (the partial days at the range's ends: at most a
 * day's entries each). The page is then read within that day alone, and the total is exact. The work follows the days
 * of history, not the entries: flat as the log grows. Covers every filter but a file path (its own index holds a
 * path's few entries) and {@code success=true} (no counts of successes are kept).
 */
final class LogDays {
    /** Off in tests that compare with the way without the counts. */
    static volatile boolean enabled = true;

    /** A day's entries run from {@code day} up to {@code day + END} (the canonical form's {@code T} sorts before). */
    static final String END = "U";

    /** The time of day of a midnight in the canonical form: a day's first instant. */
    static final String MIDNIGHT = "T00:00:00.000000Z";

    /** One combination's days: a primary-key range of {@code log_days}. */
    static final String KEY = "dims = :dims AND operation_type = :type AND user = :user";

    private LogDays() {
    }

    /**
     * Where a page starts: the exact {@code total}; the span {@code [from, to)} of timestamps that holds the entry at
     * the offset (null when the offset is past the end); and how many entries of the filter are newer than the span.
     */
    record Place(long total, String from, String to, long newer) {
        boolean pastTheEnd() {
            return from == null;
        }
    }

    static boolean covers(LogFilter f) {
        return enabled && f.filePath() == null && !Boolean.TRUE.equals(f.success());
    }

    /** The place of {@code f}'s offset; null when {@link #covers} says no. */
    static Place locate(StatelessSession session, LogFilter f) {
        if (!covers(f)) return null;
        long offset = f.paging().offset();
        String since = Timestamps.format(f.since()), until = Timestamps.format(f.until());
        String sinceDay = since == null ? null : since.substring(0, 10);
        String untilDay = until == null ? null : until.substring(0, 10);
        Walk walk = new Walk(offset);
        if (since != null && until != null && sinceDay.equals(untilDay)) {
            walk.span(since, until, counted(session, f, since, until));
            return walk.place();
        }
        // a bound at a midnight (a date given alone) leaves whole days: the counts hold them, no index need count
        boolean sinceWhole = since != null && since.endsWith(MIDNIGHT);
        boolean untilWhole = until != null && until.endsWith(MIDNIGHT); // nothing of its own day is before it
        if (until != null && !untilWhole) walk.span(untilDay, until, counted(session, f, untilDay, until));
        Map<String, Object> params = new HashMap<>();
        params.put("dims", (f.action() != null ? "t" : "") + (f.user() != null ? "u" : "")
                + (Boolean.FALSE.equals(f.success()) ? "f" : ""));
        params.put("type", f.action() == null ? "" : f.action().code());
        params.put("user", f.user() == null ? "" : f.user().value());
        String range = "";
        if (since != null) {
            range += sinceWhole ? " AND day >= :sinceDay" : " AND day > :sinceDay";
            params.put("sinceDay", sinceDay);
        }
        if (until != null) {
            range += " AND day < :untilDay";
            params.put("untilDay", untilDay);
        }
        String days = " FROM log_days WHERE " + KEY + range;
        long sum = Jdbc.number(session, "SELECT coalesce(sum(entries), 0)" + days, params);
        if (walk.from == null && offset < walk.total + sum) {
            walk.found(session, newestFirst(range), params, offset - walk.total);
        }
        walk.total += sum;
        if (since != null && !sinceWhole) {
            walk.span(since, sinceDay + END, counted(session, f, since, sinceDay + END));
        }
        return walk.place();
    }

    /** The days of one combination within {@code range} (of {@code :sinceDay}, {@code :untilDay}), newest first. */
    static String newestFirst(String range) {
        return "SELECT day, entries FROM log_days WHERE " + KEY + range + " ORDER BY day DESC";
    }

    /** The spans newest first, summed until the one holding the offset. */
    private static final class Walk {
        private final long offset;
        private long total;
        private String from, to;
        private long newer;

        Walk(long offset) {
            this.offset = offset;
        }

        void span(String spanFrom, String spanTo, long entries) {
            if (from == null && offset < total + entries) {
                from = spanFrom;
                to = spanTo;
                newer = total;
            }
            total += entries;
        }

        /**
         * The day holding the {@code skip}-th of the days' entries (newest first): read newest first, each row's
         * count added in Java, until the running sum passes it — one row for a first page; at most every day of the
         * combination for the oldest. (SQLite's running sum, {@code sum() OVER (ORDER BY day DESC)}, cost ~370 µs over
         * 541 days whatever the offset, the sum's 33 µs and a row's read a few; all the days read into Java ~60 µs.)
         * The days hold at least {@code skip + 1} entries (their sum, read in the same transaction).
         */
        void found(StatelessSession session, String sql, Map<String, Object> params, long skip) {
            long[] running = {0};
            Jdbc.eachWhile(session, sql, params, days -> {
                long entries = days.getLong(2);
                if (running[0] + entries <= skip) {
                    running[0] += entries;
                    return true;
                }
                String day = days.getString(1);
                from = day;
                to = day + END;
                newer = total + running[0];
                return false;
            });
            if (from == null) {
                throw new IllegalStateException("the days of the audit log hold fewer entries than their sum");
            }
        }

        Place place() {
            return new Place(total, from, to, newer);
        }
    }

    /** The entries of {@code f} in {@code [from, to)} (within its range), counted in an index: part of one day. */
    private static long counted(StatelessSession session, LogFilter f, String from, String to) {
        FileSql sql = SqliteOperationJournal.where(f, true);
        sql.params.put("spanFrom", from);
        sql.params.put("spanTo", to);
        return Jdbc.number(session, "SELECT count(*) FROM cache_operations_log l" + sql.where(), sql.params);
    }
}
