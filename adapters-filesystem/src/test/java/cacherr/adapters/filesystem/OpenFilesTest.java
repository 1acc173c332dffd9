package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** isInUse reads the open file descriptors of every process from /proc. */
class OpenFilesTest {
    @TempDir
    Path dir;
    private Tree tree;
    private Path media;

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        media = tree.original("movies/a.mkv", Tree.content(100));
    }

    @Test
    public void aFileOpenInThisProcessIsInUseUntilItIsClosed() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no Linux /proc here");
        NioCacheStorage storage = tree.storage();
        assertFalse(storage.isInUse(media.toString()));
        try (FileChannel player = FileChannel.open(media, StandardOpenOption.READ)) {
            assertTrue(storage.isInUse(media.toString()));
        }
        assertFalse(storage.isInUse(media.toString()));
    }

    @Test
    public void aCachedCopyOpenedThroughTheMediaSymlinkIsInUseUnderBothNames() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no Linux /proc here");
        NioCacheStorage storage = tree.storage();
        Placement placement = storage.place(storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK));
        try (FileChannel player = FileChannel.open(media, StandardOpenOption.READ)) {
            assertTrue(storage.isInUse(media.toString()));
            assertTrue(storage.isInUse(placement.cachedPath()));
        }
    }

    @Test
    public void entriesThatAreNotProcessesOrNotLinksAreSkipped() throws Exception {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("100/fd"));
        Files.write(proc.resolve("100/fd/3"), new byte[0]); // not a link
        Files.createDirectories(proc.resolve("101")); // no fd directory (a kernel thread, or gone)
        Files.createDirectories(proc.resolve("self-ish/fd"));
        Files.createSymbolicLink(proc.resolve("self-ish/fd/4"), media); // not a process id: ignored
        OpenFiles openFiles = new OpenFiles(proc);
        assertFalse(openFiles.isOpen(media));

        Files.createDirectories(proc.resolve("102/fd"));
        Files.createSymbolicLink(proc.resolve("102/fd/5"), Path.of(media + " (deleted)"));
        assertTrue(openFiles.isOpen(media), "a file replaced while open is still open");
    }

    @Test
    public void oneOfSeveralFilesOpenIsFoundInOnePass() throws Exception {
        NioCacheStorage storage = tree.storage();
        Path other = tree.original("movies/b.mkv", Tree.content(10));

        assertFalse(storage.anyInUse(media.toString(), other.toString()));
        try (FileChannel player = FileChannel.open(other, StandardOpenOption.READ)) {
            assertTrue(storage.anyInUse(media.toString(), other.toString()));
            assertFalse(storage.anyInUse(media.toString()));
        }
    }

    @Test
    public void withoutProcNothingCountsAsInUse() {
        assertFalse(new OpenFiles(dir.resolve("no-proc")).isOpen(media));
    }
}
