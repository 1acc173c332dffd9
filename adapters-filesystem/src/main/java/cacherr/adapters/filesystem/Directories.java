package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Creates and tidies the directories around placed files, and gives what the adapter creates its owner. A created
 * directory takes the permissions of its counterpart on the other side (the array directory for a cache directory and
 * the reverse), and a created directory or copy takes the owner and group of its counterpart or source — or the
 * configured ones where they are set — so the media server's user can read what root wrote. An owner that cannot be
 * given is an error, raised before the file is used: a copy the player's user cannot read is worse than none.
 */
final class Directories {
    /** Changes a file's owner and group. A seam, so a test can make it fail as it would for a service without root. */
    interface Chown {
        Chown REAL = (path, uid, gid) -> {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        };

        void chown(Path path, int uid, int gid) throws IOException;
    }

    private final Integer uid;
    private final Integer gid;
    private final Guard guard;
    private final Chown chown;

    Directories(Integer uid, Integer gid, Guard guard) {
        this(uid, gid, guard, Chown.REAL);
    }

    Directories(Integer uid, Integer gid, Guard guard, Chown chown) {
        this.uid = uid;
        this.gid = gid;
        this.guard = guard;
        this.chown = chown;
    }

    /** Creates the missing directories from {@code root} down to {@code dir}, top first. */
    void createMissing(Path dir, Path root, Path counterpartRoot) {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir; !d.equals(root) && !Files.isDirectory(d); d = d.getParent()) missing.push(d);
        for (Path d : missing) {
            guard.before(Guard.Step.CREATE_DIRECTORY, d);
            Failures.run("create the directory", d, () -> {
                try {
                    Files.createDirectory(d);
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(d)) throw e; // created meanwhile by another placement: fine
                    return;
                }
                FileFacts counterpart = FileFacts.read(counterpartRoot.resolve(root.relativize(d)));
                boolean hasCounterpart = counterpart != null && !counterpart.symlink();
                own(d, hasCounterpart ? counterpart : null);
                if (hasCounterpart) Files.setPosixFilePermissions(d, counterpart.permissions());
            });
        }
    }

    /**
     * Gives {@code path} the configured owner and group, or where one is not configured, that of {@code model} (the
     * original a copy is made of, the counterpart of a directory; null for none). Ownership comes before permissions,
     * because a change of owner clears the set-id bits.
     *
     * @throws cacherr.application.port.out.StorageException NOT_POSSIBLE when the owner cannot be given
     */
    void own(Path path, FileFacts model) {
        Integer wantedUid = uid != null ? uid : model == null ? null : Integer.valueOf(model.uid());
        Integer wantedGid = gid != null ? gid : model == null ? null : Integer.valueOf(model.gid());
        if (wantedUid == null && wantedGid == null) return;
        FileFacts now = FileFacts.read(path);
        int newUid = wantedUid != null ? wantedUid : now.uid();
        int newGid = wantedGid != null ? wantedGid : now.gid();
        if (now.uid() == newUid && now.gid() == newGid) return;
        guard.before(Guard.Step.WRITE, path);
        try {
            chown.chown(path, newUid, newGid);
        } catch (IOException e) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, "could not give " + path + " the owner " + newUid + ":"
                    + newGid + (uid == null && gid == null && model != null ? " of the file or directory it copies"
                    : " set by PUID/PGID") + " (" + e.getMessage() + "); without it the media server's user may not"
                    + " read it, so nothing was cached. Run Cacherr as root, or set PUID/PGID to an owner it may"
                    + " give");
        }
    }

    /** Deletes {@code dir} and its parents below {@code root} while they are empty. */
    void pruneEmpty(Path dir, Path root) {
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            try {
                guard.before(Guard.Step.DELETE, d);
                Files.delete(d);
            } catch (NoSuchFileException e) {
                // never created (a failure part-way down the tree) or gone already: its parent may still be ours
            } catch (IOException | StorageException e) {
                return; // not empty (or not ours to delete): tidying is an extra, a directory left holds no data
            }
        }
    }
}
