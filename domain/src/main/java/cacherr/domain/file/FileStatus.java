package cacherr.domain.file;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a cached file, with its transitions as an explicit rule set.
 *
 * <pre>
 *   active ──────────► orphaned         (the cached copy vanished or is corrupt)
 *   orphaned ────────► active           (verified back)
 *   active, orphaned ► pending_removal  (removal asked while the file is in use)
 *   pending_removal ─► active           (cached again before the removal ran)
 *   active, orphaned,
 *   pending_removal ─► removed          (uncached)
 *   removed ─────────► active           only by placing the file on the cache again ({@link CachedFile#recache})
 * </pre>
 * A removed record is otherwise final until it is purged.
 */
public enum FileStatus implements Coded {
    ACTIVE("active"),
    ORPHANED("orphaned"),
    PENDING_REMOVAL("pending_removal"),
    REMOVED("removed");

    private final String code;

    FileStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** The statuses this one may move to by an ordinary transition. */
    public Set<FileStatus> successors() {
        switch (this) {
            case ACTIVE:
                return EnumSet.of(ORPHANED, PENDING_REMOVAL, REMOVED);
            case ORPHANED:
                return EnumSet.of(ACTIVE, PENDING_REMOVAL, REMOVED);
            case PENDING_REMOVAL:
                return EnumSet.of(ACTIVE, REMOVED);
            default:
                return EnumSet.noneOf(FileStatus.class);
        }
    }

    public boolean canMoveTo(FileStatus next) {
        return successors().contains(next);
    }

    /** True while the file is (meant to be) on the cache. */
    public boolean isLive() {
        return this != REMOVED;
    }

    public static FileStatus parse(String text) {
        return Coded.parse(FileStatus.class, "status", text);
    }

    public static String allowed() {
        return Coded.allowed(FileStatus.class);
    }
}
