package cacherr.application.port.in;

import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import java.util.List;

/**
 * What start-up recovery did.
 *
 * @param sweptLeftovers temporary files of interrupted operations that were removed
 * @param operations     each interrupted operation and how it ended
 * @param reclaimed      media paths swapped onto the cache but unknown to the books, adopted or restored
 */
public record RecoveryReport(List<String> sweptLeftovers, List<Recovered> operations, List<Reclaimed> reclaimed) {
    public RecoveryReport {
        sweptLeftovers = List.copyOf(sweptLeftovers);
        operations = List.copyOf(operations);
        reclaimed = List.copyOf(reclaimed);
    }

    public RecoveryReport(List<String> sweptLeftovers, List<Recovered> operations) {
        this(sweptLeftovers, operations, List.of());
    }

    /**
     * A media path swapped onto the cache that the books did not know, and what became of it.
     *
     * @param outcome {@link #ADOPTED}, {@link #RESTORED}, or null when neither worked (the detail says why)
     */
    public record Reclaimed(String mediaPath, String outcome, String detail) {
        public static final String ADOPTED = "adopted";
        public static final String RESTORED = "restored";
    }

    /** One interrupted operation, completed or rolled back. */
    public record Recovered(String intentId, IntentKind kind, String filePath, IntentOutcome outcome, String detail) {
    }
}
