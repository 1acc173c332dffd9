package cacherr.application.port.in;

import cacherr.domain.file.UserId;

/**
 * Clean up the cache.
 *
 * @param removeOrphaned take orphaned files off the books (restoring their originals where needed)
 * @param dryRun         only report what would change
 * @param user           limit to files attributed to this user, or null for all
 */
public record CleanupCommand(boolean removeOrphaned, boolean dryRun, UserId user) {
}
