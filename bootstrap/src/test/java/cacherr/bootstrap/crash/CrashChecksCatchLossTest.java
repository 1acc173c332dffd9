package cacherr.bootstrap.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.MediaLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash harness's file checks are not vacuous: each kind of loss or leftover it promises to catch, it catches. */
class CrashChecksCatchLossTest {
    @TempDir
    Path home;
    MediaLibrary media;
    Path movie;

    @BeforeEach
    void aLibraryOfTwoFiles() throws IOException {
        media = new MediaLibrary(home.resolve("array"), Files.createDirectories(home.resolve("cache")));
        movie = media.create(2, 1000, 2000, 7).get(0);
        assertEquals(List.of(), media.problems(true), "an untouched library passes");
    }

    @Test
    void aDeletedOriginalIsCaught() throws IOException {
        Files.delete(movie);
        assertProblem("media path is missing");
    }

    @Test
    void anOriginalWithOtherContentIsCaught() throws IOException {
        Files.write(movie, new byte[] {1, 2, 3});
        assertProblem("does not read its original content");
    }

    @Test
    void aSymlinkToAHalfWrittenCacheCopyIsCaught() throws IOException {
        Path cached = media.cachedPathOf(movie);
        Files.createDirectories(cached.getParent());
        byte[] whole = Files.readAllBytes(movie);
        Files.createLink(movie.resolveSibling("." + movie.getFileName() + ".cacherr-original"), movie);
        Files.write(cached, java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.delete(movie);
        Files.createSymbolicLink(movie, cached);
        assertProblem("a half-written or wrong file is visible under a media name on the cache");
    }

    @Test
    void aSymlinkWithoutItsBackupIsCaught() throws IOException {
        Path cached = media.cachedPathOf(movie);
        Files.createDirectories(cached.getParent());
        Files.copy(movie, cached);
        Files.delete(movie);
        Files.createSymbolicLink(movie, cached);
        assertProblem("backup");
    }

    @Test
    void aTemporaryFileLeftAfterRecoveryIsCaught() throws IOException {
        Files.writeString(movie.resolveSibling(".cacherr-tmp-copy-" + movie.getFileName()), "half");
        assertEquals(List.of(), media.problems(false), "while running, a temporary file is allowed");
        assertProblem("temporary file left after recovery");
    }

    private void assertProblem(String words) throws IOException {
        List<String> problems = media.problems(true);
        assertTrue(problems.stream().anyMatch(p -> p.contains(words)), "expected '" + words + "' in " + problems);
    }
}
