package cacherr.application.port.in;

import cacherr.domain.file.UserId;

/**
 * Clean up the cache.
 *
 * @param removeOrphaned take orphaned files off the books (restoring their originals where needed)
 * @param dryRun         only report what would change
 * @param user           who triggered the cleanup (recorded in the audit log), or null; it never narrows which
 *                       files are checked: the original client always sends {@code "system"}
 */
public record CleanupCommand(boolean removeOrphaned, boolean dryRun, UserId user) {
}
