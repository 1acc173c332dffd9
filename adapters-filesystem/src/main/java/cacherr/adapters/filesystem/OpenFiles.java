package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a process has a file open, from the file-descriptor symlinks under {@code /proc/<pid>/fd} (Linux). Entries
 * that cannot be read (another user's process, a process that just ended) are skipped. Where there is no such
 * {@code /proc} (macOS, the BSDs) nothing can be known this way and every file counts as not in use.
 */
final class OpenFiles {
    /** The kernel's mark on the descriptor link of a file whose name was removed or replaced while open. */
    private static final String DELETED = " (deleted)";
    private final Path proc;

    OpenFiles(Path proc) {
        this.proc = proc;
    }

    boolean isOpen(Path file) {
        return anyOpen(List.of(file));
    }

    /** Whether any of {@code files} is open, in one pass over the processes (a pass reads every descriptor). */
    boolean anyOpen(List<Path> files) {
        if (!Files.isDirectory(proc)) return false;
        Set<Path> wanted = new HashSet<>(files);
        files.forEach(file -> wanted.add(realOrItself(file)));
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, OpenFiles::isProcess)) {
            for (Path process : processes) {
                if (holds(process.resolve("fd"), wanted)) return true;
            }
        } catch (IOException | RuntimeException e) {
            return false; // /proc unreadable as a whole: nothing can be known
        }
        return false;
    }

    private static boolean holds(Path fds, Set<Path> wanted) {
        try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
            for (Path link : links) {
                Path target = target(link);
                if (target != null && wanted.contains(target)) return true;
            }
        } catch (IOException | RuntimeException e) {
            return false; // another user's process, or one that ended meanwhile
        }
        return false;
    }

    private static Path target(Path link) {
        try {
            String text = Files.readSymbolicLink(link).toString();
            return Path.of(text.endsWith(DELETED) ? text.substring(0, text.length() - DELETED.length()) : text);
        } catch (IOException | RuntimeException e) {
            return null; // not a link, or closed meanwhile
        }
    }

    private static boolean isProcess(Path entry) {
        return entry.getFileName().toString().chars().allMatch(Character::isDigit);
    }

    private static Path realOrItself(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file;
        }
    }
}
