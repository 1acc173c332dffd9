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
import org.hibernate.StatelessSession;

/**
 * Free-text search. Each place a search looks is an indexed condition — the path through a trigram index, users
 * through the small {@code known_users} table and the user indexes, operations (seven names) decided in Java — so
 * SQLite unions index lookups instead of scanning. When only one place matches, the total comes from that place's
 * own structure (the trigram index of live or of all paths, the user's counters, the operation counters) without
 * reading the matching rows; broad matches are paged by walking the newest-first index (see {@link FileSql}).
 */
final class FileSearch {
    private final FileStatistics statistics;

    FileSearch(FileStatistics statistics) {
        this.statistics = statistics;
    }

    SearchResult search(StatelessSession session, SearchQuery query) {
        String text = query.text();
        boolean withRemoved = query.includeRemoved();
        SearchType type = query.type();
        long bound = query.countBound();
        FileSql sql = new FileSql();
        List<String> sets = new ArrayList<>(), checks = new ArrayList<>();
        Total known = null; // the total, when a single place matches and knows its count

        if (type == SearchType.ALL || type == SearchType.PATH) {
            String index = withRemoved ? FileSql.ALL_PATHS : FileSql.LIVE_PATHS;
            String[] path = FileSql.pathForms(text, index, sql.params);
            Total count = FileSql.usesIndex(text) ? Total.count(session, "SELECT 1 FROM " + index + " WHERE " + index
                    + " MATCH :phrase", sql.params, bound) : null;
            if (count == null && !anyShortMatch(session, sql.params, !withRemoved)) count = Total.exact(0);
            if (count == null || !count.isZero()) { // a path no file has is left out of the query
                sets.add(path[0]);
                checks.add(path[1]);
                known = count;
                sql.checkCost = Math.max(sql.checkCost, FileSql.PATH_CHECK_COST);
            }
        }
        if (type == SearchType.FILENAME) {
            String[] path = FileSql.pathForms(text, FileSql.ALL_PATHS, sql.params);
            String name = " AND " + FileSql.foldedContains("f.filename", "namePattern", text, sql.params);
            sets.add("(" + path[0] + name + ")");
            checks.add("(" + path[1] + name + ")");
            sql.checkCost = Math.max(sql.checkCost, FileSql.PATH_CHECK_COST);
        }
        if (type == SearchType.ALL || type == SearchType.USER) {
            List<String> users = matchingUsers(session, text);
            if (!users.isEmpty()) {
                sql.params.put("users", users);
                sets.add("(f.id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id IN (:users))"
                        + " OR f.triggered_by_user IN (:users))");
                checks.add("(EXISTS (SELECT 1 FROM cached_file_users u WHERE u.cached_file_id = f.id"
                        + " AND u.user_id IN (:users)) OR f.triggered_by_user IN (:users))");
                known = users.size() == 1 ? Total.exact(userTotal(session, users.get(0), withRemoved)) : null;
                sql.checkCost = Math.max(sql.checkCost, FileSql.USER_CHECK_COST);
            }
        }
        if (type == SearchType.ALL || type == SearchType.OPERATION) {
            List<String> operations = matchingOperations(text);
            if (!operations.isEmpty()) {
                sql.params.put("operations", operations);
                sets.add("f.triggered_by_operation IN (:operations)");
                checks.add("+f.triggered_by_operation IN (:operations)"); // not its index: the walk keeps order
                known = Total.exact(statistics.filesWithOperations(session, operations, withRemoved));
            }
        }
        if (sets.isEmpty()) return new SearchResult(List.of(), 0);

        sql.add("(" + String.join(" OR ", sets) + ")", "(" + String.join(" OR ", checks) + ")");
        if (!withRemoved) sql.add("f.status <> 'removed'");
        Total total = sets.size() == 1 && known != null ? known
                : FileSql.usesIndex(text) && (type == SearchType.ALL || type == SearchType.USER)
                        ? documentsMatching(session, query, bound)
                        : Total.count(session, "SELECT 1 FROM cached_files f" + sql.where(), sql.params, bound);
        boolean walk = FileSql.walkPays(total.value(), 0, query.limit(), statistics.files(session, withRemoved),
                sql.checkCost);
        List<CachedFile> files = SqliteCachedFiles.page(session, sql, walk, FileSort.NEWEST_FIRST, query.limit(), 0);
        if (!total.exact() && files.size() < query.limit()) return new SearchResult(files, files.size());
        return new SearchResult(files, Math.max(total.value(), files.size()), total.exact());
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
        String needle = text.toLowerCase(Locale.ROOT);
        return Jdbc.list(session, "SELECT user_id FROM known_users", Map.of(), row -> row.getString(1)).stream()
                .filter(u -> u.toLowerCase(Locale.ROOT).contains(needle)).toList();
    }

    private static List<String> matchingOperations(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(OperationType.values()).map(OperationType::code)
                .filter(code -> code.contains(needle)).toList();
    }

    /**
     * Files attributed to the user or triggered by it: the attributions from the user's counter (live) or index
     * (all), plus the files it triggered without being attributed, through the (triggered_by_user, status, id) index.
     */
    private static long userTotal(StatelessSession session, String user, boolean withRemoved) {
        Map<String, Object> params = Map.of("user", user);
        long attributed = withRemoved
                ? Jdbc.number(session, "SELECT count(*) FROM cached_file_users WHERE user_id = :user", params)
                : Jdbc.number(session, "SELECT live_files FROM known_users WHERE user_id = :user", params);
        return attributed + Jdbc.number(session, "SELECT count(*) FROM cached_files f WHERE f.triggered_by_user = :user"
                + (withRemoved ? "" : " AND f.status <> 'removed'") + " AND NOT EXISTS (SELECT 1 FROM cached_file_users"
                + " u WHERE u.cached_file_id = f.id AND u.user_id = :user)", params);
    }
}
