package cacherr.application.port.in;

/** Use case: at start-up, sweep leftover temporary files and complete or roll back every file operation a crash interrupted. */
public interface RecoverInterruptedOperationsUseCase {
    RecoveryReport recover();
}
