package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Supplier;

/**
 * Confinement at every step, not only at the door. A request is checked when it arrives, but its file steps happen
 * later (after it waited for its lock, and one after another); a directory inside a root replaced by a symlink in
 * between would send a step outside the roots, because every component but the last of a path is followed. So right
 * before each read, write, link, rename or delete, the guard walks the path's directories from its root down with
 * {@code lstat} (links not followed) and refuses when any of them is a symlink or not a directory; it checks the
 * directories of the operation's media path and cached path too, so a decision taken on one side is never carried
 * out after the other side was swapped.
 *
 * <p>What is left is the few microseconds between a check and the system call that follows it: a process that wins
 * that race needs write access inside the roots and exact timing, and {@code docs/RELIABILITY.md} says so.
 */
final class Guard {
    /** The kinds of file steps, for the test hook and the messages. */
    enum Step {
        READ("read"), WRITE("write"), LINK("link"), RENAME("rename"), DELETE("delete"), CREATE_DIRECTORY("create");

        private final String verb;

        Step(String verb) {
            this.verb = verb;
        }
    }

    /** Called before each step is checked: tests change the tree there, deterministically, instead of racing. */
    interface Hook {
        Hook NONE = (step, path) -> { };

        void before(Step step, Path path);
    }

    private final Roots roots;
    private final ThreadLocal<PlacementPaths> current = new ThreadLocal<>();
    private volatile Hook hook = Hook.NONE;

    Guard(Roots roots) {
        this.roots = roots;
    }

    void hook(Hook hook) {
        this.hook = hook;
    }

    /** Runs one operation on {@code paths}: every step inside it also checks both of its sides. */
    <T> T during(PlacementPaths paths, Supplier<T> operation) {
        PlacementPaths outer = current.get();
        current.set(paths);
        try {
            return operation.get();
        } finally {
            if (outer == null) current.remove();
            else current.set(outer);
        }
    }

    /**
     * Checks, right before {@code step} on {@code path}, that no directory between its root and it (nor between the
     * roots and the current operation's media and cached paths) is a symlink or something else than a directory.
     */
    void before(Step step, Path path) {
        hook.before(step, path);
        requireDirectories(step, path, path);
        PlacementPaths paths = current.get();
        if (paths != null) {
            requireDirectories(step, path, paths.media());
            requireDirectories(step, path, paths.cached());
        }
    }

    private void requireDirectories(Step step, Path acting, Path path) {
        Path root = roots.rootOf(path);
        Path dir = root;
        for (Path name : root.relativize(path.getParent() == null ? path : path.getParent())) {
            if (name.toString().isEmpty()) break;
            dir = dir.resolve(name);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return; // what does not exist yet is created by a later step, which is checked in turn
            } catch (IOException e) {
                throw Failures.wrap("check the directory", dir, e);
            }
            if (attributes.isSymbolicLink() || !attributes.isDirectory()) {
                throw Failures.refuse(Problem.OUTSIDE_ROOTS, dir + (attributes.isSymbolicLink() ? " is a symlink"
                        : " is not a directory") + " inside " + root + " (replaced while the request waited?);"
                        + " Cacherr works only through real directories inside its roots, so it refused to "
                        + step.verb + " " + acting + " and did nothing outside them");
            }
        }
    }
}
