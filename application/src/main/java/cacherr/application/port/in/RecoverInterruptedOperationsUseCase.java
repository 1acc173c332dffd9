package cacherr.application.port.in;

/**
 * Use case: at start-up, sweep leftover temporary files, complete or roll back every file operation a crash interrupted,
 * and adopt back into the books (or restore) every media path swapped onto the cache that the books do not know.
 */
public interface RecoverInterruptedOperationsUseCase {
    RecoveryReport recover();
}
