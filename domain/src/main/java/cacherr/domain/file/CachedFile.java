package cacherr.domain.file;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.error.ConflictException;
import cacherr.domain.error.IllegalTransitionException;
import cacherr.domain.error.NotFoundException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A file kept on the cache, with the users it was cached for and its counters. Immutable: every verb returns the
 * file as it is after the change, and refuses a change the rules do not allow.
 */
public final class CachedFile {
    private final FileId id;
    private final Placement placement;
    private final Instant cachedAt;
    private final Instant lastAccessed;
    private final long accessCount;
    private final UserId triggeredByUser;
    private final OperationType triggeredByOperation;
    private final FileStatus status;
    private final Instant statusChangedAt;
    private final List<Attribution> attributions;
    private final Metadata metadata;

    private CachedFile(FileId id, Placement placement, Instant cachedAt, Instant lastAccessed, long accessCount,
                       UserId triggeredByUser, OperationType triggeredByOperation, FileStatus status,
                       Instant statusChangedAt, List<Attribution> attributions, Metadata metadata) {
        require(id != null, "a cached file needs an id");
        require(placement != null, "a cached file needs its paths");
        require(cachedAt != null, "a cached file needs the time it was cached");
        require(accessCount >= 0, "access count must not be negative");
        require(triggeredByOperation != null, "a cached file needs the operation that triggered it");
        require(status != null, "a cached file needs a status");
        require(attributions != null, "attributions must not be null");
        this.id = id;
        this.placement = placement.withoutNote();
        this.cachedAt = micros(cachedAt);
        this.lastAccessed = lastAccessed == null ? null : micros(lastAccessed);
        this.accessCount = accessCount;
        this.triggeredByUser = triggeredByUser;
        this.triggeredByOperation = triggeredByOperation;
        this.status = status;
        this.statusChangedAt = micros(statusChangedAt == null ? cachedAt : statusChangedAt);
        this.attributions = List.copyOf(attributions);
        this.metadata = metadata;
        long distinctUsers = this.attributions.stream().map(Attribution::user).distinct().count();
        require(distinctUsers == this.attributions.size(), "a user is attributed to a file at most once");
    }

    /** A file just placed on the cache for {@code user} (who may be null for a system operation). */
    public static CachedFile cache(FileId id, Placement placement, OperationType operation, UserId user, String reason,
                                   Metadata metadata, Instant now) {
        List<Attribution> users = new ArrayList<>();
        if (user != null) users.add(new Attribution(user, reasonOr(reason, operation), now));
        return new CachedFile(id, placement, now, null, 0, user, operation, FileStatus.ACTIVE, now, users, metadata);
    }

    /** Rebuilds a file from storage, exactly as it was saved. */
    public static CachedFile restore(FileId id, Placement placement, Instant cachedAt, Instant lastAccessed,
                                     long accessCount, UserId triggeredByUser, OperationType triggeredByOperation,
                                     FileStatus status, Instant statusChangedAt, List<Attribution> attributions,
                                     Metadata metadata) {
        List<Attribution> sorted = new ArrayList<>(attributions);
        sorted.sort((a, b) -> {
            int byTime = a.attributedAt().compareTo(b.attributedAt());
            return byTime != 0 ? byTime : a.user().value().compareTo(b.user().value());
        });
        return new CachedFile(id, placement, cachedAt, lastAccessed, accessCount, triggeredByUser,
                triggeredByOperation, status, statusChangedAt, sorted, metadata);
    }

    /** Attributes the file to {@code user} as well; a user already attributed keeps the first reason and time. */
    public CachedFile attribute(UserId user, String reason, Instant now) {
        require(user != null, "a user is needed to attribute a file");
        refuseWhenRemoved("attribute a user to");
        if (isAttributedTo(user)) return this;
        List<Attribution> users = new ArrayList<>(attributions);
        users.add(new Attribution(user, reasonOr(reason, triggeredByOperation), now));
        return with(placement, status, statusChangedAt, users, lastAccessed, accessCount);
    }

    /** Detaches {@code user}; the file stays cached (for its other users, or for nobody). */
    public CachedFile detach(UserId user) {
        if (!isAttributedTo(user)) {
            throw new NotFoundException("user '" + user + "' is not attributed to " + filename());
        }
        List<Attribution> users = new ArrayList<>(attributions);
        users.removeIf(a -> a.user().equals(user));
        return with(placement, status, statusChangedAt, users, lastAccessed, accessCount);
    }

    /** Counts one access (a play or a read) of the cached file. */
    public CachedFile recordAccess(Instant now) {
        refuseWhenRemoved("record an access to");
        return with(placement, status, statusChangedAt, attributions, now, accessCount + 1);
    }

    /** The cached copy vanished or failed verification. */
    public CachedFile markOrphaned(Instant now) {
        return moveTo(FileStatus.ORPHANED, now);
    }

    /** Verified back on the cache, or a pending removal cancelled. */
    public CachedFile markActive(Instant now) {
        return moveTo(FileStatus.ACTIVE, now);
    }

    /** Removal was asked while the file is in use; it runs once the file is free. */
    public CachedFile markPendingRemoval(Instant now) {
        return moveTo(FileStatus.PENDING_REMOVAL, now);
    }

    /** The file is no longer on the cache. */
    public CachedFile markRemoved(Instant now) {
        return moveTo(FileStatus.REMOVED, now);
    }

    /** The file was placed on the cache again (after removal or orphaning): same id, users and counters. */
    public CachedFile recache(Placement newPlacement, Instant now) {
        require(newPlacement != null, "a placement is needed to cache a file again");
        require(newPlacement.mediaPath().equals(placement.mediaPath()), "a file keeps its media path");
        if (status != FileStatus.REMOVED && status != FileStatus.ORPHANED) {
            throw new IllegalTransitionException("cannot cache " + filename() + " again: it is " + status.code()
                    + "; only a removed or orphaned file is placed again");
        }
        return with(newPlacement, FileStatus.ACTIVE, now, attributions, lastAccessed, accessCount);
    }

    private CachedFile moveTo(FileStatus next, Instant now) {
        if (!status.canMoveTo(next)) {
            throw new IllegalTransitionException("cannot change " + filename() + " from " + status.code() + " to "
                    + next.code() + allowedHint());
        }
        return with(placement, next, now, attributions, lastAccessed, accessCount);
    }

    private String allowedHint() {
        if (status.successors().isEmpty()) return " (" + status.code() + " is final)";
        StringBuilder hint = new StringBuilder(" (from ").append(status.code()).append(" it may become ");
        status.successors().forEach(s -> hint.append(s.code()).append(", "));
        return hint.substring(0, hint.length() - 2) + ")";
    }

    private void refuseWhenRemoved(String action) {
        if (status == FileStatus.REMOVED) {
            throw new ConflictException("cannot " + action + " " + filename() + ": it was removed from the cache");
        }
    }

    private CachedFile with(Placement newPlacement, FileStatus newStatus, Instant changedAt, List<Attribution> users,
                            Instant accessed, long count) {
        return new CachedFile(id, newPlacement, cachedAt, accessed, count, triggeredByUser, triggeredByOperation,
                newStatus, changedAt, users, metadata);
    }

    private static String reasonOr(String reason, OperationType operation) {
        return reason == null || reason.isBlank() ? operation.code() : reason;
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    public boolean isAttributedTo(UserId user) {
        return attributions.stream().anyMatch(a -> a.user().equals(user));
    }

    public FileId id() {
        return id;
    }

    public Placement placement() {
        return placement;
    }

    public String filePath() {
        return placement.mediaPath();
    }

    public String filename() {
        return Texts.fileName(placement.mediaPath());
    }

    public String originalPath() {
        return placement.originalPath();
    }

    public String cachedPath() {
        return placement.cachedPath();
    }

    public CacheMethod cacheMethod() {
        return placement.method();
    }

    public long sizeBytes() {
        return placement.sizeBytes();
    }

    public Instant cachedAt() {
        return cachedAt;
    }

    /** The last recorded access, or null if never accessed. */
    public Instant lastAccessed() {
        return lastAccessed;
    }

    public long accessCount() {
        return accessCount;
    }

    /** The user whose operation first cached the file, or null. */
    public UserId triggeredByUser() {
        return triggeredByUser;
    }

    public OperationType triggeredByOperation() {
        return triggeredByOperation;
    }

    public FileStatus status() {
        return status;
    }

    public Instant statusChangedAt() {
        return statusChangedAt;
    }

    /** The users in the order they were attributed. */
    public List<Attribution> attributions() {
        return Collections.unmodifiableList(attributions);
    }

    public List<UserId> users() {
        return attributions.stream().map(Attribution::user).toList();
    }

    /** Client-supplied metadata, or null. */
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) return true;
        if (!(other instanceof CachedFile)) return false;
        CachedFile that = (CachedFile) other;
        return accessCount == that.accessCount && id.equals(that.id) && placement.equals(that.placement)
                && cachedAt.equals(that.cachedAt) && Objects.equals(lastAccessed, that.lastAccessed)
                && Objects.equals(triggeredByUser, that.triggeredByUser)
                && triggeredByOperation == that.triggeredByOperation && status == that.status
                && statusChangedAt.equals(that.statusChangedAt) && attributions.equals(that.attributions)
                && Objects.equals(metadata, that.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, placement, status, accessCount);
    }

    @Override
    public String toString() {
        return "CachedFile[" + id + " " + placement.mediaPath() + " " + status.code() + "]";
    }
}
