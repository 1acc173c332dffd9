package cacherr.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code cached_file_users}: a user a file was cached for, why and since when. */
@Entity
@Table(name = "cached_file_users")
public class FileUserEntity {
    @EmbeddedId
    private FileUserKey key;
    @Column(name = "attribution_reason")
    private String reason;
    @Column(name = "added_at")
    @Convert(converter = InstantText.class)
    private Instant addedAt;

    protected FileUserEntity() {
    }

    public FileUserEntity(FileUserKey key, String reason, Instant addedAt) {
        this.key = key;
        this.reason = reason;
        this.addedAt = addedAt;
    }

    public FileUserKey key() {
        return key;
    }

    public String reason() {
        return reason;
    }

    public Instant addedAt() {
        return addedAt;
    }
}
