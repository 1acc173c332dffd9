package cacherr.application.port.in;

import cacherr.domain.audit.FileOperationIntent;
import java.util.List;

/** Use case: the file operations running right now (begun, not yet finished). */
public interface InFlightOperationsUseCase {
    List<FileOperationIntent> inFlight();
}
