package cacherr.application.port.in;

/** Use case: delete the records of files removed more than N days ago; returns how many. */
public interface PurgeRemovedUseCase {
    int purgeRemovedOlderThan(int days);
}
