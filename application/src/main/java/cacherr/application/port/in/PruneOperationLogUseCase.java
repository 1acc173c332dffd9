package cacherr.application.port.in;

/** Use case: delete audit-log entries older than N days; never touches files. Returns how many. */
public interface PruneOperationLogUseCase {
    int pruneOlderThan(int days);
}
