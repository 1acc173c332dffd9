package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;

/** Count one access of file {@code id}, by {@code user} (or null when unknown). */
public record RecordAccessCommand(FileId id, UserId user) {
    public RecordAccessCommand {
        require(id != null, "a file id is required");
    }
}
