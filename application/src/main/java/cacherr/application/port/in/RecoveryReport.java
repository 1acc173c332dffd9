package cacherr.application.port.in;

import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import java.util.List;

/**
 * What start-up recovery did.
 *
 * @param sweptLeftovers temporary files of interrupted operations that were removed
 * @param operations     each interrupted operation and how it ended
 */
public record RecoveryReport(List<String> sweptLeftovers, List<Recovered> operations) {
    public RecoveryReport {
        sweptLeftovers = List.copyOf(sweptLeftovers);
        operations = List.copyOf(operations);
    }

    /** One interrupted operation, completed or rolled back. */
    public record Recovered(String intentId, IntentKind kind, String filePath, IntentOutcome outcome, String detail) {
    }
}
