package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Creates and tidies the directories around placed files. A created directory takes the permissions of its
 * counterpart on the other side (the array directory for a cache directory and the reverse), and the configured
 * owner and group when they are set — so the media server's user can read what root wrote.
 */
final class Directories {
    private final Integer uid;
    private final Integer gid;
    private final Guard guard;

    Directories(Integer uid, Integer gid, Guard guard) {
        this.uid = uid;
        this.gid = gid;
        this.guard = guard;
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
                Path counterpart = counterpartRoot.resolve(root.relativize(d));
                if (Files.isDirectory(counterpart)) {
                    Files.setPosixFilePermissions(d, Files.getPosixFilePermissions(counterpart));
                }
                own(d);
            });
        }
    }

    /** Gives {@code path} the configured owner and group, where set. */
    void own(Path path) throws IOException {
        if (uid != null) Files.setAttribute(path, "unix:uid", uid);
        if (gid != null) Files.setAttribute(path, "unix:gid", gid);
    }

    /** Deletes {@code dir} and its parents below {@code root} while they are empty. */
    void pruneEmpty(Path dir, Path root) {
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            try {
                guard.before(Guard.Step.DELETE, d);
                Files.delete(d);
            } catch (NoSuchFileException e) {
                // already gone (an interrupted operation stopped before creating it): its parent may still be empty
            } catch (IOException | StorageException e) {
                return; // not empty (or not ours to delete): tidying is an extra, a directory left holds no data
            }
        }
    }
}
