package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.MoverListInspection;
import cacherr.application.port.out.MoverListInspection.Risk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our list against the reader's own selection logic: {@code mover-tuning-reader.sh} (test resources) re-tells how
 * Mover Tuning picks the files of a share to move, and runs over a real directory tree that stands for the host's
 * {@code /mnt}. Exactly our files must stay; where they do not, the inspection must have said so.
 */
class MoverTuningReaderTest {
    /** Cached files of ours: odd names on purpose. */
    private static final List<String> OURS = List.of("movies/Heat (1995)/Heat (1995).mkv",
            "movies/Alien [1979]/Alien.mkv", "movies/a name with spaces.mkv", "movies/what*.mkv", "movies/who?.mkv",
            "movies/it's \"quoted\".mkv", "movies/Amélie.mkv", "movies/日本語.mkv", "shows/S01/E01 [1080p].mkv");
    /** The user's own files in the same share and the folders of ours: the mover must move them. */
    private static final List<String> THEIRS = List.of("movies/Heat (1995)/Heat (1995).en.srt",
            "movies/Alien [1979]/extras.mkv", "movies/Heat (1995).mkv", "movies/Amelie.mkv",
            "shows/S01/E02 [1080p].mkv", "shows/S01/E01 [1080p].mkv.nfo");

    @TempDir
    Path dir;
    private Path root;
    private Path script;
    private FileMoverList list;
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectory(dir.resolve("host"));
        for (String name : OURS) create("mnt/cache/media/" + name);
        for (String name : THEIRS) create("mnt/cache/media/" + name);
        create("mnt/cache/media_downloads/movies/Heat (1995)/Heat (1995).mkv"); // a sibling share, same names
        create("mnt/cache/media_downloads/movies/what*.mkv");
        script = dir.resolve("mover-tuning-reader.sh");
        try (InputStream in = MoverTuningReaderTest.class.getResourceAsStream("mover-tuning-reader.sh")) {
            Files.copy(in, script);
        }
        Files.writeString(dir.resolve("user-lines"), "/mnt/cache/appdata/plex\n");
        Files.copy(dir.resolve("user-lines"), dir.resolve("skip.txt"));
        list = new FileMoverList(dir.resolve("skip.txt"), "/cache", HostPathMapping.parse("/cache=/mnt/cache/media"),
                FileMoverList.DEFAULT_MARKER, root, notes::add);
        SortedSet<String> cached = new TreeSet<>();
        for (String name : OURS) cached.add("/cache/" + name);
        list.write(cached);
    }

    private void create(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
    }

    @Test
    void theReaderKeepsExactlyOurFilesAndMovesEveryOtherOne() throws Exception {
        List<String> moved = read("cache", "media", "escaping");
        assertEquals(hostPaths(THEIRS), moved, "the mover moves every file of the share but ours");
        assertEquals(List.of("/mnt/cache/media_downloads/movies/Heat (1995)/Heat (1995).mkv",
                "/mnt/cache/media_downloads/movies/what*.mkv"), read("cache", "media_downloads", "escaping"),
                "a sibling share whose name starts the same is not touched by our lines");
        MoverListInspection inspection = list.inspect();
        assertTrue(inspection.hostPathsChecked());
        assertEquals(0, inspection.missingCount(), inspection.missingHostPaths().toString());
    }

    @Test
    void aWildcardInOurNameAlsoKeepsTheFilesOfTheSameShapeAndTheInspectionSaysSo() throws Exception {
        create("mnt/cache/media/movies/whatever.mkv");
        create("mnt/cache/media/movies/whoa.mkv");
        List<String> moved = read("cache", "media", "escaping");
        assertEquals(hostPaths(THEIRS), moved, "whatever.mkv and whoa.mkv match what*.mkv and who?.mkv");
        Set<String> broad = list.inspect().risks().stream().filter(risk -> !risk.mayBeMoved()).map(Risk::cachedPath)
                .collect(Collectors.toSet());
        assertEquals(Set.of("/cache/movies/what*.mkv", "/cache/movies/who?.mkv"), broad);
    }

    @Test
    void withAReaderThatDoesNotEscapeBracketsTheFilesItMovesAreThoseReportedAtRisk() throws Exception {
        List<String> moved = read("cache", "media", "plain");
        List<String> oursMoved = new ArrayList<>(moved);
        oursMoved.retainAll(hostPaths(OURS));
        assertEquals(List.of("/mnt/cache/media/movies/Alien [1979]/Alien.mkv",
                "/mnt/cache/media/shows/S01/E01 [1080p].mkv"), oursMoved, "'[' starts a character class there");
        Set<String> atRisk = list.inspect().risks().stream().filter(Risk::mayBeMoved).map(Risk::hostPath)
                .collect(Collectors.toSet());
        assertTrue(atRisk.containsAll(oursMoved), "every file of ours it moves was reported: " + atRisk);
    }

    @Test
    void theMarkerAndTheUsersLinesAreNoEntriesOfOurs() throws Exception {
        String text = Files.readString(dir.resolve("skip.txt"));
        assertTrue(text.startsWith("/mnt/cache/appdata/plex\n" + FileMoverList.DEFAULT_MARKER + "\n"), text);
        assertEquals(hostPaths(THEIRS), read("cache", "media", "escaping"));
    }

    private List<String> read(String pool, String share, String mode) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", script.toString(), root.toString(),
                dir.resolve("skip.txt").toString(), pool, share, mode).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.isEmpty() ? List.of() : List.of(output.split("\n"));
    }

    private static List<String> hostPaths(List<String> names) {
        return names.stream().map(name -> "/mnt/cache/media/" + name).sorted(MoverTuningReaderTest::byBytes).toList();
    }

    /** The order of {@code LC_ALL=C sort}: by UTF-8 bytes. */
    private static int byBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
