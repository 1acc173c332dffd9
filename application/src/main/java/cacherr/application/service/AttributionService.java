package cacherr.application.service;

import cacherr.application.port.in.AttributeUserCommand;
import cacherr.application.port.in.AttributeUserUseCase;
import cacherr.application.port.in.DetachUserCommand;
import cacherr.application.port.in.DetachUserUseCase;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.application.port.in.RecordAccessUseCase;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Changes to a file's books that touch no file: its users and its access count. */
public final class AttributionService implements RecordAccessUseCase, AttributeUserUseCase, DetachUserUseCase {
    private final Context ctx;

    public AttributionService(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public CachedFile recordAccess(RecordAccessCommand command) {
        return change(command.id(), AuditAction.CACHE_ACCESS, command.user(), "access",
                file -> file.recordAccess(ctx.clock.now()));
    }

    @Override
    public CachedFile attribute(AttributeUserCommand command) {
        String reason = command.reason() == null ? "attributed" : command.reason();
        return change(command.id(), AuditAction.USER_ATTACH, command.user(), reason,
                file -> file.attribute(command.user(), command.reason(), ctx.clock.now()));
    }

    @Override
    public CachedFile detach(DetachUserCommand command) {
        return change(command.id(), AuditAction.USER_DETACH, command.user(), "detached", file -> file.detach(command.user()));
    }

    /** Applies {@code verb} to the file under its path's lock, in one transaction with its audit entry. */
    private CachedFile change(FileId id, AuditAction action, UserId user, String reason, UnaryOperator<CachedFile> verb) {
        CachedFile found;
        try {
            found = ctx.existing(id);
        } catch (RuntimeException failure) {
            ctx.audit.failed(new Attempt(action, "file id " + id, "api", user, reason), failure);
            throw failure;
        }
        Attempt attempt = new Attempt(action, found.filePath(), "api", user, reason);
        return ctx.locks.withLock(found.filePath(), () -> ctx.audit.transaction(attempt, () -> {
            CachedFile current = ctx.current(id);
            CachedFile changed = verb.apply(current);
            if (changed.equals(current)) return current;
            ctx.files.save(changed);
            ctx.audit.succeeded(attempt, Map.of("file_id", id.value()));
            return changed;
        }));
    }
}
