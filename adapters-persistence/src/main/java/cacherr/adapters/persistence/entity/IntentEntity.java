package cacherr.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code file_operation_intents}: a file operation journalled before its first step. */
@Entity
@Table(name = "file_operation_intents")
public class IntentEntity {
    @Id
    private String id;
    private String kind;
    @Column(name = "file_id")
    private String fileId;
    @Column(name = "media_path")
    private String mediaPath;
    @Column(name = "original_path")
    private String originalPath;
    @Column(name = "cached_path")
    private String cachedPath;
    private String method;
    @Column(name = "size_bytes")
    private long sizeBytes;
    @Column(name = "started_at")
    @Convert(converter = InstantText.class)
    private Instant startedAt;
    @Column(name = "finished_at")
    @Convert(converter = InstantText.class)
    private Instant finishedAt;
    private String outcome;

    protected IntentEntity() {
    }

    public IntentEntity(String id, String kind, String fileId, String mediaPath, String originalPath,
                        String cachedPath, String method, long sizeBytes, Instant startedAt) {
        this.id = id;
        this.kind = kind;
        this.fileId = fileId;
        this.mediaPath = mediaPath;
        this.originalPath = originalPath;
        this.cachedPath = cachedPath;
        this.method = method;
        this.sizeBytes = sizeBytes;
        this.startedAt = startedAt;
    }

    /** Records how the operation ended. */
    public void finish(String how, Instant at) {
        this.outcome = how;
        this.finishedAt = at;
    }

    public boolean isFinished() {
        return finishedAt != null;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public String fileId() {
        return fileId;
    }

    public String mediaPath() {
        return mediaPath;
    }

    public String originalPath() {
        return originalPath;
    }

    public String cachedPath() {
        return cachedPath;
    }

    public String method() {
        return method;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
