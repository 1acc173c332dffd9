package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** undo rolls back a symlink placement interrupted at any step, and a second undo changes nothing. */
class UndoTest {
    private static final byte[] MOVIE = Tree.content(32 * 1024);

    /** The steps of a swap, each leaving what a crash right after it would leave. */
    enum InterruptedAfter {
        PLANNING, HALF_THE_TEMPORARY_COPY, THE_RENAME_OF_THE_COPY, THE_BACKUP_LINK, THE_TEMPORARY_SYMLINK, THE_SWAP
    }

    @TempDir
    Path dir;
    private Tree tree;
    private NioCacheStorage storage;
    private Path media;
    private Path cached;

    @BeforeEach
    void createTree() {
        tree = new Tree(dir);
        storage = tree.storage();
        media = tree.original("movies/Heat/Heat.mkv", MOVIE);
        cached = tree.cached("movies/Heat/Heat.mkv");
    }

    private void leaveStateAfter(InterruptedAfter step) throws Exception {
        if (step == InterruptedAfter.PLANNING) return;
        Files.createDirectories(cached.getParent());
        if (step == InterruptedAfter.HALF_THE_TEMPORARY_COPY) {
            Files.write(Names.tempCopy(cached), Tree.content(MOVIE.length / 2));
            return;
        }
        Files.copy(media, cached, StandardCopyOption.COPY_ATTRIBUTES);
        if (step == InterruptedAfter.THE_RENAME_OF_THE_COPY) return;
        Files.createLink(Names.backup(media), media);
        if (step == InterruptedAfter.THE_BACKUP_LINK) return;
        Files.createSymbolicLink(Names.tempLink(media), cached);
        if (step == InterruptedAfter.THE_TEMPORARY_SYMLINK) return;
        Files.move(Names.tempLink(media), media, StandardCopyOption.ATOMIC_MOVE);
    }

    private void assertRolledBack() throws Exception {
        assertFalse(Files.isSymbolicLink(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(media), Tree.everythingUnder(media.getParent()), "no backup or temporary file is left");
        assertEquals(List.of(), Tree.everythingUnder(tree.cache), "no cached copy or temporary file is left");
    }

    @ParameterizedTest
    @EnumSource(InterruptedAfter.class)
    public void undoRestoresTheOriginalFromAnyStepAndIsIdempotent(InterruptedAfter step) throws Exception {
        Placement plan = storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK);
        leaveStateAfter(step);
        storage.undo(plan);
        assertRolledBack();
        storage.undo(plan);
        assertRolledBack();
    }

    @ParameterizedTest
    @EnumSource(InterruptedAfter.class)
    public void placeCompletesAPlacementFromAnyStep(InterruptedAfter step) throws Exception {
        Placement plan = storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK);
        leaveStateAfter(step);
        storage.place(plan);
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(cached, Files.readSymbolicLink(media));
        assertEquals(List.of(cached), Tree.everythingUnder(cached.getParent()));
    }
}
