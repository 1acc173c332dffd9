package cacherr.application.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import cacherr.application.port.out.MoverExclusions;
import cacherr.application.port.out.MoverListInspection;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter of {@link MoverExclusions} must do. Paths are given under the cache root {@link #cacheRoot()} as
 * the adapter sees it; {@link #entriesAsWritten()} reads back what a reader of the list would find, translated back to
 * those paths.
 */
public abstract class MoverExclusionsContract {
    static {
        // Opens this package to JUnit under JPMS, as CacheStorageContract explains.
        MoverExclusionsContract.class.getModule().addOpens(MoverExclusionsContract.class.getPackageName(),
                Test.class.getModule());
    }

    protected MoverExclusions list;

    /** A fresh list that was never written. */
    protected abstract MoverExclusions emptyList();

    /** The cache root the paths given to the list lie under. */
    protected abstract String cacheRoot();

    /** The entries a reader would find now, as cached paths. */
    protected abstract SortedSet<String> entriesAsWritten();

    @BeforeEach
    void open() {
        list = emptyList();
    }

    private SortedSet<String> paths(String... names) {
        SortedSet<String> paths = new TreeSet<>();
        for (String name : names) paths.add(cacheRoot() + "/" + name);
        return paths;
    }

    @Test
    void aListNeverWrittenHasNoEntriesAndNoLastWrite() {
        MoverListInspection inspection = list.inspect();
        assertEquals(0, inspection.entries());
        assertNull(inspection.lastWrite());
    }

    @Test
    void aWriteReplacesTheEntriesWithExactlyThoseGiven() {
        list.write(paths("movies/Heat.mkv", "movies/Alien.mkv"));
        list.write(paths("movies/Alien.mkv", "shows/E01.mkv"));
        assertEquals(paths("movies/Alien.mkv", "shows/E01.mkv"), entriesAsWritten());
        MoverListInspection inspection = list.inspect();
        assertEquals(2, inspection.entries());
        assertNotNull(inspection.lastWrite());
    }

    @Test
    void anEmptyWriteLeavesNoEntries() {
        list.write(paths("movies/Heat.mkv"));
        list.write(new TreeSet<>());
        assertEquals(new TreeSet<>(), entriesAsWritten());
        assertEquals(0, list.inspect().entries());
    }

    @Test
    void namesWithSpacesQuotesAndOtherLettersAreKeptAsThemselves() {
        SortedSet<String> odd = paths("movies/a name with spaces.mkv", "movies/it's \"quoted\".mkv",
                "movies/Amélie.mkv", "movies/日本語.mkv");
        list.write(odd);
        assertEquals(odd, entriesAsWritten());
    }
}
