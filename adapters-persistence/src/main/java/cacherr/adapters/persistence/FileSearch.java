package cacherr.adapters.persistence;

import cacherr.domain.file.CachedFile;
import cacherr.domain.file.OperationType;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * Free-text search. Each place a search looks is an indexed condition — the path through the trigram index, users
 * through the small {@code known_users} table and the user indexes, operations (seven names) decided in Java — so
 * SQLite unions index lookups instead of scanning, and the work follows the number of matches, not the table.
 */
final class FileSearch {
    SearchResult search(StatelessSession session, SearchQuery query) {
        String text = query.text();
        Map<String, Object> params = new HashMap<>();
        List<String> places = new ArrayList<>();
        SearchType type = query.type();
        if (type == SearchType.ALL || type == SearchType.PATH) places.add(FileSql.pathContains(text, params));
        if (type == SearchType.FILENAME) places.add(filenameContains(text, params));
        if (type == SearchType.ALL || type == SearchType.USER) userCondition(session, text, params, places);
        if (type == SearchType.ALL || type == SearchType.OPERATION) operationCondition(text, params, places);
        if (places.isEmpty()) return new SearchResult(List.of(), 0);

        FileSql sql = new FileSql();
        sql.params.putAll(params);
        sql.add("(" + String.join(" OR ", places) + ")");
        if (!query.includeRemoved()) sql.add("f.status <> 'removed'");
        long total = Jdbc.number(session, "SELECT count(*) FROM cached_files f" + sql.where(), sql.params);
        List<CachedFile> files = SqliteCachedFiles.page(session, sql, FileSort.NEWEST_FIRST, query.limit(), 0);
        return new SearchResult(files, total);
    }

    private static String filenameContains(String text, Map<String, Object> params) {
        String path = FileSql.pathContains(text, params);
        params.put("namePattern", FileSql.likePattern(text));
        String name = "f.filename LIKE :namePattern ESCAPE '\\'";
        return path.startsWith("f.seq") ? "(" + path + " AND " + name + ")" : name;
    }

    private static void userCondition(StatelessSession session, String text, Map<String, Object> params,
                                      List<String> places) {
        List<String> users = Jdbc.list(session,
                "SELECT user_id FROM known_users WHERE user_id LIKE :userPattern ESCAPE '\\'",
                Map.of("userPattern", FileSql.likePattern(text)), row -> row.getString(1));
        String needle = text.toLowerCase(Locale.ROOT);
        // LIKE folds ASCII only: the domain's rule (lower-case contains) decides.
        List<String> matching = users.stream()
                .filter(u -> u.toLowerCase(Locale.ROOT).contains(needle)).toList();
        if (matching.isEmpty()) return;
        params.put("users", matching);
        places.add("f.id IN (SELECT cached_file_id FROM cached_file_users WHERE user_id IN (:users))");
        places.add("f.triggered_by_user IN (:users)");
    }

    private static void operationCondition(String text, Map<String, Object> params, List<String> places) {
        String needle = text.toLowerCase(Locale.ROOT);
        List<String> codes = Arrays.stream(OperationType.values()).map(OperationType::code)
                .filter(code -> code.contains(needle)).toList();
        if (codes.isEmpty()) return;
        params.put("operations", codes);
        places.add("f.triggered_by_operation IN (:operations)");
    }
}
