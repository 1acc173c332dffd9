package cacherr.adapters.web.dto;

import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.UncacheResult;

/** What a removal did: {@code status} is {@code removed}, or {@code pending_removal} when the file is in use. */
public record RemovalData(String fileId, String filePath, String reason, String status) {
    public static RemovalData from(UncacheCommand command, UncacheResult result) {
        return new RemovalData(result.file().id().value(), result.file().filePath(), command.reason(),
                result.file().status().code());
    }
}
