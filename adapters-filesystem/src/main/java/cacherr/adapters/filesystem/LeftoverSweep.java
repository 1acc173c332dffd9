package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the adapter's own temporary files left by interrupted operations: temporary copies (regular files) and
 * temporary symlinks, recognised by their marked names. A temporary file never holds the only copy of anything (the
 * source of a copy is deleted only after the copy is renamed onto its final name), so removing one loses nothing.
 * Backups of originals carry no marker and are never touched. Meant for start-up, when no operation is running.
 */
final class LeftoverSweep {
    private LeftoverSweep() {
    }

    static List<String> under(List<Path> roots, Guard guard) {
        List<String> removed = new ArrayList<>();
        for (Path root : roots) {
            Failures.run("sweep leftovers under", root, () -> Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    boolean ours = Names.isTempCopy(file) && attributes.isRegularFile()
                            || Names.isTempLink(file) && attributes.isSymbolicLink();
                    if (!ours) return FileVisitResult.CONTINUE;
                    guard.before(Guard.Step.DELETE, file);
                    if (Files.deleteIfExists(file)) removed.add(file.toString());
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // an unreadable directory holds nothing of ours
                }
            }));
        }
        return removed;
    }
}
