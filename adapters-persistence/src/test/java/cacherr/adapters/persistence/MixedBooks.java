package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.Page;
import cacherr.domain.query.SearchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The few hundred files the list's query tests share ({@link BroadQueriesTest}, {@link RememberedTotalsTest}): every
 * status, operations at random, movies and shows, cache times and sizes that tie (ties broken by id), users of many
 * files and one of few.
 */
final class MixedBooks {
    static final List<UserId> USERS = List.of(new UserId("ann"), new UserId("ben"), new UserId("cid"));
    /** A user of few files (one in 23): a search narrowed to it is driven by its attributions. */
    static final UserId FEW = new UserId("dee");
    static final int FILES = 400;

    private MixedBooks() {
    }

    /** Saves the same files into each of {@code stores}. */
    static void fill(CachedFiles... stores) {
        Random random = new Random(11);
        for (int i = 0; i < FILES; i++) {
            FileStatus status = random.nextInt(5) == 0 ? FileStatus.REMOVED
                    : random.nextInt(5) == 0 ? FileStatus.ORPHANED : FileStatus.ACTIVE;
            var builder = CachedFileFixtures.aFile(String.format("f%03d", i))
                    .path((i % 7 == 0 ? "tv/Show " : "movies/Movie ") + i + (i % 3 == 0 ? ".mkv" : ".MP4"))
                    .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(1000))) // ties broken by id
                    .size(50 + (i * 37) % 500) // sizes tie too
                    .operation(OperationType.values()[random.nextInt(OperationType.values().length)])
                    .status(status);
            if (random.nextInt(4) > 0) builder.user(USERS.get(i % 3), "r", CachedFileFixtures.T0);
            if (random.nextInt(3) == 0) builder.user(USERS.get((i + 1) % 3), "r", CachedFileFixtures.T0);
            if (i % 23 == 0) builder.user(FEW, "r", CachedFileFixtures.T0.plusSeconds(i));
            CachedFile file = builder.build();
            for (CachedFiles store : stores) store.save(file);
        }
    }

    /** A database at {@code file} holding the mixed books, saved into {@code reference} too. */
    static SqlitePersistence openFilled(Path file, CachedFiles reference) {
        SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file));
        fill(db.bookkeeping().files(), reference);
        return db;
    }

    /**
     * The page of {@code filter} read with each of {@code ways} off (each a switch of the adapter's: false, the former
     * way), all of them on again after.
     */
    @SafeVarargs
    static Page<CachedFile> readWithout(CachedFiles sqlite, FileFilter filter, Consumer<Boolean>... ways) {
        for (Consumer<Boolean> way : ways) way.accept(false);
        try {
            return sqlite.list(filter);
        } finally {
            for (Consumer<Boolean> way : ways) way.accept(true);
        }
    }

    /** One combination of the list's six filters, bit by bit: search, user, status, operation, size, cache time. */
    static FileCriteria combination(int mask, String search, UserId user) {
        return new FileCriteria((mask & 1) != 0 ? search : null, (mask & 2) != 0 ? user : null,
                (mask & 4) != 0 ? FileStatus.ACTIVE : null, (mask & 8) != 0 ? OperationType.values()[1] : null,
                (mask & 16) != 0 ? 100L : null, null, (mask & 32) != 0 ? CachedFileFixtures.T0.plusSeconds(200) : null,
                (mask & 32) != 0 ? CachedFileFixtures.T0.plusSeconds(900) : null);
    }

    static List<String> ids(List<CachedFile> files) {
        return files.stream().map(f -> f.id().value()).toList();
    }

    /** The same files in the same order, and the same total, exact or not. */
    static void assertSamePage(Page<CachedFile> expected, Page<CachedFile> actual, String what) {
        assertEquals(ids(expected.items()), ids(actual.items()), what);
        assertEquals(expected.total(), actual.total(), what);
        assertEquals(expected.totalExact(), actual.totalExact(), what);
    }

    /** The same files in the same order, and the same total, exact or not. */
    static void assertSameResult(SearchResult expected, SearchResult actual, String what) {
        assertEquals(ids(expected.files()), ids(actual.files()), what);
        assertEquals(expected.totalFound(), actual.totalFound(), what);
        assertEquals(expected.totalExact(), actual.totalExact(), what);
    }
}
