package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sweep removes the adapter's temporary files and nothing else, least of all a backup. */
class LeftoverSweepTest {
    @TempDir
    Path dir;

    @Test
    public void sweepRemovesTemporaryFilesAndKeepsBackupsAndUserFiles() throws Exception {
        Tree tree = new Tree(dir);
        NioCacheStorage storage = tree.storage();
        Path live = tree.original("movies/live.mkv", Tree.content(100));
        Placement placement = storage.place(storage.plan(live.toString(), CacheMethod.ATOMIC_SYMLINK));
        Path interrupted = tree.original("movies/interrupted.mkv", Tree.content(200));
        Files.createLink(Names.backup(interrupted), interrupted); // a swap stopped after its backup link
        Path user = tree.original("movies/.cacherr-tmp-link-notes.txt", Tree.content(5)); // a file, not our link

        Path tempCopy = Names.tempCopy(tree.cached("movies/interrupted.mkv"));
        Files.write(tempCopy, Tree.content(50));
        Path tempLink = Files.createSymbolicLink(Names.tempLink(interrupted), tree.cached("movies/interrupted.mkv"));
        Path tempBack = Files.write(Names.tempCopy(tree.array.resolve("movies/other.mkv")), Tree.content(7));

        Set<String> removed = Set.copyOf(storage.sweepLeftovers());

        assertEquals(Set.of(tempCopy, tempLink, tempBack).stream().map(Path::toString).collect(Collectors.toSet()),
                removed);
        assertTrue(Files.exists(Names.backup(live)) && Files.exists(Names.backup(interrupted)), "backups stay");
        assertArrayEquals(Tree.content(5), Files.readAllBytes(user));
        assertEquals(IntegrityState.INTACT, storage.inspect(placement, true).state());
        assertEquals(List.of(), storage.sweepLeftovers(), "a second sweep finds nothing");
    }
}
