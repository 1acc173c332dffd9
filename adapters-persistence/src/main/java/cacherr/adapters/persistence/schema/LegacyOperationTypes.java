package cacherr.adapters.persistence.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
