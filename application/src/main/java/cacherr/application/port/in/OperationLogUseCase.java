package cacherr.application.port.in;

import cacherr.domain.audit.AuditEntry;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;

/** Use case: the audit log, filtered and paged, newest first. */
public interface OperationLogUseCase {
    Page<AuditEntry> operations(LogFilter filter);
}
