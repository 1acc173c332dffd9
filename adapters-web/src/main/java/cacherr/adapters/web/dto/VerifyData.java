package cacherr.adapters.web.dto;

import cacherr.application.port.in.VerifyReport;
import java.util.List;
import java.util.Locale;

/** What an integrity check found: every file not intact or whose status changed. */
public record VerifyData(int checked, int intact, int problems, List<Finding> findings) {
    public static VerifyData from(VerifyReport report) {
        return new VerifyData(report.checked(), report.intact(), report.checked() - report.intact(),
                report.findings().stream().map(Finding::from).toList());
    }

    public record Finding(String fileId, String filePath, String state, String detail, String statusBefore,
                          String statusAfter) {
        static Finding from(VerifyReport.Finding finding) {
            return new Finding(finding.id().value(), finding.filePath(),
                    finding.state().name().toLowerCase(Locale.ROOT), finding.detail(), finding.before().code(),
                    finding.after().code());
        }
    }
}
