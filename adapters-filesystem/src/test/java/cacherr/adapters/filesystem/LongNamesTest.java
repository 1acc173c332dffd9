package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.Placement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names up to the file systems' 255 bytes work for every method; the adapter's own names always fit. */
class LongNamesTest {
    private static final byte[] MOVIE = Tree.content(40 * 1024);
    @TempDir
    Path dir;

    /** A file name of exactly {@code bytes} bytes in UTF-8, ASCII or with two-byte characters. */
    static String name(int bytes, boolean multiByte) {
        String tail = ".mkv";
        int room = bytes - tail.length();
        String body = multiByte ? "é".repeat(room / 2) + "x".repeat(room % 2) : "n".repeat(room);
        String name = body + tail;
        assertEquals(bytes, Names.bytes(name));
        return name;
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (CacheMethod method : List.of(CacheMethod.ATOMIC_COPY, CacheMethod.ATOMIC_HARDLINK,
                CacheMethod.ATOMIC_SYMLINK)) {
            for (int bytes : new int[] {237, 238, 240, 254, 255}) all.add(Arguments.of(method, bytes, false));
            all.add(Arguments.of(method, 255, true));
            all.add(Arguments.of(method, 254, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} bytes, multi-byte {2}")
    @MethodSource("cases")
    public void aLongNameCachesVerifiesAndUncaches(CacheMethod method, int bytes, boolean multiByte) throws Exception {
        Tree tree = new Tree(dir);
        NioCacheStorage storage = tree.storage();
        String name = name(bytes, multiByte);
        Path media = tree.original("movies/" + name, MOVIE);

        Placement placed = storage.place(storage.plan(media.toString(), method));
        assertEquals(method, placed.method());
        assertEquals(IntegrityState.INTACT, storage.inspect(placed, true).state());
        assertArrayEquals(MOVIE, Files.readAllBytes(media));

        storage.release(placed);
        assertFalse(Files.isSymbolicLink(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(media), Tree.everythingUnder(media.getParent()), "no backup or temporary file left");
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
        storage.release(placed); // idempotent
        assertEquals(List.of(media), Tree.everythingUnder(media.getParent()));
    }

    @Test
    public void theAdapterNamesOfA255ByteNameFitAndStayDistinctAndRecognisable() {
        for (boolean multiByte : new boolean[] {false, true}) {
            Path media = dir.resolve(name(255, multiByte));
            Path other = dir.resolve(name(254, multiByte) + "v"); // same first bytes, another name
            for (Path helper : List.of(Names.tempCopy(media), Names.tempLink(media), Names.backup(media))) {
                assertTrue(Names.bytes(helper.getFileName().toString()) <= 255, helper.toString());
            }
            assertNotEquals(Names.backup(media), Names.backup(other));
            assertNotEquals(Names.tempCopy(media), Names.tempCopy(other));
            assertEquals(Names.backup(media), Names.backup(media), "the same name again after a crash");
            assertTrue(Names.isTempCopy(Names.tempCopy(media)) && Names.isTempLink(Names.tempLink(media)));
            assertFalse(Names.isTemporary(Names.backup(media)), "a backup is never swept");
        }
    }

    @Test
    public void anInterruptedSwapOfALongNameIsUndoneAndItsLeftoversSwept() throws Exception {
        Tree tree = new Tree(dir);
        NioCacheStorage storage = tree.storage();
        Path media = tree.original("movies/" + name(250, false), MOVIE);
        Path cached = tree.cached("movies/" + media.getFileName());
        Placement plan = storage.plan(media.toString(), CacheMethod.ATOMIC_SYMLINK);
        Files.createDirectories(cached.getParent());
        Files.copy(media, cached, StandardCopyOption.COPY_ATTRIBUTES);
        Files.write(Names.tempCopy(cached), new byte[] {1});
        Files.createLink(Names.backup(media), media);
        Files.createSymbolicLink(Names.tempLink(media), cached);
        Files.move(Names.tempLink(media), media, StandardCopyOption.ATOMIC_MOVE);
        Files.createSymbolicLink(Names.tempLink(media), cached);

        assertEquals(List.of(Names.tempCopy(cached).toString()), storage.sweepLeftovers());
        storage.undo(plan);
        assertFalse(Files.isSymbolicLink(media));
        assertArrayEquals(MOVIE, Files.readAllBytes(media));
        assertEquals(List.of(media), Tree.everythingUnder(media.getParent()));
        assertEquals(List.of(), Tree.everythingUnder(tree.cache));
    }

    @Test
    public void aNameLongerThanAFileSystemAllowsIsRefusedInWords() {
        Tree tree = new Tree(dir);
        String media = tree.array + "/movies/" + "n".repeat(296) + ".mkv";
        StorageException e = assertThrows(StorageException.class,
                () -> tree.storage().plan(media, CacheMethod.ATOMIC_COPY));
        assertEquals(Problem.OUTSIDE_ROOTS, e.problem()); // answered 400
        assertTrue(e.getMessage().contains("300 bytes") && e.getMessage().contains("at most 255"), e.getMessage());
    }
}
