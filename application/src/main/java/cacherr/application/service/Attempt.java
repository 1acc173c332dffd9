package cacherr.application.service;

import cacherr.domain.audit.AuditAction;
import cacherr.domain.file.UserId;

/** What a use case is about to try, as the audit log will describe it whether it works or not. */
record Attempt(AuditAction action, String filePath, String triggeredBy, UserId user, String reason) {
}
