package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.AdoptFileCommand;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CacheResult;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every spelling of a path is one file; and an undo never removes a placement its own operation did not make. */
class PathSpellingTest {
    static final String HEAT = "/array/movies/Heat (1995)/Heat.mkv";
    static final String HEAT_CACHED = "/cache/movies/Heat (1995)/Heat.mkv";
    static final byte[] CONTENT = "the whole movie".getBytes(StandardCharsets.UTF_8);
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");

    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final Cacherr app = memory.app();

    PathSpellingTest() {
        memory.storage().write(HEAT, CONTENT);
    }

    private static CacheFileCommand cache(String path, UserId user, CacheMethod method) {
        return new CacheFileCommand(path, OperationType.WATCHLIST, user, null, method, null);
    }

    @Test
    void aCommandKeepsThePathInItsOneSpelling() {
        assertEquals(HEAT, cache("/array//movies///Heat (1995)/Heat.mkv", ALICE, null).filePath());
        assertEquals(HEAT, cache(HEAT + "/", ALICE, null).filePath());
        assertEquals(HEAT, new AdoptFileCommand("//array/movies/Heat (1995)//Heat.mkv//", CacheMethod.ATOMIC_COPY,
                OperationType.MANUAL, null, null, null).filePath());
    }

    @Test
    void aNameLongerThanAFileSystemAllowsIsRefusedInWords() {
        String name = "x".repeat(252) + ".mkv";
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> cache("/array/movies/" + name, ALICE, null));
        assertTrue(e.getMessage().contains("256 bytes") && e.getMessage().contains("at most 255"), e.getMessage());
        assertEquals("/array/movies/" + "é".repeat(125) + ".mkv",
                cache("/array/movies/" + "é".repeat(125) + ".mkv", ALICE, null).filePath(), "254 bytes fit");
    }

    @Test
    void aCachedFileAskedForUnderAnotherSpellingGainsTheUserAndKeepsItsCopy() {
        CachedFile first = app.cacheFile().cache(cache(HEAT, ALICE, CacheMethod.ATOMIC_COPY)).file();

        for (String alias : List.of("/array//movies/Heat (1995)/Heat.mkv", HEAT + "/",
                "/array/movies//Heat (1995)//Heat.mkv/")) {
            CacheResult again = app.cacheFile().cache(cache(alias, BOB, CacheMethod.ATOMIC_COPY));
            assertEquals(first.id(), again.file().id(), alias);
            assertEquals(HEAT, again.file().filePath(), alias);
        }
        assertEquals(List.of(ALICE, BOB), app.getFile().get(first.id()).users());
        assertEquals(1, memory.files().list(FileFilter.FIRST_PAGE).items().size(), "one record");
        assertArrayEquals(CONTENT, memory.storage().read(HEAT_CACHED), "the live copy is still there");
        assertEquals(FileStatus.ACTIVE, app.getFile().get(first.id()).status());
    }

    @Test
    void aFailedRecordNeverUndoesAPlacementThisOperationFoundInPlace() {
        // A complete copy is on the cache already, made before this request (by hand, or an earlier version).
        memory.storage().write(HEAT_CACHED, CONTENT);
        FailingStore store = new FailingStore(memory);
        Cacherr failing = store.app();
        store.failNextSave();

        assertThrows(IllegalStateException.class,
                () -> failing.cacheFile().cache(cache(HEAT, ALICE, CacheMethod.ATOMIC_COPY)));

        assertArrayEquals(CONTENT, memory.storage().read(HEAT_CACHED), "a copy this request did not make stays");
        assertArrayEquals(CONTENT, memory.storage().read(HEAT));
        assertEquals(List.of(), memory.journal().unfinished(), "nothing for recovery to undo either");
    }
}
