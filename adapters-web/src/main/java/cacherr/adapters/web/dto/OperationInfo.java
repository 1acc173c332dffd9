package cacherr.adapters.web.dto;

import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One operation: an audit-log entry ({@code status} {@code completed} or {@code failed}), or a file operation still
 * in flight ({@code status} {@code running}, {@code success} null).
 */
public record OperationInfo(String id, String operationType, String filePath, String triggeredBy, String userId,
                            String reason, String status, Boolean success, String errorMessage, JsonNode metadata,
                            Instant timestamp) {
    /** Entries shown lately, by identity (see {@link #from(List)}): two pages of 500. */
    static final int REMEMBERED = 1_000;
    private static final IdentityLru<AuditEntry, OperationInfo> SHOWN = new IdentityLru<>(REMEMBERED);
    /** False only in tests, to make every page's entries anew (the former way). */
    public static volatile boolean remember = true;

    /**
     * The entries of a page of the audit log. An entry shown lately — the same object, as the books give for an
     * entry read again — gets the very same object as then, so its JSON, kept by the API's mapper for that object, is
     * copied instead of written again (as {@link CachedFileInfo#from(List)}); the least recently shown of
     * {@value #REMEMBERED} go first.
     */
    public static List<OperationInfo> from(List<AuditEntry> entries) {
        return remember ? SHOWN.map(entries, OperationInfo::from) : entries.stream().map(OperationInfo::from).toList();
    }

    public static OperationInfo from(AuditEntry entry) {
        return new OperationInfo(entry.id(), entry.action().code(), entry.filePath(), entry.triggeredBy(),
                entry.user() == null ? null : entry.user().value(), entry.reason(),
                entry.success() ? "completed" : "failed", entry.success(), entry.errorMessage(),
                entry.metadata() == null ? null : JsonText.tree(entry.metadata().json()), entry.timestamp());
    }

    public static OperationInfo from(FileOperationIntent intent) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (intent.fileId() != null) details.put("file_id", intent.fileId().value());
        details.put("cached_path", intent.placement().cachedPath());
        details.put("cache_method", intent.placement().method().code());
        details.put("size_bytes", intent.placement().sizeBytes());
        String type = intent.kind() == IntentKind.CACHE ? "cache_add" : "cache_remove";
        return new OperationInfo(intent.id(), type, intent.placement().mediaPath(), null, null, null, "running", null,
                null, details, intent.startedAt());
    }
}
