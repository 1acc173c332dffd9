package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import java.util.List;

/**
 * Verify cached files.
 *
 * @param ids      the files to verify; empty for every file on the cache
 * @param checksum also compare checksums (reads every byte; slow on big files)
 * @param user     who asked, for the log, or null
 */
public record VerifyCommand(List<FileId> ids, boolean checksum, UserId user) {
    public static final int MAX_IDS = 500;

    public VerifyCommand {
        ids = ids == null ? List.of() : List.copyOf(ids);
        require(ids.size() <= MAX_IDS, "at most " + MAX_IDS + " file ids can be verified at once");
    }

    public static VerifyCommand all() {
        return new VerifyCommand(List.of(), false, null);
    }
}
