package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.inmemory.InMemoryCachedFiles;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broad and narrow queries over a few hundred files give what the in-memory reference gives — pages and totals —
 * whichever way the adapter takes: walking the sort index with per-row checks (many matches, small pages) or
 * collecting the matches (few), and totals from counters and indexes or from a count.
 */
class BroadQueriesTest {
    private static final List<UserId> USERS = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"));
    private static final int FILES = 400;

    @TempDir
    Path dir;
    private SqlitePersistence db;
    private CachedFiles sqlite;
    private final CachedFiles reference = new InMemoryCachedFiles();

    @BeforeEach
    void load() {
        db = SqlitePersistence.open(PersistenceSettings.of(dir.resolve("books.db")));
        sqlite = db.bookkeeping().files();
        Random random = new Random(11);
        for (int i = 0; i < FILES; i++) {
            FileStatus status = random.nextInt(5) == 0 ? FileStatus.REMOVED
                    : random.nextInt(5) == 0 ? FileStatus.ORPHANED : FileStatus.ACTIVE;
            var builder = CachedFileFixtures.aFile(String.format("f%03d", i))
                    .path((i % 7 == 0 ? "tv/Show " : "movies/Movie ") + i + (i % 3 == 0 ? ".mkv" : ".MP4"))
                    .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1000))) // ties broken by id
                    .operation(OperationType.values()[random.nextInt(OperationType.values().length)])
                    .status(status);
            if (random.nextInt(4) > 0) builder.user(USERS.get(i % 3), "r", CachedFileFixtures.T0);
            if (random.nextInt(3) == 0) builder.user(USERS.get((i + 1) % 3), "r", CachedFileFixtures.T0);
            CachedFile file = builder.build();
            sqlite.save(file);
            reference.save(file);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void searchesGiveTheReferencePagesAndTotals() {
        int checked = 0;
        for (String text : List.of("mkv", "MP4", "movie", "show 7", "ann", "an", "e", "watch", "deck", "zzz", "1")) {
            for (SearchType type : SearchType.values()) {
                for (boolean removed : List.of(false, true)) {
                    for (int limit : List.of(1, 7, 500)) {
                        SearchQuery query = new SearchQuery(text, type, limit, removed);
                        SearchResult expected = reference.search(query);
                        SearchResult actual = sqlite.search(query);
                        assertEquals(expected.totalFound(), actual.totalFound(), query.toString());
                        assertEquals(ids(expected.files()), ids(actual.files()), query.toString());
                        if (expected.totalFound() > 100) checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20, "broad searches, where the index walk is taken, were among them");
    }

    @Test
    void listsGiveTheReferencePagesAndTotals() {
        for (String search : new String[] {null, "mkv", "movie 1", "mp"}) {
            for (UserId user : new UserId[] {null, USERS.get(0)}) {
                for (FileStatus status : new FileStatus[] {null, FileStatus.ACTIVE}) {
                    for (FileSort sort : List.of(FileSort.NEWEST_FIRST, new FileSort(FileSort.Field.SIZE, false))) {
                        for (Paging paging : List.of(new Paging(1, 0), new Paging(5, 3), new Paging(50, 100))) {
                            FileFilter filter = new FileFilter(new FileCriteria(search, user, status, null, null, null,
                                    null), sort, paging);
                            Page<CachedFile> expected = reference.list(filter);
                            Page<CachedFile> actual = sqlite.list(filter);
                            assertEquals(expected.total(), actual.total(), filter.toString());
                            assertEquals(ids(expected.items()), ids(actual.items()), filter.toString());
                        }
                    }
                }
            }
        }
    }

    private static List<String> ids(List<CachedFile> files) {
        return files.stream().map(f -> f.id().value()).toList();
    }
}
