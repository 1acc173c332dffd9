package cacherr.domain.audit;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.FileId;
import cacherr.domain.file.Placement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A file operation recorded before its first file step. One that is still unfinished at start-up was interrupted by a
 * crash: it is completed or rolled back then.
 *
 * @param id        unique id
 * @param kind      cache or uncache
 * @param fileId    the record concerned, when there is one already
 * @param placement the paths and method the operation works on
 * @param startedAt when it began
 */
public record FileOperationIntent(String id, IntentKind kind, FileId fileId, Placement placement, Instant startedAt) {
    public FileOperationIntent {
        require(id != null && !id.isBlank(), "an intent needs an id");
        require(kind != null, "an intent needs a kind");
        require(placement != null, "an intent needs its placement");
        require(startedAt != null, "an intent needs a start time");
        startedAt = startedAt.truncatedTo(ChronoUnit.MICROS);
    }
}
