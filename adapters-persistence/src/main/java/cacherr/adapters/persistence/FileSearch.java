package cacherr.adapters.persistence;

import cacherr.domain.file.CachedFile;
import cacherr.domain.file.OperationType;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.hibernate.StatelessSession;

/**
 * Free-text search. Each place a search looks is an indexed condition — the path through a trigram index (or the
 * index of characters and pairs for 1–2 characters), users through the small {@code known_users} table and the user
 * indexes, operations (seven names) decided in Java — so SQLite unions index lookups instead of scanning. Totals are
 * counted up to the query's bound (see {@link #total}): when only one place matches, by that place's own structure
 * without reading the matching rows; broad matches are paged by walking the newest-first index (see {@link FileSql}).
 */
final class FileSearch {
    /** False only in the benchmark, to measure the former count of a union (its set form) in the same run. */
    static volatile boolean unionByPlaces = true;

    private final FileStatistics statistics;
    private final SelectionTotals totals;

    FileSearch(FileStatistics statistics, SelectionTotals totals) {
        this.statistics = statistics;
        this.totals = totals;
    }

    /**
     * What a search selects and the bound its total is counted to: the key of its total in {@link SelectionTotals}.
     * The users and operations it matches follow from the text and the books, so the key and the books' counter
     * decide the total.
     */
    private record Selection(String text, SearchType type, boolean includeRemoved, long bound) {
    }

    /**
     * The search's page and total. With {@code snapshots} (a read-only transaction), the total counted at the same
     * books before is taken from {@link SelectionTotals} (schema v19: the books' counter moves with a file's
     * triggering user too, which the user place reads), else counted and kept: a search of several places counted
     * their union on every request (ten thousand rows and more: "12" in paths and users, 25 ms of CPU an answer).
     * Asked again at the same books, a search of at most {@link SqliteCachedFiles#searchSnapshotUpTo} matches
     * reads its page from a snapshot of its ordered selection (see {@link #fromSnapshot}).
     */
    SearchResult search(StatelessSession session, SearchQuery query, SelectionSnapshots snapshots) {
        boolean remember = snapshots != null;
        String text = query.text();
        boolean withRemoved = query.includeRemoved();
        SearchType type = query.type();
        FileSql sql = new FileSql();
        List<String> sets = new ArrayList<>(), checks = new ArrayList<>();
        // per place: its matches, one row each, through its own index; and one row's test of the same meaning
        List<String> drives = new ArrayList<>(), tests = new ArrayList<>();
        FileSql.PathForms path = null; // the path place, when it is the one that can drive a count
        List<String> users = List.of();
        List<String> operations = List.of();

        if (type == SearchType.ALL || type == SearchType.PATH) {
            path = FileSql.pathForms(text, withRemoved ? FileSql.ALL_PATHS : FileSql.LIVE_PATHS, sql.params);
            if (anyPath(session, text, withRemoved, sql.params)) { // a path no file has is left out of the query
                sets.add(path.set());
                checks.add(path.check());
                drives.add("SELECT 1 FROM " + path.countFrom() + " WHERE " + path.countMatch());
                tests.add(path.set()); // the index's matches as the set form (and count) take them, not the walk's
                sql.checkCost = Math.max(sql.checkCost, path.checkCost());
            } else {
                path = null;
            }
        }
        if (type == SearchType.FILENAME) { // a name is in its path: the path's index narrows, the name decides
            path = FileSql.pathForms(text, FileSql.ALL_PATHS, sql.params)
                    .and(FileSql.foldedContains("f.filename", "namePattern", text, sql.params));
            sets.add(path.set());
            checks.add(path.check());
            drives.add("SELECT 1 FROM " + path.countFrom() + " WHERE " + path.countMatch());
            tests.add(path.set());
            sql.checkCost = Math.max(sql.checkCost, path.checkCost());
        }
        if (type == SearchType.ALL || type == SearchType.USER) {
            users = matchingUsers(session, text);
            if (!users.isEmpty()) {
                sql.params.put("users", users);
                sets.add("(f.id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id IN (:users))"
                        + " OR f.triggered_by_user IN (:users))");
                checks.add("(EXISTS (SELECT 1 FROM cached_file_users u WHERE u.cached_file_id = f.id"
                        + " AND +u.user_id IN (:users)) OR f.triggered_by_user IN (:users))");
                drives.add("SELECT 1 FROM cached_files f WHERE " + sets.get(sets.size() - 1));
                tests.add(checks.get(checks.size() - 1));
                sql.checkCost = Math.max(sql.checkCost, FileSql.USER_CHECK_COST);
            }
        }
        if (type == SearchType.ALL || type == SearchType.OPERATION) {
            operations = matchingOperations(text);
            if (!operations.isEmpty()) {
                sql.params.put("operations", operations);
                sets.add("f.triggered_by_operation IN (:operations)");
                checks.add("+f.triggered_by_operation IN (:operations)"); // not its index: the walk keeps order
                drives.add("SELECT 1 FROM cached_files f WHERE f.triggered_by_operation IN (:operations)");
                tests.add(checks.get(checks.size() - 1));
            }
        }
        if (sets.isEmpty()) return new SearchResult(List.of(), 0);

        sql.add("(" + String.join(" OR ", sets) + ")", "(" + String.join(" OR ", checks) + ")");
        if (sets.size() == 1 && path != null) sql.drive(path.countFrom(), path.countMatch());
        if (!withRemoved) sql.add("f.status <> 'removed'");
        long scope = statistics.files(session, withRemoved);
        long bound = FileSql.countBound(query.countBound(), 0, query.limit(), scope, sql.checkCost);
        Places places = new Places(drives, tests);
        FileSql.PathForms counted = path;
        List<String> foundUsers = users, foundOperations = operations;
        Supplier<Total> count = () -> total(session, query, sql, places, counted, foundUsers, foundOperations, bound);
        // operations alone are counted in the counters: nothing to keep
        boolean kept = remember && (counted != null || !users.isEmpty());
        // a search by user reads the attributions of the users its text matches; the others read none
        SelectionSnapshots.Versions versions = !kept ? null : SelectionSnapshots.Versions.ofUsers(session,
                type == SearchType.ALL || type == SearchType.USER ? user -> userMatches(user, text) : null);
        Selection selection = new Selection(text, type, withRemoved, bound);
        SelectionTotals.Known known = kept ? totals.at(selection, versions) : null;
        Total total = !kept ? count.get() : known.asCounted(count);
        List<CachedFile> files = kept ? fromSnapshot(session, sql, selection, known, total, versions, snapshots,
                query.limit()) : null;
        if (files == null) {
            boolean walk = FileSql.walkPays(total.value(), 0, query.limit(), scope, sql.checkCost);
            files = SqliteCachedFiles.page(session, sql, walk, FileSort.NEWEST_FIRST, query.limit(), 0);
        }
        if (total.exact()) return new SearchResult(files, Math.max(total.value(), files.size()));
        if (files.size() < query.limit()) return new SearchResult(files, files.size()); // the last page after all
        return new SearchResult(files, query.countBound() - 1, false);
    }

    /**
     * The search's first {@code limit} files, newest first, from a snapshot of its ordered selection: the one held at
     * these books, or read now when the search was asked before at them and has at most
     * {@link SqliteCachedFiles#searchSnapshotUpTo} matches (a larger one is noted, and not read again — nor
     * after a write, unless its exact {@code total} says it fits now: the attempt gathered and sorted every match, up
     * to 0.9 s for a search of half the files' users, and every write that moved the search's counters made the next
     * reader try again). A page
     * otherwise walked the newest-first index checking each row's places (for "12" in paths and user12, 10 % of
     * the files: 500 rows, each path compared and its attributions probed) or gathered and sorted every match; from
     * the snapshot it reads its own rows. Null: read the page as before.
     */
    private static List<CachedFile> fromSnapshot(StatelessSession session, FileSql sql, Selection selection,
                                                 SelectionTotals.Known known, Total total,
                                                 SelectionSnapshots.Versions versions, SelectionSnapshots snapshots,
                                                 int limit) {
        if (!SqliteCachedFiles.searchSnapshots) return null;
        int[] seqs = snapshots.get(selection, FileSort.Field.CACHED_AT, versions);
        if (seqs == null) {
            if (!known.pagedBefore(FileSort.Field.CACHED_AT)) return null;
            boolean fits = total.exact() && total.value() <= SqliteCachedFiles.searchSnapshotUpTo;
            // one reader at a time reads it at these books; one that waited decides again (too large: not again)
            seqs = snapshots.getOrRead(selection, FileSort.Field.CACHED_AT, versions, () -> {
                if (known.tooLargeToKeep() && !fits) return null;
                int[] read = SelectionSnapshots.read(session, sql.where(), sql.params, "cached_at",
                        SqliteCachedFiles.searchSnapshotUpTo);
                if (read == null) { // more than searchSnapshotUpTo
                    known.foundTooLargeToKeep();
                    snapshots.foundTooLarge();
                }
                return read;
            });
            if (seqs == null) return null;
        }
        return SqliteCachedFiles.slice(session, seqs, FileSort.NEWEST_FIRST, limit, 0);
    }

    /**
     * The number of files a search finds, up to {@code bound}. One place: its own structure — the trigram index of
     * paths, a user's counters, the operation counters — or the path index joined to the rows (1–2 characters).
     * Several places: the largest place is a lower bound of their union, and is enough when it reaches the bound;
     * else the search documents (3+ characters) or the rows are counted.
     */
    private Total total(StatelessSession session, SearchQuery query, FileSql sql, Places placed,
                        FileSql.PathForms path, List<String> users, List<String> operations, long bound) {
        int places = placed.drives().size();
        boolean withRemoved = query.includeRemoved();
        boolean trigrams = FileSql.usesIndex(query.text());
        String paths = withRemoved ? FileSql.ALL_PATHS : FileSql.LIVE_PATHS;
        Total pathTotal = path == null || query.type() == SearchType.FILENAME ? null : trigrams
                ? Total.count(session, "SELECT 1 FROM " + paths + " WHERE " + paths + " MATCH :phrase", sql.params, bound)
                : places == 1 ? Objects.requireNonNullElseGet(FileSql.shortTotal(session, query.text(), !withRemoved,
                        bound), () -> Total.count(session, sql.countSelect(), sql.params, bound))
                : Total.count(session, FileSql.shortMatches(!withRemoved), Map.of("chars", sql.params.get("chars")),
                        bound);
        Total userTotal = users.size() == 1 ? userTotal(session, users.get(0), withRemoved, bound) : null;
        Total operationTotal = operations.isEmpty() ? null
                : Total.exact(statistics.filesWithOperations(session, operations, withRemoved));
        if (places == 1) {
            Total known = pathTotal != null ? pathTotal : userTotal != null ? userTotal : operationTotal;
            if (known != null) return known;
        }
        boolean documents = trigrams && (query.type() == SearchType.ALL || query.type() == SearchType.USER);
        if (bound < Long.MAX_VALUE) { // a union is at least its largest place: enough when that reaches the bound
            long largest = 0;
            for (Total t : new Total[] {pathTotal, userTotal, operationTotal}) {
                if (t != null) largest = Math.max(largest, t.exact() ? t.value() : t.value() + 1);
            }
            // several users: the most attributed one's counter, then their attributions streamed, when the search
            // documents cannot count the union (1-2 characters)
            if (users.size() > 1) largest = Math.max(largest, largestUser(session, users));
            if (largest < bound && users.size() > 1 && !documents) {
                largest = attributedToAny(session, users, withRemoved, bound);
            }
            if (largest >= bound) return new Total(bound - 1, false);
        }
        if (documents) return documentsMatching(session, query, bound);
        if (places > 1 && unionByPlaces) {
            List<Total> known = new ArrayList<>();
            if (path != null) known.add(null); // an index's matches of 1-2 characters are more than the rows it finds
            if (!users.isEmpty()) known.add(userTotal);
            if (!operations.isEmpty()) known.add(operationTotal);
            return union(session, placed, known, sql.params, withRemoved, bound);
        }
        return Total.count(session, sql.countSelect(), sql.params, bound);
    }

    /**
     * Per place a search looks in (path, users, operations — in that order): its matches, and a test of one row
     * that selects the same files.
     */
    private record Places(List<String> drives, List<String> checks) {
    }

    /**
     * The files matching any of several places, up to {@code bound}, without visiting the largest: its exact total
     * ({@code known}, from the counters) plus, for each other place in turn, its own matches (through its index)
     * that no place before it matches. "12" in paths and user ids: user12's ~9,500 files from its counter, then the
     * ~4,000 paths holding "12" each checked against user12 — where a count of the union's set form visited every
     * file in the books (184 ms at 100,000 files on a busy machine). The same files as the union: each is counted in
     * the first place that matches it.
     */
    private static Total union(StatelessSession session, Places places, List<Total> known, Map<String, Object> params,
                               boolean withRemoved, long bound) {
        int base = -1;
        for (int i = 0; i < known.size(); i++) {
            Total t = known.get(i);
            if (t != null && t.exact() && (base < 0 || t.value() > known.get(base).value())) base = i;
        }
        long sum = base < 0 ? 0 : known.get(base).value();
        List<String> counted = new ArrayList<>();
        if (base >= 0) counted.add(places.checks().get(base));
        for (int i = 0; i < places.drives().size(); i++) {
            if (i == base) continue;
            if (sum >= bound) return new Total(bound - 1, false);
            StringBuilder select = new StringBuilder(places.drives().get(i));
            // a test may be NULL (a file no user triggered): coalesced, so NOT keeps the files it does not match
            for (String check : counted) select.append(" AND coalesce(").append(check).append(", 0) = 0");
            if (!withRemoved) select.append(" AND f.status <> 'removed'");
            Total more = Total.count(session, select.toString(), params,
                    bound == Long.MAX_VALUE ? bound : bound - sum);
            if (!more.exact()) return new Total(bound - 1, false);
            sum += more.value();
            counted.add(places.checks().get(i));
        }
        return sum >= bound ? new Total(bound - 1, false) : Total.exact(sum);
    }

    /**
     * A lower bound of the files of any of these users, counted up to {@code bound}: the distinct files attributed
     * to them, streamed from the user index alone (0.4 µs each; the set form gathered every attribution first, 55 ms
     * for ten users at 100,000 files, and reading each file's status costs 5 µs). Without removed files, every
     * removed file in the books (from the counters) is subtracted, as if each were one of theirs.
     */
    private long attributedToAny(StatelessSession session, List<String> users, boolean withRemoved, long bound) {
        long removed = withRemoved ? 0 : statistics.removedFiles(session);
        Total attributed = Total.count(session, "SELECT DISTINCT cached_file_id FROM cached_file_users"
                + " WHERE user_id IN (:users)", Map.of("users", users), bound + removed);
        return (attributed.exact() ? attributed.value() : bound + removed) - removed;
    }

    /** Whether any path (of a live file, or of any) holds the text, bound as {@code :phrase} or {@code :chars}. */
    private static boolean anyPath(StatelessSession session, String text, boolean withRemoved,
                                   Map<String, Object> params) {
        if (!FileSql.usesIndex(text)) return anyShortMatch(session, params, !withRemoved);
        String index = withRemoved ? FileSql.ALL_PATHS : FileSql.LIVE_PATHS;
        return Jdbc.number(session, "SELECT count(*) FROM (SELECT 1 FROM " + index + " WHERE " + index
                + " MATCH :phrase LIMIT 1)", Map.of("phrase", params.get("phrase"))) > 0;
    }

    /** Whether any path (of a live file, or of any) holds the 1–2 characters bound as {@code :chars}. */
    private static boolean anyShortMatch(StatelessSession session, Map<String, Object> params, boolean liveOnly) {
        return Jdbc.number(session, "SELECT count(*) FROM (" + FileSql.shortMatches(liveOnly) + " LIMIT 1)",
                Map.of("chars", params.get("chars"))) > 0;
    }

    /**
     * The total of a search matching several places at once (a text in ten user ids, or in paths and users): a
     * count of the search documents ({@code files_search}, schema v6: path, users and operation of each file in
     * one trigram index; rowid {@code seq}, {@code -seq} when removed), up to {@code bound}, instead of visiting
     * every matching row for the union. Only the total: a membership probe of this index costs ~100 µs per row (a
     * phrase of several trigrams in long doclists), so the page keeps the cheaper per-place checks.
     */
    private static Total documentsMatching(StatelessSession session, SearchQuery query, long bound) {
        String document = (query.type() == SearchType.USER ? "users : " : "") + FileSql.phrase(query.text());
        return Total.count(session, "SELECT 1 FROM " + FileSql.DOCUMENTS + " WHERE " + FileSql.DOCUMENTS
                + " MATCH :document" + (query.includeRemoved() ? "" : " AND rowid > 0"), Map.of("document", document),
                bound);
    }

    /**
     * Users whose id contains the text, by the domain's rule (lower-case contains), decided in Java over the small
     * {@code known_users} table: a LIKE first would fold ASCII only and lose "émile" for "Émile".
     */
    private static List<String> matchingUsers(StatelessSession session, String text) {
        return Jdbc.list(session, "SELECT user_id FROM known_users", Map.of(), row -> row.getString(1)).stream()
                .filter(u -> userMatches(u, text)).toList();
    }

    /** Whether a search of {@code text} finds the user {@code user} (case-insensitively, anywhere in the id). */
    private static boolean userMatches(String user, String text) {
        return user.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the search is answered without a statement: a search of operations alone whose text names none finds
     * nothing, decided in Java (see {@link #search}). Nothing to keep for it.
     */
    static boolean readsNothing(SearchQuery query) {
        return query.type() == SearchType.OPERATION && matchingOperations(query.text()).isEmpty();
    }

    private static List<String> matchingOperations(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(OperationType.values()).map(OperationType::code)
                .filter(code -> code.contains(needle)).toList();
    }

    /**
     * Files attributed to the user or triggered by it, up to {@code bound}: the attributions from the user's counter
     * (live) or index (all) — a bound already when they reach it — plus the files it triggered without being
     * attributed, through the (triggered_by_user, status, id) index.
     */
    private static Total userTotal(StatelessSession session, String user, boolean withRemoved, long bound) {
        Map<String, Object> params = Map.of("user", user);
        Total attributed = withRemoved
                ? Total.count(session, "SELECT 1 FROM cached_file_users WHERE user_id = :user", params, bound)
                : Total.exact(Jdbc.number(session, "SELECT live_files FROM known_users WHERE user_id = :user", params));
        if (!attributed.exact() || attributed.value() >= bound) return new Total(bound - 1, false);
        Total triggeredOnly = Total.count(session, "SELECT 1 FROM cached_files f WHERE f.triggered_by_user = :user"
                + (withRemoved ? "" : " AND f.status <> 'removed'") + " AND NOT EXISTS (SELECT 1 FROM cached_file_users"
                + " u WHERE u.cached_file_id = f.id AND u.user_id = :user)", params, bound - attributed.value());
        return triggeredOnly.exact() ? Total.exact(attributed.value() + triggeredOnly.value())
                : new Total(bound - 1, false);
    }

    /** The live files of the most attributed of these users: a lower bound of the files of them all. */
    private static long largestUser(StatelessSession session, List<String> users) {
        return Jdbc.number(session, "SELECT coalesce(max(live_files), 0) FROM known_users WHERE user_id IN (:users)",
                Map.of("users", users));
    }
}
