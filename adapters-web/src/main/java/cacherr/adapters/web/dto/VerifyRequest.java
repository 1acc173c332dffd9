package cacherr.adapters.web.dto;

import cacherr.application.port.in.VerifyCommand;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/cached/verify}; optional: no ids means every file on the cache. */
public record VerifyRequest(@Size(max = VerifyCommand.MAX_IDS) List<@NotBlank String> ids, Boolean checksum,
                            @Size(max = 200) String userId) {
    public static final VerifyRequest DEFAULTS = new VerifyRequest(null, false, null);

    public VerifyCommand toCommand() {
        List<FileId> fileIds = ids == null ? List.of() : ids.stream().map(FileId::new).toList();
        return new VerifyCommand(fileIds, Boolean.TRUE.equals(checksum), UserId.ofNullable(userId));
    }
}
