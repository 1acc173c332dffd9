package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.MoverListInspection;
import cacherr.application.port.out.MoverListInspection.Risk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMoverListTest {
    private static final String MARKER = FileMoverList.DEFAULT_MARKER;

    @TempDir
    Path dir;

    private final List<String> notes = new ArrayList<>();

    private FileMoverList list() {
        return list(dir.resolve("no-host"));
    }

    private FileMoverList list(Path hostView) {
        return new FileMoverList(dir.resolve("skip.txt"), "/cache", HostPathMapping.parse("/cache=/mnt/cache/media"),
                MARKER, hostView, notes::add);
    }

    private static SortedSet<String> paths(String... names) {
        SortedSet<String> paths = new TreeSet<>();
        for (String name : names) paths.add("/cache/" + name);
        return paths;
    }

    private byte[] bytes() throws IOException {
        return Files.readAllBytes(dir.resolve("skip.txt"));
    }

    private String text() throws IOException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void entriesAreWrittenAsHostPathsBelowTheMarker() throws IOException {
        list().write(paths("movies/Heat.mkv", "shows/E01.mkv"));
        assertEquals(MARKER + "\n/mnt/cache/media/movies/Heat.mkv\n/mnt/cache/media/shows/E01.mkv\n", text());
    }

    @Test
    void theUsersLinesAboveTheMarkerSurviveByteForByte() throws IOException {
        // Odd on purpose: a CRLF line, trailing blanks, a tab, Latin-1 bytes that are not UTF-8, a blank line.
        byte[] user = concat("/mnt/cache/appdata/keep me  \n".getBytes(StandardCharsets.UTF_8),
                "/mnt/cache/media/mine/*.nfo\r\n".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9, '\t', '\n'},
                "\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("skip.txt"), user);
        FileMoverList list = list();
        list.write(paths("movies/Heat.mkv"));
        list.write(paths("movies/Heat.mkv", "movies/Alien.mkv"));
        list.write(paths());
        byte[] after = bytes();
        assertArrayEquals(user, Arrays.copyOf(after, user.length));
        assertEquals(MARKER + "\n", new String(after, user.length, after.length - user.length, StandardCharsets.UTF_8));

        // The user edits above the marker between two writes: the edit is kept, ours below is replaced.
        byte[] edited = concat("/mnt/cache/appdata/other\n".getBytes(StandardCharsets.UTF_8), after);
        Files.write(dir.resolve("skip.txt"), edited);
        list.write(paths("movies/Heat.mkv"));
        byte[] expectedStart = concat("/mnt/cache/appdata/other\n".getBytes(StandardCharsets.UTF_8), user);
        assertArrayEquals(expectedStart, Arrays.copyOf(bytes(), expectedStart.length));
        assertTrue(text().endsWith(MARKER + "\n/mnt/cache/media/movies/Heat.mkv\n"), text());
    }

    @Test
    void aListWithoutAMarkerIsKeptWholeAboveIt() throws IOException {
        Files.writeString(dir.resolve("skip.txt"), "/mnt/cache/appdata/x\n/mnt/cache/appdata/y");
        list().write(paths("movies/Heat.mkv"));
        assertEquals("/mnt/cache/appdata/x\n/mnt/cache/appdata/y\n" + MARKER + "\n/mnt/cache/media/movies/Heat.mkv\n",
                text());
    }

    @Test
    void aReaderDuringARewriteSeesTheWholeOldListThenTheWholeNewOne() throws IOException {
        Files.writeString(dir.resolve("skip.txt"), "/mnt/cache/appdata/mine\n");
        FileMoverList list = list();
        List<String> seenBeforeRename = new ArrayList<>();
        list.beforeRename(temporary -> {
            try {
                seenBeforeRename.add(Files.readString(dir.resolve("skip.txt")));
                assertEquals(dir, temporary.getParent(), "the temporary file is in the list's directory");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> expected = new ArrayList<>();
        expected.add(text());
        List<SortedSet<String>> lists = List.of(paths("a.mkv"), paths("a.mkv", "b.mkv", "c.mkv"), paths(),
                paths("d.mkv"));
        for (SortedSet<String> entries : lists) {
            list.write(entries);
            expected.add(text());
        }
        // Before each rename a reader sees exactly the previous complete list, never a part of the next.
        assertEquals(expected.subList(0, lists.size()), seenBeforeRename);
        assertEquals("/mnt/cache/appdata/mine\n" + MARKER + "\n/mnt/cache/media/d.mkv\n", text());
        assertEquals(List.of("skip.txt"), names(dir));
    }

    @Test
    void aFailedWriteLeavesTheOldListAndNoTemporaryFile() throws IOException {
        FileMoverList list = list();
        list.write(paths("a.mkv"));
        String before = text();
        list.beforeRename(temporary -> {
            throw new UncheckedIOException(new IOException("disk full"));
        });
        assertThrows(UncheckedIOException.class, () -> list.write(paths("a.mkv", "b.mkv")));
        assertEquals(before, text());
        assertEquals(List.of("skip.txt"), names(dir));
        assertEquals(1, list.inspect().entries(), "the inspection still describes what is on disk");
    }

    @Test
    void theListKeepsItsPermissionsAndAListThatIsASymlinkStaysOne() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real")).resolve("list.txt");
        Files.writeString(real, "/mnt/cache/appdata/x\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-r--"));
        Files.createSymbolicLink(dir.resolve("skip.txt"), real);
        list().write(paths("a.mkv"));
        assertTrue(Files.isSymbolicLink(dir.resolve("skip.txt")));
        assertEquals("/mnt/cache/appdata/x\n" + MARKER + "\n/mnt/cache/media/a.mkv\n", Files.readString(real));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }

    @Test
    void namesWithSpacesBracketsWildcardsQuotesAndOtherLettersAreWrittenAsThemselvesAndTheRisksReported()
            throws IOException {
        FileMoverList list = list();
        SortedSet<String> odd = paths("a name with spaces.mkv", "Alien [1979]/Alien.mkv", "what*.mkv", "who?.mkv",
                "it's \"quoted\".mkv", "Amélie.mkv", "日本語.mkv", "line\nbreak.mkv");
        list.write(odd);
        List<String> lines = Files.readAllLines(dir.resolve("skip.txt"), StandardCharsets.UTF_8);
        assertEquals(List.of(MARKER, "/mnt/cache/media/Alien [1979]/Alien.mkv", "/mnt/cache/media/Amélie.mkv",
                "/mnt/cache/media/a name with spaces.mkv", "/mnt/cache/media/it's \"quoted\".mkv",
                "/mnt/cache/media/what*.mkv", "/mnt/cache/media/who?.mkv", "/mnt/cache/media/日本語.mkv"), lines);

        MoverListInspection inspection = list.inspect();
        assertEquals(7, inspection.entries(), "the name with a line break cannot be written");
        assertEquals(5, inspection.riskCount());
        assertRisk(inspection, "/cache/Alien [1979]/Alien.mkv", true, "2026.09.07");
        assertRisk(inspection, "/cache/it's \"quoted\".mkv", true, "2026.09.07");
        assertRisk(inspection, "/cache/what*.mkv", false, "wildcards");
        assertRisk(inspection, "/cache/who?.mkv", false, "wildcards");
        assertRisk(inspection, "/cache/line\nbreak.mkv", true, "line break");
        assertEquals(5, notes.size(), "each risky entry is told to the log once: " + notes);
        list.write(odd);
        assertEquals(5, notes.size(), "and not again at the next write");
    }

    @Test
    void entriesWhoseHostPathDoesNotExistAreReportedWhenThePoolIsVisible() throws IOException {
        Path host = Files.createDirectory(dir.resolve("host"));
        Files.createDirectories(host.resolve("mnt/cache/media/movies"));
        Files.writeString(host.resolve("mnt/cache/media/movies/Heat.mkv"), "x");
        FileMoverList list = list(host);
        list.write(paths("movies/Heat.mkv", "movies/Gone.mkv"));
        MoverListInspection inspection = list.inspect();
        assertTrue(inspection.hostPathsChecked());
        assertEquals(1, inspection.missingCount());
        assertEquals(List.of("/mnt/cache/media/movies/Gone.mkv"), inspection.missingHostPaths());

        MoverListInspection unseen = list().inspect(); // a container that does not see the host's /mnt
        assertFalse(unseen.hostPathsChecked());
        assertEquals(0, unseen.missingCount());
    }

    @Test
    void aNewListHasNoLastWriteAndAnEditedListWithoutMarkerIsSaid() throws IOException {
        FileMoverList list = list();
        assertNull(list.inspect().lastWrite());
        list.write(paths("a.mkv"));
        Files.writeString(dir.resolve("skip.txt"), "/mnt/cache/appdata/x\r\n");
        List<String> warnings = list.inspect().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("no marker")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("CR")), warnings.toString());
    }

    @Test
    void settingsTheReaderCannotUseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FileMoverList(dir.resolve("missing/skip.txt"), "/cache",
                HostPathMapping.parse("/cache=/mnt/cache/media"), MARKER, dir, notes::add));
        assertThrows(IllegalArgumentException.class, () -> new FileMoverList(dir.resolve("skip.txt"), "/cache",
                HostPathMapping.parse("/cache=/mnt/cache/media"), "# below: /mnt/cache/media", dir, notes::add));
        assertThrows(IllegalArgumentException.class, () -> new FileMoverList(dir.resolve("skip.txt"), "/cache",
                HostPathMapping.parse("/cache=/mnt/user/media"), MARKER, dir, notes::add));
        assertThrows(IllegalArgumentException.class, () -> new FileMoverList(dir, "/cache",
                HostPathMapping.parse("/cache=/mnt/cache/media"), MARKER, dir, notes::add));
    }

    @Test
    void aPathOutsideTheCacheRootIsNeverWrittenAndIsReported() throws IOException {
        FileMoverList list = list();
        list.write(new TreeSet<>(List.of("/cache/a.mkv", "/cache_x/a.mkv", "/old-cache/b.mkv")));
        assertEquals(MARKER + "\n/mnt/cache/media/a.mkv\n", text());
        MoverListInspection inspection = list.inspect();
        assertEquals(1, inspection.entries());
        assertRisk(inspection, "/cache_x/a.mkv", true, "not under the cache root");
        assertRisk(inspection, "/old-cache/b.mkv", true, "not under the cache root");
    }

    private static void assertRisk(MoverListInspection inspection, String cachedPath, boolean mayBeMoved, String why) {
        Risk risk = inspection.risks().stream().filter(r -> r.cachedPath().equals(cachedPath)).findFirst()
                .orElseThrow(() -> new AssertionError("no risk reported for " + cachedPath + ": " + inspection.risks()));
        assertEquals(mayBeMoved, risk.mayBeMoved(), risk.why());
        assertTrue(risk.why().contains(why), risk.why());
    }

    private static List<String> names(Path dir) throws IOException {
        try (var stream = Files.list(dir)) {
            return stream.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) size += part.length;
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
