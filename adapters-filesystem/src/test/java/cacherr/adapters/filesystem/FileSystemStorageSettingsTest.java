package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings refuse roots that would make confinement meaningless. */
class FileSystemStorageSettingsTest {
    @TempDir
    Path dir;

    private String refusal(List<Path> arrays, Path cache, long reserve, Long limit) {
        return assertThrows(IllegalArgumentException.class, () -> new FileSystemStorageSettings(arrays, cache, reserve,
                limit, null, null, false, false)).getMessage();
    }

    @Test
    public void validRootsAreAcceptedAndNormalised() throws Exception {
        Path array = Files.createDirectories(dir.resolve("array"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        FileSystemStorageSettings settings = FileSystemStorageSettings.of(List.of(dir.resolve("./array/.")), cache);
        assertEquals(List.of(array), settings.arrayRoots());
    }

    @Test
    public void rootsMustBeAbsoluteExistingDirectories() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        assertTrue(refusal(List.of(Path.of("array")), cache, 0, null).contains("absolute"));
        assertTrue(refusal(List.of(dir.resolve("missing")), cache, 0, null).contains("existing directory"));
        assertTrue(refusal(List.of(), cache, 0, null).contains("at least one"));
    }

    @Test
    public void theCacheRootMustNotBeInsideAnArrayRootNorAroundIt() throws Exception {
        Path array = Files.createDirectories(dir.resolve("array"));
        Path inside = Files.createDirectories(array.resolve("cache"));
        assertTrue(refusal(List.of(array), inside, 0, null).contains("inside one another"));
        assertTrue(refusal(List.of(inside), array, 0, null).contains("inside one another"));
    }

    @Test
    public void aCacheRootReachedThroughASymlinkIntoTheArrayIsRefused() throws Exception {
        Path array = Files.createDirectories(dir.resolve("array"));
        Path link = Files.createSymbolicLink(dir.resolve("cache"), Files.createDirectories(array.resolve("c")));
        assertTrue(refusal(List.of(array), link, 0, null).contains("inside one another"));
    }

    @Test
    public void arrayRootsMustNotNest() throws Exception {
        Path array = Files.createDirectories(dir.resolve("array"));
        Path disk = Files.createDirectories(array.resolve("disk1"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        assertTrue(refusal(List.of(array, disk), cache, 0, null).contains("array roots"));
    }

    @Test
    public void reserveAndLimitMustBeSensible() throws Exception {
        Path array = Files.createDirectories(dir.resolve("array"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        assertTrue(refusal(List.of(array), cache, -1, null).contains("reserve"));
        assertTrue(refusal(List.of(array), cache, 0, 0L).contains("limit"));
    }
}
