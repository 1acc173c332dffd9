package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A directory inside a root is replaced by a symlink to a directory outside the roots right before each single file
 * step of caching and uncaching (through the guard's test hook, so no timing is involved). Every time, the operation
 * fails with OUTSIDE_ROOTS, nothing outside the roots is read, written, linked, renamed or deleted, and once the
 * directory is put back the original is intact and the operation can be undone or repeated cleanly.
 */
class SwappedDirectoryTest {
    private static final byte[] MOVIE = Tree.content(64 * 1024);
    private static final FileTime MTIME = FileTime.fromMillis(1_600_000_000_000L);
    private static final String RELATIVE = "movies/Heat/Heat.mkv";

    enum Side { ARRAY, CACHE }

    enum Operation { CACHE, UNCACHE }

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (CacheMethod method : List.of(CacheMethod.ATOMIC_COPY, CacheMethod.ATOMIC_HARDLINK,
                    CacheMethod.ATOMIC_SYMLINK)) {
                for (Side side : Side.values()) all.add(Arguments.of(operation, method, side));
            }
        }
        return all.stream();
    }

    /** One run in its own directory: the roots, a place outside them, and the storage with a swapping hook. */
    private final class Run {
        final Tree tree;
        final Path outside;
        final Path stash;
        final Path component;
        final Path media;
        final List<String> readsOutside = new ArrayList<>();
        final NioCacheStorage storage;
        int steps;
        boolean swapped;
        Guard.Step swappedBefore;
        Path swappedFor;

        Run(String name, Side side, Operation operation) throws IOException {
            Path base = Files.createDirectories(dir.resolve(name));
            tree = new Tree(base);
            outside = Files.createDirectories(base.resolve("outside"));
            stash = base.resolve("stash");
            media = tree.original(RELATIVE, MOVIE);
            Files.setLastModifiedTime(media, MTIME);
            component = (side == Side.ARRAY ? tree.array : tree.cache).resolve("movies");
            // What the operation would find through the symlink: a look-alike it would happily read, link or delete.
            if (side == Side.ARRAY || operation == Operation.UNCACHE) {
                Path decoy = Files.createDirectories(outside.resolve("movies/Heat")).resolve("Heat.mkv");
                Files.write(decoy, MOVIE);
                Files.setLastModifiedTime(decoy, MTIME);
            } else {
                Files.createDirectories(outside.resolve("movies/Heat"));
            }
            storage = tree.storage(tree.settings(), this::copyWatchingReads);
        }

        /** The real copy, after checking that no open file of this process lies outside the roots. */
        private void copyWatchingReads(java.nio.channels.FileChannel from, java.nio.channels.FileChannel to, long size)
                throws IOException {
            Path real = outside.toRealPath();
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                fds.forEach(fd -> {
                    try {
                        Path target = Files.readSymbolicLink(fd);
                        if (target.startsWith(real)) readsOutside.add(target.toString());
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                });
            }
            Copier.TRANSFER.copy(from, to, size);
        }

        void swapAtStep(int n) {
            storage.onEachStep((step, path) -> {
                if (steps++ == n) {
                    swap();
                    swappedBefore = step;
                    swappedFor = path;
                }
            });
        }

        void countSteps() {
            storage.onEachStep((step, path) -> steps++);
        }

        void swap() {
            Tree.run(() -> {
                if (Files.exists(component, LinkOption.NOFOLLOW_LINKS)) Files.move(component, stash);
                Files.createSymbolicLink(component, outside.resolve("movies"));
            });
            swapped = true;
        }

        void putBack() throws IOException {
            if (!swapped) return;
            Files.delete(component);
            if (Files.exists(stash)) Files.move(stash, component);
        }

        Placement plan(CacheMethod method) {
            return storage.plan(media.toString(), method);
        }
    }

    /** Names, kinds, sizes, contents, inodes, link counts and times of everything under {@code root}. */
    private static TreeMap<String, String> digest(Path root) {
        TreeMap<String, String> digest = new TreeMap<>();
        for (Path path : Tree.everythingUnder(root)) {
            try {
                var a = Files.readAttributes(path, "unix:isSymbolicLink,isDirectory,size,ino,nlink,lastModifiedTime",
                        LinkOption.NOFOLLOW_LINKS);
                String content = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                        ? Integer.toString(Arrays.hashCode(Files.readAllBytes(path))) : "";
                digest.put(root.relativize(path).toString(), new TreeMap<>(a) + content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return digest;
    }

    private Placement placeWithoutHook(Run run, CacheMethod method) {
        return run.storage.place(run.plan(method));
    }

    @ParameterizedTest(name = "{0} {1}, a directory of the {2} swapped")
    @MethodSource("cases")
    public void aDirectorySwappedForASymlinkBeforeAnyStepStopsTheOperationInsideTheRoots(
            Operation operation, CacheMethod method, Side side) throws Exception {
        Run counting = new Run("count", side, operation);
        Placement placed = operation == Operation.UNCACHE ? placeWithoutHook(counting, method) : null;
        counting.countSteps();
        if (operation == Operation.CACHE) counting.storage.place(counting.plan(method));
        else counting.storage.release(placed);
        int total = counting.steps;
        assertTrue(total >= 2, "the operation has file steps: " + total);

        for (int n = 0; n < total; n++) {
            Run run = new Run("step" + n, side, operation);
            Placement plan = run.plan(method);
            Placement done = operation == Operation.UNCACHE ? placeWithoutHook(run, method) : null;
            TreeMap<String, String> before = digest(run.outside);
            run.swapAtStep(n);
            String at = operation + " " + method + " with " + side + " swapped at step " + n + " of " + total;
            StorageException refused = null;
            try {
                if (operation == Operation.CACHE) run.storage.place(plan);
                else run.storage.release(done);
            } catch (StorageException e) {
                refused = e;
            }
            assertTrue(run.swapped, at);
            if (refused == null) {
                // Only tidying may be skipped without failing the operation: the empty directories left after it.
                assertEquals(Guard.Step.DELETE, run.swappedBefore, at + " succeeded through a swapped directory");
                assertTrue(run.tree.cache.resolve("movies/Heat").startsWith(run.swappedFor), at + " succeeded"
                        + " though the step before which the directory was swapped was " + run.swappedFor);
            } else {
                assertEquals(Problem.OUTSIDE_ROOTS, refused.problem(), at + ": " + refused.getMessage());
            }
            assertEquals(before, digest(run.outside), at + ": nothing outside the roots may change");
            assertEquals(List.of(), run.readsOutside, at + ": nothing outside the roots may be read");

            run.putBack();
            run.storage.onEachStep(Guard.Hook.NONE);
            assertArrayEquals(MOVIE, Files.readAllBytes(run.media), at + ": the media path still serves the movie");
            // Nothing is lost or stuck: undoing (or finishing the removal) leaves the original alone in place.
            run.storage.undo(plan);
            assertFalse(Files.isSymbolicLink(run.media), at);
            assertArrayEquals(MOVIE, Files.readAllBytes(run.media), at);
            assertEquals(List.of(run.media), Tree.everythingUnder(run.media.getParent()), at);
            assertEquals(List.of(), Tree.everythingUnder(run.tree.cache), at);
            assertEquals(before, digest(run.outside), at);
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = CacheMethod.class,
            names = {"ATOMIC_COPY", "ATOMIC_HARDLINK", "ATOMIC_SYMLINK"})
    public void aSymlinkedDirectoryInsideTheRootsIsRefusedEvenWhenItPointsInside(CacheMethod method)
            throws Exception {
        Tree tree = new Tree(dir);
        Path real = tree.original("real/Heat.mkv", MOVIE);
        Files.createSymbolicLink(tree.array.resolve("movies"), real.getParent());
        NioCacheStorage storage = tree.storage();
        Placement plan = storage.plan(tree.array + "/movies/Heat.mkv", method);
        StorageException e = assertThrows(StorageException.class, () -> storage.place(plan));
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem());
        assertTrue(e.getMessage().contains("is a symlink"), e.getMessage());
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
        assertEquals(List.of(real), Tree.everythingUnder(real.getParent()));
    }
}
