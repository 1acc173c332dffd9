package cacherr.application.port.in;

import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.IntegrityState;
import java.util.List;

/**
 * What an integrity check found.
 *
 * @param checked  files checked
 * @param intact   of those, files found intact
 * @param findings every file that was not intact or changed status (at most {@link #MAX_FINDINGS_LISTED})
 */
public record VerifyReport(int checked, int intact, List<Finding> findings) {
    public static final int MAX_FINDINGS_LISTED = 1000;

    public VerifyReport {
        findings = List.copyOf(findings);
    }

    /** One file's result and the status it was moved to. */
    public record Finding(FileId id, String filePath, IntegrityState state, String detail, FileStatus before,
                          FileStatus after) {
    }
}
