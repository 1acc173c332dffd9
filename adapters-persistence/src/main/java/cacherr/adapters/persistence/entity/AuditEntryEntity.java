package cacherr.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code cache_operations_log}, the audit log. */
@Entity
@Table(name = "cache_operations_log")
public class AuditEntryEntity {
    public static final String COLUMNS = "l.id, l.operation_type, l.file_path, l.triggered_by, l.triggered_by_user, "
            + "l.reason, l.success, l.error_message, l.metadata, l.timestamp";

    @Id
    private String id;
    @Column(name = "operation_type")
    private String operationType;
    @Column(name = "file_path")
    private String filePath;
    @Column(name = "triggered_by")
    private String triggeredBy;
    @Column(name = "triggered_by_user")
    private String triggeredByUser;
    private String reason;
    private boolean success;
    @Column(name = "error_message")
    private String errorMessage;
    private String metadata;
    @Convert(converter = InstantText.class)
    private Instant timestamp;

    protected AuditEntryEntity() {
    }

    public AuditEntryEntity(String id, String operationType, String filePath, String triggeredBy,
                            String triggeredByUser, String reason, boolean success, String errorMessage,
                            String metadata, Instant timestamp) {
        this.id = id;
        this.operationType = operationType;
        this.filePath = filePath;
        this.triggeredBy = triggeredBy;
        this.triggeredByUser = triggeredByUser;
        this.reason = reason;
        this.success = success;
        this.errorMessage = errorMessage;
        this.metadata = metadata;
        this.timestamp = timestamp;
    }

    public String id() {
        return id;
    }

    public String operationType() {
        return operationType;
    }

    public String filePath() {
        return filePath;
    }

    public String triggeredBy() {
        return triggeredBy;
    }

    public String triggeredByUser() {
        return triggeredByUser;
    }

    public String reason() {
        return reason;
    }

    public boolean success() {
        return success;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public String metadata() {
        return metadata;
    }

    public Instant timestamp() {
        return timestamp;
    }
}
