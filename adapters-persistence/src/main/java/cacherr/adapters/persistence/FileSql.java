package cacherr.adapters.persistence;

import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * The SQL of a file selection ({@link FileCriteria}) and order ({@link FileSort}) over {@code cached_files f}, in two
 * forms with the same meaning. The <em>set</em> form lets a selective condition (a search, a user) drive: SQLite
 * collects its matches through their index, then sorts them. The <em>walk</em> form turns those conditions into
 * per-row checks, so SQLite walks the sort index and stops at the page's end — cheaper when matches are many.
 */
final class FileSql {
    /** The whole full-text index of paths, and the one of files that are not removed (schema v5). */
    static final String ALL_PATHS = "files_fts", LIVE_PATHS = "files_fts_live";
    /** One search document per file: path, users, operation (schema v6); rowid {@code seq}, negative when removed. */
    static final String DOCUMENTS = "files_search";
    /** The characters and character pairs of every path, for 1–2 character searches (schema v7); signed rowid. */
    static final String SHORT = "files_short";

    final List<String> conditions = new ArrayList<>();
    final List<String> checks = new ArrayList<>();
    final Map<String, Object> params = new HashMap<>();
    /** True when a condition differs between the forms: only then is choosing a form worth anything. */
    boolean hasDriver;
    /**
     * True when a size or cache-time range is among the conditions: the set form keeps its index, the walk checks it
     * per row (see {@link #walkable}). Unlike {@link #hasDriver} it leaves the count's bound as it was.
     */
    boolean hasRange;
    /** What the dearest per-row check of the walk form costs, in rows of the set form (see {@link #walkPays}). */
    int checkCost = 1;
    /**
     * The driving index's own matches (one row each) when a path condition drives: as many as the selection's, or
     * more when other conditions narrow it — an upper bound of the total, counted without reading a row.
     */
    String driverMatches;
    /**
     * The rows the set form reads whatever the matches, when more than them (see {@link #walkPays(long, long, long,
     * int, long, int)}): a user's files, for a user narrowed by other filters without a search; else 0.
     */
    long setRows;
    /** The walk's check that a file is attributed to {@code :user}; null without a user (see {@link #byUser}). */
    String userCheck;
    /** The user's files (all statuses) as counted in their index, once per request; null when not counted. */
    Total userFiles;
    /**
     * The user's rows of {@code user_files} within the cache-time range, which bounds {@link #byUser}'s walk (an
     * index count, no row read); null without a range or when not counted, and then {@link #userFiles} bounds it.
     */
    Total userFilesInRange;
    /** The dearest per-row check but the user's own: what {@link #byUser} checks per row, the user being its range. */
    int checkCostButUser = 1;
    /** The count's driving join, and the condition it replaces (see {@link #drive}). */
    private String countFrom, countMatch;
    private int drivenCondition = -1;

    static FileSql of(FileCriteria c) {
        return of(c, false);
    }

    /**
     * The SQL of {@code c}; with a search and a user, {@code userDrives} picks the side that drives the set form and
     * the count: the user's attributions (its index), each row's path then checked as the walk checks it, or the
     * search's index, each row's user then probed (see {@link #userDrives}).
     */
    static FileSql of(FileCriteria c, boolean userDrives) {
        FileSql sql = new FileSql();
        if (c.search() != null && userDrives && c.user() != null) {
            PathForms forms = pathForms(c.search(), ALL_PATHS, sql.params);
            sql.add(forms.check());
            sql.checkCost = Math.max(sql.checkCost, forms.checkCost());
            sql.attributedTo(c.user().value(), false);
            sql.drive("cached_file_users u CROSS JOIN cached_files f ON f.id = u.cached_file_id", "u.user_id = :user");
            sql.driverMatches = USER_FILES;
        } else {
            if (c.search() != null) sql.pathContains(c.search(), ALL_PATHS);
            // with a search driving, the user is a check in both forms: as a set, SQLite built the user's whole set
            // of files first (9 ms instead of 1 ms for a search of 1,111 matches)
            if (c.user() != null) sql.attributedTo(c.user().value(), c.search() != null);
        }
        // With a search, the trigram index must drive the set form: unary + keeps SQLite from preferring the status
        // index and probing the search for every row of that status (measured: 9 s instead of 40 ms).
        String unindexed = c.search() == null ? "" : "+";
        if (c.status() != null) {
            // the walk checks it per row (see walkWhere): through its index, SQLite collected every file of the
            // status and sorted them for a first page sorted by anything but the cache time (95,000 files for
            // "active"); the set form keeps the index for a rare status, and the counters give the total that chooses
            sql.add(unindexed + "f.status = :status", STATUS_CHECK);
            sql.params.put("status", c.status().code());
        }
        if (c.operation() != null) {
            // the walk checks it per row: through its index, SQLite collected every file of the operation and sorted
            // them for a first page (20,000 at 100,000 files: 23 ms, where the walk reads ~250 rows in 1 ms); the
            // set form keeps the index for a rare operation, and the counters give the total that chooses
            sql.add(unindexed + "f.triggered_by_operation = :operation", OPERATION_CHECK);
            sql.params.put("operation", c.operation().code());
        }
        sql.ranges(c);
        return sql;
    }

    /**
     * One row per file with a status among {@code statuses}, an operation among {@code operations} and within
     * {@code c}'s ranges, for a count that walks {@code idx_files_filters} (schema v14) alone: a seek per pair, then
     * the cache-time range; the size is read from the same entry (the index is named, so no other is taken). Binds
     * {@code :statuses}, {@code :operations} and the ranges.
     */
    static String filterCount(FileCriteria c, List<String> statuses, List<String> operations,
                              Map<String, Object> params) {
        FileSql sql = new FileSql();
        sql.add("f.status IN (:statuses)");
        sql.add("f.triggered_by_operation IN (:operations)");
        sql.params.put("statuses", statuses);
        sql.params.put("operations", operations);
        sql.ranges(c);
        params.putAll(sql.params);
        return "SELECT 1 FROM cached_files f INDEXED BY idx_files_filters" + sql.where();
    }

    private void ranges(FileCriteria c) {
        bind(c.sizeMin(), "f.file_size_bytes >= :sizeMin", "sizeMin");
        bind(c.sizeMax(), "f.file_size_bytes <= :sizeMax", "sizeMax");
        bind(Timestamps.format(c.cachedSince()), "f.cached_at >= :cachedSince", "cachedSince");
        bind(Timestamps.format(c.cachedUntil()), "f.cached_at <= :cachedUntil", "cachedUntil");
    }

    /** A condition the same in both forms. */
    void add(String condition) {
        add(condition, condition);
    }

    void add(String set, String check) {
        conditions.add(set);
        checks.add(check);
        if (!set.equals(check)) hasDriver = true;
    }

    /**
     * A range: through its index in the set form, a per-row check in the walk (unary +), so the walk walks the sort
     * index and stops at the page's end — through its index SQLite collected and sorted every file of the range for
     * a first page (33,623 files of 5–15 GB at 100,000, some 400 ms; walked, ~150 rows). Sorted by its own column,
     * the walk keeps its index (see {@link #walkWhere(FileSort)}): the range then bounds the walk.
     */
    private void bind(Object value, String condition, String name) {
        if (value == null) return;
        params.put(name, value);
        if (!rangesWalked) {
            add(condition);
            return;
        }
        conditions.add(condition);
        checks.add("+" + condition);
        hasRange = true;
    }

    /** False only in tests, to walk the cache time's index with the operation checked per row (the former way). */
    static volatile boolean operationOrdered = true;

    /** False only in tests, to check ranges through their index in both forms (the former way). */
    static volatile boolean rangesWalked = true;

    /** Whether the two forms may differ, so that the total chooses between them. */
    boolean walkable() {
        return hasDriver || hasRange;
    }

    /** The ids of the files attributed to {@code :user}, read from its index alone (any status). */
    static final String USER_FILES = "SELECT cached_file_id FROM cached_file_users WHERE user_id = :user";

    /**
     * Whether a search narrowed to a user is cheaper driven by the user's attributions ({@code userFiles} of them,
     * each row's path checked at {@code pathCheckCost}) than by the search's index ({@code pathMatches}, each row's
     * user probed at {@link #USER_CHECK_COST}). Both numbers may be bounds: {@code pathMatches} is counted only up to
     * what decides this. "Season" matched 70 % of 100,000 paths and user7 6 %: the user was probed 70,000 times.
     * A user's file costs {@link #USER_ROW_COST} more than a path match to reach (its row is found by its text id,
     * two index descents, where the search's index gives the rowid): measured, a user of 10,013 files drove in
     * twice the time of a search of 11,111 matches, so a user drives only below half the search's matches (ASCII).
     */
    static boolean userDrives(Total userFiles, Total pathMatches, int pathCheckCost) {
        if (!userFiles.exact()) return false;
        return (double) userFiles.value() * (USER_ROW_COST + pathCheckCost)
                < (double) pathMatches.value() * USER_CHECK_COST || !pathMatches.exact();
    }

    /** The path matches beyond which a user of {@code userFiles} files drives: count the search's up to here. */
    static long pathMatchesDeciding(long userFiles, int pathCheckCost) {
        return (long) Math.ceil((double) userFiles * (USER_ROW_COST + pathCheckCost) / USER_CHECK_COST) + 1;
    }

    static final int USER_ROW_COST = 2;

    /**
     * The file is attributed to {@code user}: the user's files through its index, or one key probe per file (in both
     * forms when {@code checkOnly}).
     */
    void attributedTo(String user, boolean checkOnly) {
        String check = "EXISTS (SELECT 1 FROM cached_file_users u WHERE u.cached_file_id = f.id AND u.user_id = :user)";
        add(checkOnly ? check : "f.id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id = :user)", check);
        userCheck = check;
        checkCostButUser = checkCost; // a path check, where there is one, is added before
        checkCost = Math.max(checkCost, USER_CHECK_COST);
        params.put("user", user);
    }

    /**
     * The path contains {@code text}, case-insensitively and literally: through the trigram index {@code index}, or
     * {@link #SHORT} for a text of one or two characters (see {@link #pathForms}). That index also drives the count.
     */
    void pathContains(String text, String index) {
        PathForms forms = pathForms(text, index, params);
        add(forms.set(), forms.check());
        drive(forms.countFrom(), forms.countMatch());
        checkCost = Math.max(checkCost, forms.checkCost());
        driverMatches = forms.indexMatches();
    }

    /**
     * The last condition added is replaced in the count by a join that streams an index's matches in rowid order
     * and reads their rows: {@code SELECT 1 FROM <from> WHERE <match> AND <the other conditions>}. Unlike the set
     * form (SQLite first gathers every match of an {@code IN} subquery: 26 ms for 100,000 paths), it stops at the
     * count's bound.
     */
    void drive(String from, String match) {
        countFrom = from;
        countMatch = match;
        drivenCondition = conditions.size() - 1;
    }

    /** One row per file matching the set form's conditions, for {@link Total#count}. */
    String countSelect() {
        if (drivenCondition < 0) return "SELECT 1 FROM cached_files f" + where();
        List<String> all = new ArrayList<>(conditions);
        all.set(drivenCondition, countMatch);
        return "SELECT 1 FROM " + countFrom + " WHERE " + String.join(" AND ", all);
    }

    /**
     * The forms of "the path contains text": {@code set} (the matches through an index), {@code check} (one row's
     * test), and for the count an index {@code countFrom} joined to the rows with its {@code countMatch}.
     */
    record PathForms(String set, String check, String countFrom, String countMatch, int checkCost,
                     String indexMatches) {
        /** These forms narrowed by {@code condition} (the same in every form); the index's matches still bound them. */
        PathForms and(String condition) {
            return new PathForms("(" + set + " AND " + condition + ")", "(" + check + " AND " + condition + ")",
                    countFrom, countMatch + " AND " + condition, checkCost, indexMatches);
        }
    }

    /**
     * The forms of "the path contains text"; binds {@code :phrase}, {@code :pattern}, {@code :chars}. A text of
     * three characters or more is looked up in the trigram index {@code index}; a row is checked by a {@code LIKE}
     * when the text and the path are ASCII, where both fold alike, and by a probe of the index otherwise. A shorter
     * one is looked up in {@link #SHORT}, of live files only when {@code index} is {@link #LIVE_PATHS}, and each row
     * is then compared as the walk form compares it ({@link #foldedContains}: some 30 ns a row, where a probe of the
     * index costs some 13 µs), so both forms select the same files.
     */
    static PathForms pathForms(String text, String index, Map<String, Object> params) {
        boolean ascii = isAscii(text);
        if (usesIndex(text)) {
            params.put("phrase", phrase(text));
            String probe = "EXISTS (SELECT 1 FROM " + index + " WHERE " + index + " MATCH :phrase AND rowid = f.seq)";
            // An ASCII text: the LIKE (30 ns) decides every path of printable ASCII, where it folds as the index
            // does; only a path with other characters, where the index folds more (a Kelvin sign is a k), is probed
            // (13-20 µs). The same files as the index gives, at a fraction of the cost on most libraries.
            if (ascii) params.put("pattern", likePattern(text));
            String check = ascii ? "(f.file_path LIKE :pattern ESCAPE '\\' OR (f.file_path GLOB '*[^ -~]*' AND "
                    + probe + "))" : probe;
            String matches = "SELECT rowid FROM " + index + " WHERE " + index + " MATCH :phrase";
            return new PathForms("f.seq IN (" + matches + ")", check,
                    index + " CROSS JOIN cached_files f ON f.seq = " + index + ".rowid",
                    index + " MATCH :phrase", ascii ? ASCII_PATH_CHECK_COST : PATH_CHECK_COST, matches);
        }
        String like = foldedContains("f.file_path", "pattern", text, params);
        params.put("chars", shortToken(text));
        boolean liveOnly = index.equals(LIVE_PATHS);
        return new PathForms("(f.seq IN (" + shortMatches(liveOnly) + ") AND " + like + ")", like,
                SHORT + " CROSS JOIN cached_files f ON f.seq = " + (liveOnly ? "" : "abs(") + SHORT + ".rowid"
                        + (liveOnly ? "" : ")"),
                SHORT + " MATCH :chars" + (liveOnly ? " AND " + SHORT + ".rowid > 0" : "") + " AND " + like,
                ascii ? 1 : FOLDED_CHECK_COST, shortMatches(liveOnly));
    }

    /**
     * A bound reached by the paths holding a 1–2 character text, counted in {@link #SHORT} alone (0.4 ms for
     * 10,000, where reading each row to compare it costs 6 ms); null when fewer match there, and the rows must be
     * counted. For an ASCII text the rows' {@code LIKE} accepts no path the index refuses (it folds ASCII only, the
     * index all of Unicode), so the rows are fewer than the index's matches only where the {@code LIKE} misses a
     * fold (a Kelvin sign for "k"); for other texts the two folds may differ in such rare letters too.
     */
    static Total shortBeyond(StatelessSession session, String text, boolean liveOnly, long bound) {
        if (bound == Long.MAX_VALUE) return null;
        Total inIndex = Total.count(session, shortMatches(liveOnly), Map.of("chars", shortToken(text)), bound);
        return inIndex.exact() ? null : inIndex;
    }

    /** False only in the benchmark and tests, to count a short ASCII text's matches by reading their rows. */
    static volatile boolean asciiShortCounts = true;

    /**
     * The number of files whose path holds a 1–2 character {@code text}, up to {@code bound}, without reading rows
     * where it can: beyond the bound, the index's own count ({@link #shortBeyond}); below it, for an ASCII text, the
     * index's matches less those whose path holds other characters than printable ASCII and fails the rows' check.
     * On a path of printable ASCII the index (Unicode case folding) and the {@code LIKE} (ASCII) agree, so only the
     * other paths need their row: they are found in {@code idx_files_unusual_paths} (schema v14, a partial index of
     * those paths alone, usually empty), one probe per match. Null when the rows must be counted (another text).
     */
    static Total shortTotal(StatelessSession session, String text, boolean liveOnly, long bound) {
        Total beyond = shortBeyond(session, text, liveOnly, bound);
        if (beyond != null || !isAscii(text) || !asciiShortCounts) return beyond;
        Map<String, Object> params = new HashMap<>();
        params.put("chars", shortToken(text));
        String seq = liveOnly ? SHORT + ".rowid" : "abs(" + SHORT + ".rowid)";
        String select = "SELECT 1 FROM " + SHORT + " WHERE " + SHORT + " MATCH :chars"
                + (liveOnly ? " AND " + SHORT + ".rowid > 0" : "") + " AND NOT EXISTS (SELECT 1 FROM cached_files g"
                + " INDEXED BY idx_files_unusual_paths WHERE g.seq = " + seq + " AND " + UNUSUAL_PATH + " AND NOT "
                + foldedContains("g.file_path", "pattern", text, params) + ")";
        return Total.count(session, select, params, bound);
    }

    /** A path with a character outside printable ASCII: the condition of {@code idx_files_unusual_paths}. */
    static final String UNUSUAL_PATH = "g.file_path GLOB '*[^ -~]*'";

    /** The seqs of the files whose path holds {@code :chars}, of live files only or of all. */
    static String shortMatches(boolean liveOnly) {
        return liveOnly ? "SELECT rowid FROM " + SHORT + " WHERE " + SHORT + " MATCH :chars AND rowid > 0"
                : "SELECT abs(rowid) FROM " + SHORT + " WHERE " + SHORT + " MATCH :chars";
    }

    /**
     * The one token of {@link #SHORT} a text of one or two characters is: {@code "\1x\1"} for a character,
     * {@code "x\1y"} for a pair (see {@code V7ShortSearches}), as a phrase.
     */
    static String shortToken(String text) {
        int[] chars = text.codePoints().toArray();
        String token = chars.length == 1 ? "\u0001" + Character.toString(chars[0]) + "\u0001"
                : Character.toString(chars[0]) + "\u0001" + Character.toString(chars[1]);
        return phrase(token);
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    static boolean usesIndex(String text) {
        return text.codePointCount(0, text.length()) >= 3;
    }

    /** The text as one FTS5 phrase: quoted, inner quotes doubled, so nothing in it is query syntax. */
    static String phrase(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    String walkWhere() {
        return checks.isEmpty() ? "" : " WHERE " + String.join(" AND ", checks);
    }

    /** The status as a check of the walk: not through an index of its own (see {@link #walkWhere(FileSort)}). */
    static final String STATUS_CHECK = "+f.status = :status";
    /** The operation as a check of the walk: not through an index of its own (see {@link #walkWhere(FileSort)}). */
    static final String OPERATION_CHECK = "+f.triggered_by_operation = :operation";

    /**
     * The walk form for {@code sort}: newest first (or oldest), the status and the operation keep their indexes,
     * since {@code (status, cached_at, id)} and {@code (triggered_by_operation, cached_at, id)} (schema v18) give both
     * the files of the status or the operation and their order — SQLite walks the one it finds the narrower.
     */
    String walkWhere(FileSort sort) {
        List<String> walked = new ArrayList<>(checks);
        if (sort.field() == FileSort.Field.CACHED_AT) {
            walked.replaceAll(check -> check.equals(STATUS_CHECK) ? "f.status = :status"
                    : check.equals(OPERATION_CHECK) && operationOrdered ? "f.triggered_by_operation = :operation"
                    : check);
        }
        if (sort.field() == FileSort.Field.CACHED_AT || sort.field() == FileSort.Field.SIZE) {
            // a range of the sort's own column bounds the walk of its index
            String own = "+f." + column(sort.field()) + " ";
            walked.replaceAll(check -> check.startsWith(own) ? check.substring(1) : check);
        }
        return walked.isEmpty() ? "" : " WHERE " + String.join(" AND ", walked);
    }

    /**
     * The seqs of a page in the user's own order ({@code user_files}, schema v17: a user's files newest first, one
     * primary-key range): only the user's files are walked, each other condition checked per row as the walk checks
     * it, and the walk stops at the page's end — the same rows in the same order as the other forms (the table's time
     * and id are the file's). The status, the operation and the size are checked in the user's own rows (schema v18
     * copies them there), so a file's row is read only for a match (or for a path's check). Binds nothing new;
     * {@code :user} and the ranges are bound already.
     */
    String byUser(FileSort sort) {
        List<String> walked = new ArrayList<>(checks);
        walked.remove(userCheck);
        if (userRowsChecked) {
            walked.removeIf(check -> check.startsWith("+f.cached_at ")); // the range of the user's rows, below
            walked.replaceAll(check -> ON_USER_ROW.getOrDefault(check, check));
        }
        String direction = sort.descending() ? " DESC" : " ASC";
        StringBuilder sql = new StringBuilder("SELECT f.seq FROM user_files uf CROSS JOIN cached_files f"
                + " ON f.seq = uf.seq WHERE uf.user_id = :user" + userRowsInRange());
        for (String check : walked) sql.append(" AND ").append(check);
        return sql.append(" ORDER BY uf.cached_at").append(direction).append(", uf.file_id").append(direction)
                .toString();
    }

    /** The walk's checks that {@code user_files} answers from its own columns (schema v18), as they read there. */
    private static final Map<String, String> ON_USER_ROW = Map.of(STATUS_CHECK, "uf.status = :status",
            OPERATION_CHECK, "uf.operation = :operation",
            "+f.file_size_bytes >= :sizeMin", "uf.file_size_bytes >= :sizeMin",
            "+f.file_size_bytes <= :sizeMax", "uf.file_size_bytes <= :sizeMax");

    /** False only in tests, to check every filter in the file's row in the user's own order (the former way). */
    static volatile boolean userRowsChecked = true;

    /**
     * Whether a page of {@code total} matches at {@code offset} is read in the user's own order ({@link #byUser}):
     * sorted by the cache time, with a user whose files are counted, when the form chosen otherwise is the walk
     * (which reads the same share of every file instead of the user's alone) or when reading about
     * {@code (offset + limit) × userRows / total} of the user's rows, each checked, costs less than the set form's
     * rows ({@link #setRows}, or the matches themselves). {@code userRows} are the user's files within the cache-time
     * range ({@link #userFilesInRange}), which bounds the walk of the user's rows, else all of them; each costs the
     * checks but the user's ({@link #checkCostButUser}: the user is the walk's range, not a probe). A rare status or
     * operation keeps the set form. The user of 7,864 files with "active", "ondeck", a size and a time range (95
     * matches, 2,621 of its files in the range): the set form read 28,000 rows of the status in the range (9.4 ms in
     * the shell), the user's own order 1,400 rows (1.1 ms).
     */
    boolean userOrderPays(FileSort sort, boolean walk, long total, long offset, int limit) {
        if (!userOrdered || userCheck == null || userFiles == null || !userFiles.exact()
                || sort.field() != FileSort.Field.CACHED_AT) {
            return false;
        }
        if (walk) return true;
        if (!userRangesCounted) { // the former way
            double read = Math.min(userFiles.value(), (double) (offset + limit) * userFiles.value() / Math.max(1, total));
            return checkCost * read <= Math.max(setRows, total);
        }
        long rows = userFilesInRange != null && userFilesInRange.exact() ? userFilesInRange.value() : userFiles.value();
        double read = Math.min(rows, (double) (offset + limit) * rows / Math.max(1, total));
        return checkCostButUser * read < Math.max(setRows, total);
    }

    /** The user's rows of {@code user_files} from {@code :cachedSince} to {@code :cachedUntil}, in its index alone. */
    String userFilesInRangeSelect() {
        return "SELECT 1 FROM user_files uf WHERE uf.user_id = :user" + userRowsInRange();
    }

    /** The cache-time range as a range of the user's rows ({@code uf}), which it bounds; empty without one. */
    private String userRowsInRange() {
        return (params.containsKey("cachedSince") ? " AND uf.cached_at >= :cachedSince" : "")
                + (params.containsKey("cachedUntil") ? " AND uf.cached_at <= :cachedUntil" : "");
    }

    /** Whether the cache-time range bounds the user's rows: then they are counted ({@link #userFilesInRange}). */
    boolean hasTimeRange() {
        return params.containsKey("cachedSince") || params.containsKey("cachedUntil");
    }

    /** False only in tests, to choose the user's own order by all its files and checks (the former way). */
    static volatile boolean userRangesCounted = true;

    /** False only in tests, to compare with the forms without the users' own order (the former way). */
    static volatile boolean userOrdered = true;

    /**
     * Whether walking the sort index beats collecting and sorting the matches. A walk reads about
     * {@code (offset + limit) × scope / total} rows, each with checks costing {@code checkCost} times what a row of
     * the set form costs (about 0.3 µs); collecting reads {@code total} rows. Walk when {@code total² ≥ checkCost ×
     * (offset + limit) × scope}: at 100,000 files and a first page, from about 18,000 path matches of a non-ASCII
     * text on (a trigram probe is some 20 µs), 3,200 of an ASCII one (a LIKE, and a probe for non-ASCII paths
     * only) or 3,200 user matches (a key probe costs about what collecting a user's file costs: the set reads each
     * file by its text id; with 8, a user of 10,000 files among 400,000 was collected in 22 ms, walked in 4 ms).
     */
    static boolean walkPays(long total, long offset, int limit, long scope, int checkCost) {
        return walkPays(total, total, offset, limit, scope, checkCost);
    }

    /**
     * As {@link #walkPays(long, long, int, long, int)}, when collecting reads {@code setRows} rather than the
     * {@code total} matches: a user's files are all gathered and read by id before its other filters narrow them
     * (user07 and "ondeck": 10,013 files read for 1,915 matches, 18 ms of CPU, where the walk took 8 ms).
     */
    static boolean walkPays(long setRows, long total, long offset, int limit, long scope, int checkCost) {
        return (double) Math.max(setRows, total) * total >= (double) checkCost * (offset + limit) * scope;
    }

    static final int PATH_CHECK_COST = 64, USER_CHECK_COST = 2, FOLDED_CHECK_COST = 4, ASCII_PATH_CHECK_COST = 2;

    /**
     * The number of matches from which walking pays ({@link #walkPays}): a count that reaches it can stop, since
     * the page's way is then known — some 18,000 at 100,000 files for a path search's first page, growing with the
     * square root of the files.
     */
    static long walkThreshold(long offset, int limit, long scope, int checkCost) {
        return (long) Math.ceil(Math.sqrt((double) checkCost * (offset + limit) * scope));
    }

    /** The bound a count needs: what the caller may be shown, and what the choice of the page's way needs. */
    static long countBound(long shown, long offset, int limit, long scope, int checkCost) {
        return shown == Long.MAX_VALUE ? shown : Math.max(shown, walkThreshold(offset, limit, scope, checkCost) + 1);
    }

    /**
     * "{@code column} contains {@code text}, case-insensitive" by the domain's rule (Java's lower case), binding
     * {@code :name} and {@code :nameFolded}. An ASCII text: a {@code LIKE} (fast, folding ASCII only) decides every
     * value of printable ASCII, and the Java function {@code folded_contains} the others (a Kelvin sign is a k).
     * Any other text: {@code folded_contains}.
     */
    static String foldedContains(String column, String name, String text, Map<String, Object> params) {
        params.put(name + "Folded", text.toLowerCase(Locale.ROOT));
        String folded = "folded_contains(" + column + ", :" + name + "Folded) = 1";
        if (!isAscii(text)) return folded;
        params.put(name, likePattern(text));
        return "(" + column + " LIKE :" + name + " ESCAPE '\\' OR (" + column + " GLOB '*[^ -~]*' AND " + folded + "))";
    }

    /** {@code %text%} with {@code %}, {@code _} and the escape character itself taken literally. */
    static String likePattern(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** ORDER BY for {@code sort}: SQLite puts nulls lowest, as the domain does; ties by id in the same direction. */
    static String orderBy(FileSort sort) {
        String direction = sort.descending() ? " DESC" : " ASC";
        return " ORDER BY f." + column(sort.field()) + direction + ", f.id" + direction;
    }

    static String column(FileSort.Field field) {
        switch (field) {
            case FILENAME:
                return "filename";
            case FILE_PATH:
                return "file_path";
            case SIZE:
                return "file_size_bytes";
            case STATUS:
                return "status";
            case OPERATION:
                return "triggered_by_operation";
            case ACCESS_COUNT:
                return "access_count";
            case LAST_ACCESSED:
                return "last_accessed";
            case CACHED_AT:
            default:
                return "cached_at";
        }
    }
}
