package cacherr.application.port.out;

import java.util.Objects;

/** A file operation that was refused or failed, with what was wrong in words a person understands. */
public class StorageException extends RuntimeException {
    /** What kind of failure it was; adapters that drive the application map it to their own answers. */
    public enum Problem {
        /** The path is outside the configured roots, or not a valid path. */
        OUTSIDE_ROOTS,
        /** The file does not exist. */
        NOT_FOUND,
        /** The path is not a regular file (a directory, a device, …). */
        NOT_A_FILE,
        /** The file would not fit on the cache (free-space reserve or cache limit). */
        INSUFFICIENT_SPACE,
        /** The operation is not possible in the current state (a hard link across file systems, …). */
        NOT_POSSIBLE,
        /** The original changed or vanished while it was copied (still being written?); trying later may work. */
        SOURCE_CHANGED,
        /** The copy did not match its source. */
        VERIFICATION_FAILED,
        /** Permissions or another I/O failure. */
        IO_FAILURE
    }

    private final Problem problem;

    public StorageException(Problem problem, String message) {
        this(problem, message, null);
    }

    public StorageException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem);
    }

    public Problem problem() {
        return problem;
    }
}
