package cacherr.domain.audit;

/** A file operation that is journalled before its first file step. */
public enum IntentKind {
    /** Placing a file on the cache. */
    CACHE,
    /** Taking a file off the cache and restoring its original. */
    UNCACHE
}
