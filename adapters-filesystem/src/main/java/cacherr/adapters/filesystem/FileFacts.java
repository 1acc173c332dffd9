package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/**
 * What {@code lstat} says about one path, read in a single call through the "unix" attribute view (Linux and the BSDs
 * have it; the adapter needs POSIX file systems anyway).
 */
record FileFacts(boolean regular, boolean symlink, long size, FileTime modified, Set<PosixFilePermission> permissions,
                 Object fileKey, long links, long device, int uid, int gid, FileTime changed) {
    private static final String ATTRIBUTES =
            "unix:isRegularFile,isSymbolicLink,size,lastModifiedTime,permissions,fileKey,nlink,dev,uid,gid,ctime";

    /** The facts about {@code path} (not following a symlink), or null when nothing is there. */
    static FileFacts read(Path path) {
        return Failures.get("read the attributes of", path, () -> {
            try {
                return of(Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return null;
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static FileFacts of(Map<String, Object> a) {
        return new FileFacts((Boolean) a.get("isRegularFile"), (Boolean) a.get("isSymbolicLink"), (Long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), (Set<PosixFilePermission>) a.get("permissions"),
                a.get("fileKey"), ((Number) a.get("nlink")).longValue(), ((Number) a.get("dev")).longValue(),
                (Integer) a.get("uid"), (Integer) a.get("gid"), (FileTime) a.get("ctime"));
    }

    /** Same inode: two names of one file. */
    boolean sameFileAs(FileFacts other) {
        return other != null && fileKey != null && fileKey.equals(other.fileKey);
    }

    /** Same inode, same size, same modification time: nothing has written to the file since {@code before}. */
    boolean unchangedSince(FileFacts before) {
        return sameFileAs(before) && size == before.size && modified.equals(before.modified);
    }

    /**
     * {@link #unchangedSince} and the same inode change time: the kernel sets that on every write, and no program can
     * set it back (unlike the modification time, which taggers and {@code touch -r} restore), so nothing has written
     * to the file since {@code before}. Renames and new links change it too, so it only fits a file left alone.
     */
    boolean untouchedSince(FileFacts before) {
        return unchangedSince(before) && changed.equals(before.changed);
    }

    /** Reads the target of a symlink, resolved against its directory, or null when {@code path} is not one. */
    static Path linkTarget(Path path) {
        try {
            return path.resolveSibling(Files.readSymbolicLink(path)).normalize();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
