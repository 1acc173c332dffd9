package cacherr.domain.file;

/** What an integrity check of one cached file found, and the status the file should have because of it. */
public enum IntegrityState {
    /** Everything as it should be. */
    INTACT,
    /** The cached copy is fine, but the original (and its backup) is gone: the cached copy is the only one left. */
    ORIGINAL_MISSING,
    /** The cached copy does not exist. */
    CACHED_COPY_MISSING,
    /** The cached copy's size differs from the recorded one. */
    SIZE_MISMATCH,
    /** The cached copy's checksum differs from the original's. */
    CHECKSUM_MISMATCH,
    /** The media path should be a symlink to the cached copy and is not. */
    LINK_BROKEN;

    /** Whether the cached copy can be served: the file may stay (or become again) active. */
    public boolean cachedCopyUsable() {
        return this == INTACT || this == ORIGINAL_MISSING;
    }

    /**
     * The status a file in {@code current} should move to after this finding: an active file whose copy is unusable
     * becomes orphaned, an orphaned file whose copy is usable again becomes active; anything else stays.
     */
    public FileStatus statusFor(FileStatus current) {
        if (current == FileStatus.ACTIVE && !cachedCopyUsable()) return FileStatus.ORPHANED;
        if (current == FileStatus.ORPHANED && cachedCopyUsable()) return FileStatus.ACTIVE;
        return current;
    }
}
