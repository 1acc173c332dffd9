package cacherr.application.port.in;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.batch.BatchAction;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.FileId;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Texts;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import java.util.List;

/**
 * Start work on many files as one batch: an explicit list of media paths or file ids, or every file matching
 * {@code filter} (the list's filters). Exactly one of the three is given.
 *
 * @param action      cache, uncache, attach_user or detach_user
 * @param paths       media paths (cache: the files to place; others: files in the books), or empty
 * @param ids         file ids, or empty
 * @param filter      the list's filters, or null
 * @param user        the user concerned: cached for, attached or detached (required to attach or detach); also
 *                    who the batch is recorded as triggered by
 * @param reason      a few words on why, or null
 * @param testMode    a dry run: say what would happen to each file, change nothing
 * @param operation   for a cache: why it is cached (defaults to manual)
 * @param method      for a cache: how, or null for the default
 */
public record StartBatchCommand(BatchAction action, List<String> paths, List<FileId> ids, FileCriteria filter,
                                UserId user, String reason, boolean testMode, OperationType operation,
                                CacheMethod method) {
    /** The most files one batch may hold, whether listed or matched by filters. */
    public static final int MAX_FILES = 100_000;

    public StartBatchCommand {
        require(action != null, "action is required");
        require(action.startable(), "action must be one of cache, uncache, attach_user, detach_user");
        paths = paths == null ? List.of() : List.copyOf(paths);
        ids = ids == null ? List.of() : List.copyOf(ids);
        int sources = (paths.isEmpty() ? 0 : 1) + (ids.isEmpty() ? 0 : 1) + (filter == null ? 0 : 1);
        require(sources == 1, sources == 0
                ? "the batch is empty: give paths, ids, or filters that select the files"
                : "give one of paths, ids or filters, not several");
        require(paths.size() <= MAX_FILES && ids.size() <= MAX_FILES,
                "a batch holds at most " + MAX_FILES + " files, not " + Math.max(paths.size(), ids.size()));
        for (String path : paths) Texts.requirePath("paths", path);
        for (FileId id : ids) require(id != null, "ids must not contain null");
        require(action != BatchAction.ATTACH_USER && action != BatchAction.DETACH_USER || user != null,
                "user_id is required to " + action.code().replace('_', ' '));
        if (reason != null && reason.isBlank()) reason = null;
        if (reason != null) Texts.requireText("reason", reason, Attribution.MAX_REASON_LENGTH);
        if (operation == null) operation = OperationType.MANUAL;
    }
}
