package cacherr.application.port.in;

/** Use case: find orphaned files and, when asked, take them off the books; preview with a dry run. */
public interface CleanupUseCase {
    CleanupReport cleanup(CleanupCommand command);
}
