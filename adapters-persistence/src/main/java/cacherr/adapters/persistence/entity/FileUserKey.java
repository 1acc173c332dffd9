package cacherr.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** The key of a {@code cached_file_users} row: a file and one of its users. */
@Embeddable
public class FileUserKey implements Serializable {
    private static final long serialVersionUID = 1L;

    @Column(name = "cached_file_id")
    private String fileId;
    @Column(name = "user_id")
    private String userId;

    protected FileUserKey() {
    }

    public FileUserKey(String fileId, String userId) {
        this.fileId = fileId;
        this.userId = userId;
    }

    public String fileId() {
        return fileId;
    }

    public String userId() {
        return userId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileUserKey && ((FileUserKey) other).fileId.equals(fileId)
                && ((FileUserKey) other).userId.equals(userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileId, userId);
    }
}
