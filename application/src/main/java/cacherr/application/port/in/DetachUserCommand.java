package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;

/** Detach {@code user} from file {@code id}. */
public record DetachUserCommand(FileId id, UserId user) {
    public DetachUserCommand {
        require(id != null, "a file id is required");
        require(user != null, "user_id is required");
    }
}
