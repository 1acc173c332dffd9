package cacherr.domain.audit;

/** How a journalled file operation ended. */
public enum IntentOutcome {
    COMPLETED,
    ROLLED_BACK
}
