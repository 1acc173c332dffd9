package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a rename survive a power cut: the directory entry is flushed, not only the file's data. */
final class Durability {
    private Durability() {
    }

    /**
     * Flushes {@code directory}. Best effort: Linux allows opening a directory for reading and fsync-ing it; where
     * that is refused the rename is still atomic, only its durability is left to the file system.
     */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Durability of the entry is an extra; the operation itself has succeeded.
        }
    }
}
