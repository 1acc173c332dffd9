package cacherr.adapters.persistence;

import cacherr.adapters.persistence.entity.AuditEntryEntity;
import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.FileUserKey;
import cacherr.adapters.persistence.entity.IntentEntity;
import cacherr.adapters.persistence.schema.LegacyOperationTypes;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.ByteSizes;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Between the domain and the adapter's entities. The only place that knows both. */
final class Mapper {
    /** At most this many stored spellings of each code are remembered (see {@link #code}). */
    private static final int SPELLINGS = 64;
    private static final Map<String, CacheMethod> METHODS = new ConcurrentHashMap<>();
    private static final Map<String, OperationType> OPERATIONS = new ConcurrentHashMap<>();
    private static final Map<String, FileStatus> STATUSES = new ConcurrentHashMap<>();

    private Mapper() {
    }

    static CachedFileEntity toEntity(CachedFile file, Instant createdAt) {
        return new CachedFileEntity(file.id().value(), file.filePath(), file.filename(), file.originalPath(),
                file.cachedPath(), file.cacheMethod().code(), file.sizeBytes(), ByteSizes.humanReadable(file.sizeBytes()),
                file.cachedAt(), file.lastAccessed(), file.accessCount(), valueOf(file.triggeredByUser()),
                file.triggeredByOperation().code(), file.status().code(), file.statusChangedAt(),
                file.metadata() == null ? null : file.metadata().json(), createdAt);
    }

    static FileUserEntity toEntity(FileId file, Attribution attribution) {
        return new FileUserEntity(new FileUserKey(file.value(), attribution.user().value()), attribution.reason(),
                attribution.attributedAt());
    }

    /** The file of {@code row}, whose times ({@link FileRows.Stored#times()}) are {@code times}. */
    static CachedFile toDomain(FileRows.Stored row, Instant[] times, List<Attribution> attributions) {
        Placement placement = new Placement(row.text(FileRows.FILE_PATH), row.text(FileRows.ORIGINAL_PATH),
                row.text(FileRows.CACHED_PATH), code(METHODS, row.text(FileRows.CACHE_METHOD), CacheMethod::parse),
                row.sizeBytes(), null);
        return CachedFile.restore(new FileId(row.id()), placement, times[0], times[1], row.accessCount(),
                userOrNull(row.text(FileRows.TRIGGERED_BY_USER)),
                code(OPERATIONS, row.text(FileRows.TRIGGERED_BY_OPERATION), OperationType::parse),
                code(STATUSES, row.text(FileRows.STATUS), FileStatus::parse), times[2], attributions,
                metadataOrNull(row.text(FileRows.METADATA)));
    }

    /**
     * {@code parse(text)}, remembered for each stored spelling: every row names its method, operation and status, and
     * parsing one (trim, lower case, a copy of the enum's constants) was a few per cent of a page's reading. A text
     * that does not parse is not remembered (it fails again, the same way); a column of many spellings stops being
     * remembered at {@link #SPELLINGS}. Only in tests ({@code FileRows.lean} off) parsed every time, as before.
     */
    private static <E> E code(Map<String, E> known, String text, Function<String, E> parse) {
        if (text == null || !FileRows.lean) return parse.apply(text);
        E value = known.get(text);
        if (value != null) return value;
        value = parse.apply(text);
        if (known.size() < SPELLINGS) known.put(text, value);
        return value;
    }

    static AuditEntryEntity toEntity(AuditEntry entry) {
        return new AuditEntryEntity(entry.id(), entry.action().code(), entry.filePath(), entry.triggeredBy(),
                valueOf(entry.user()), entry.reason(), entry.success(), entry.errorMessage(),
                entry.metadata() == null ? null : entry.metadata().json(), entry.timestamp());
    }

    /**
     * Rows of the original Cacherr may break rules it did not have (a failure without a message, a blank reason):
     * they are read with a stand-in rather than hidden; the row itself is left as it was.
     */
    static AuditEntry toDomain(AuditEntryEntity row) {
        String error = row.success() ? null : orElse(row.errorMessage(), "(no error message recorded)");
        return new AuditEntry(row.id(), action(row.operationType()), row.filePath(), orElse(row.triggeredBy(), "unknown"),
                userOrNull(row.triggeredByUser()), orElse(row.reason(), "(no reason recorded)"), row.success(), error,
                metadataOrNull(row.metadata()), row.timestamp());
    }

    /**
     * The migration to v5 rewrote every operation type of the original to an action (see
     * {@link LegacyOperationTypes}); a name written later by hand is read the same way rather than failing the page.
     */
    private static AuditAction action(String code) {
        return AuditAction.parse(LegacyOperationTypes.actionCode(code));
    }

    static IntentEntity toEntity(FileOperationIntent intent) {
        Placement p = intent.placement();
        return new IntentEntity(intent.id(), intent.kind().name(), valueOf(intent.fileId()), p.mediaPath(),
                p.originalPath(), p.cachedPath(), p.method().code(), p.sizeBytes(), intent.startedAt());
    }

    static FileOperationIntent toDomain(IntentEntity row) {
        Placement placement = new Placement(row.mediaPath(), row.originalPath(), row.cachedPath(),
                CacheMethod.parse(row.method()), row.sizeBytes(), null);
        return new FileOperationIntent(row.id(), IntentKind.valueOf(row.kind()),
                row.fileId() == null ? null : new FileId(row.fileId()), placement, row.startedAt());
    }

    private static String valueOf(Object value) {
        return value == null ? null : value.toString();
    }

    private static UserId userOrNull(String value) {
        return value == null || value.isBlank() ? null : new UserId(value);
    }

    /** Metadata the original stored as JSON {@code null} or an empty string is no metadata. */
    private static Metadata metadataOrNull(String json) {
        return json == null || json.isBlank() || json.strip().equals("null") ? null : new Metadata(json);
    }

    private static String orElse(String text, String fallback) {
        return text == null || text.isBlank() ? fallback : text;
    }
}
