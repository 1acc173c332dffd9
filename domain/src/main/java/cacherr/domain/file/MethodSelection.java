package cacherr.domain.file;

/** The rule that picks how a file is placed: a file someone is watching is always copied, never swapped. */
public final class MethodSelection {
    private MethodSelection() {
    }

    /**
     * @param requested the method the caller asked for, or null for the default
     * @param fallback  the configured default method
     * @param operation why the file is being cached
     * @param inUse     whether the storage reports the file open by a process right now
     */
    public static CacheMethod select(CacheMethod requested, CacheMethod fallback, OperationType operation, boolean inUse) {
        if (operation.isActiveWatching() || inUse) return CacheMethod.ATOMIC_COPY;
        return requested != null ? requested : fallback;
    }
}
