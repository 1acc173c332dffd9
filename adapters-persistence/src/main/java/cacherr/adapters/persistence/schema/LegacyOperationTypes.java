package cacherr.adapters.persistence.schema;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The audit actions the operation types of the original Cacherr's log stand for. Names it is known to have written
 * map exactly; any other name goes to the closest action by what its words say, and to {@code cache_verify} (an
 * operation that looked at the cache) when they say nothing known. The original name is always kept beside it.
 */
public final class LegacyOperationTypes {
    /** The codes of {@code AuditAction}: rows holding one of these are left alone. */
    static final Set<String> CURRENT = Set.of("cache_add", "cache_adopt", "cache_remove", "cache_cleanup",
            "cache_access", "cache_verify", "cache_purge", "cache_recover", "user_attach", "user_detach", "log_prune");
    /** The metadata key that keeps the name a migrated row had. */
    public static final String ORIGINAL_NAME_KEY = "legacy_operation_type";

    private static final Map<String, String> EXACT = Map.ofEntries(
            Map.entry("cache", "cache_add"), Map.entry("add", "cache_add"), Map.entry("cached", "cache_add"),
            Map.entry("remove", "cache_remove"), Map.entry("uncache", "cache_remove"),
            Map.entry("delete", "cache_remove"), Map.entry("cleanup", "cache_cleanup"),
            Map.entry("access", "cache_access"), Map.entry("verify", "cache_verify"));
    /** Checked in this order: the first word found in the name decides. */
    private static final List<Map.Entry<String, String>> WORDS = List.of(
            Map.entry("adopt", "cache_adopt"), Map.entry("recover", "cache_recover"), Map.entry("restor", "cache_recover"),
            Map.entry("purge", "cache_purge"), Map.entry("prune", "log_prune"), Map.entry("detach", "user_detach"),
            Map.entry("attach", "user_attach"), Map.entry("clean", "cache_cleanup"), Map.entry("evict", "cache_remove"),
            Map.entry("uncache", "cache_remove"), Map.entry("remov", "cache_remove"), Map.entry("delet", "cache_remove"),
            Map.entry("array", "cache_remove"), Map.entry("access", "cache_access"), Map.entry("play", "cache_access"),
            Map.entry("watch", "cache_access"), Map.entry("verif", "cache_verify"), Map.entry("check", "cache_verify"),
            Map.entry("cache", "cache_add"), Map.entry("add", "cache_add"), Map.entry("copy", "cache_add"),
            Map.entry("move", "cache_add"), Map.entry("link", "cache_add"));
    private static final String FALLBACK = "cache_verify";

    private LegacyOperationTypes() {
    }

    /**
     * {@link #actionCode} of the SQL expression {@code value} as SQL, for the audit log's copy: a printable ASCII name
     * (SQLite's {@code lower} and {@code trim} then do what Java's do) that is current, mapped exactly or one the
     * original wrote ({@link #WRITTEN}) is looked up by SQLite in one {@code CASE} built from {@link #actionCode}; any
     * other goes to {@code action_code} (this class, registered on the migration's connection). A quarter of the
     * generator's 1,000,000 log rows carry a legacy name: 0.16 against 0.25 s of CPU with a call into Java for each
     * ({@code LegacyOperationTypesTest} compares the two for every kind of name).
     */
    public static String actionCodeInSql(String value) {
        StringBuilder sql = new StringBuilder("CASE WHEN " + value + " GLOB '*[^ -~]*' THEN action_code(" + value
                + ") ELSE CASE lower(trim(" + value + "))");
        Stream.of(CURRENT, EXACT.keySet(), WRITTEN).flatMap(Collection::stream).distinct().sorted().forEach(name ->
                sql.append(" WHEN '").append(name).append("' THEN '").append(actionCode(name)).append("'"));
        return sql.append(" ELSE action_code(").append(value).append(") END END").toString();
    }

    /** Operation types the original wrote besides the current and the exactly mapped ones. */
    private static final List<String> WRITTEN = List.of("move_to_array", "restore");

    /** The action code {@code name} stands for: itself when current, else the closest one. */
    public static String actionCode(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (CURRENT.contains(wanted)) return wanted;
        String exact = EXACT.get(wanted);
        if (exact != null) return exact;
        for (Map.Entry<String, String> word : WORDS) {
            if (wanted.contains(word.getKey())) return word.getValue();
        }
        return FALLBACK;
    }
}
