package cacherr.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code cached_files}. Its users are rows of their own, loaded a page at a time. */
@Entity
@Table(name = "cached_files")
public class CachedFileEntity {
    /** Columns in the order of the constructor, for native queries that return this entity. */
    public static final String COLUMNS = "f.id, f.file_path, f.filename, f.original_path, f.cached_path, "
            + "f.cache_method, f.file_size_bytes, f.file_size_readable, f.cached_at, f.last_accessed, f.access_count, "
            + "f.triggered_by_user, f.triggered_by_operation, f.status, f.status_changed_at, f.metadata, f.created_at";

    @Id
    private String id;
    @Column(name = "file_path")
    private String filePath;
    private String filename;
    @Column(name = "original_path")
    private String originalPath;
    @Column(name = "cached_path")
    private String cachedPath;
    @Column(name = "cache_method")
    private String cacheMethod;
    @Column(name = "file_size_bytes")
    private long fileSizeBytes;
    @Column(name = "file_size_readable")
    private String fileSizeReadable;
    @Column(name = "cached_at")
    @Convert(converter = InstantText.class)
    private Instant cachedAt;
    @Column(name = "last_accessed")
    @Convert(converter = InstantText.class)
    private Instant lastAccessed;
    @Column(name = "access_count")
    private long accessCount;
    @Column(name = "triggered_by_user")
    private String triggeredByUser;
    @Column(name = "triggered_by_operation")
    private String triggeredByOperation;
    private String status;
    @Column(name = "status_changed_at")
    @Convert(converter = InstantText.class)
    private Instant statusChangedAt;
    private String metadata;
    @Column(name = "created_at", updatable = false)
    @Convert(converter = InstantText.class)
    private Instant createdAt;

    protected CachedFileEntity() {
    }

    public CachedFileEntity(String id, String filePath, String filename, String originalPath, String cachedPath,
                            String cacheMethod, long fileSizeBytes, String fileSizeReadable, Instant cachedAt,
                            Instant lastAccessed, long accessCount, String triggeredByUser,
                            String triggeredByOperation, String status, Instant statusChangedAt, String metadata,
                            Instant createdAt) {
        this.id = id;
        this.filePath = filePath;
        this.filename = filename;
        this.originalPath = originalPath;
        this.cachedPath = cachedPath;
        this.cacheMethod = cacheMethod;
        this.fileSizeBytes = fileSizeBytes;
        this.fileSizeReadable = fileSizeReadable;
        this.cachedAt = cachedAt;
        this.lastAccessed = lastAccessed;
        this.accessCount = accessCount;
        this.triggeredByUser = triggeredByUser;
        this.triggeredByOperation = triggeredByOperation;
        this.status = status;
        this.statusChangedAt = statusChangedAt;
        this.metadata = metadata;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public String filePath() {
        return filePath;
    }

    public String filename() {
        return filename;
    }

    public String fileSizeReadable() {
        return fileSizeReadable;
    }

    public String originalPath() {
        return originalPath;
    }

    public String cachedPath() {
        return cachedPath;
    }

    public String cacheMethod() {
        return cacheMethod;
    }

    public long fileSizeBytes() {
        return fileSizeBytes;
    }

    public Instant cachedAt() {
        return cachedAt;
    }

    public Instant lastAccessed() {
        return lastAccessed;
    }

    public long accessCount() {
        return accessCount;
    }

    public String triggeredByUser() {
        return triggeredByUser;
    }

    public String triggeredByOperation() {
        return triggeredByOperation;
    }

    public String status() {
        return status;
    }

    public Instant statusChangedAt() {
        return statusChangedAt;
    }

    public String metadata() {
        return metadata;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
