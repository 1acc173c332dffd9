package cacherr.adapters.persistence;

import static cacherr.adapters.persistence.Twins.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.fixtures.CachedFileFixtures;
import cacherr.application.port.out.CachedFiles;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches through the per-file search documents (schema v6: path, users, operation in one trigram index, kept by
 * triggers) give what the in-memory reference gives, pages and totals, while files are saved, given users after they
 * were cached, have users detached, change their triggering user, operation and status, are removed and deleted.
 */
class SearchDocumentsTest {
    /** Overlapping ids (a text matches several), case, literal % and _, and a non-ASCII letter. */
    private static final List<UserId> USERS = List.of(new UserId("ann"), new UserId("Anna"), new UserId("joANNe"),
            new UserId("ben"), new UserId("BEN_2"), new UserId("be%n"), new UserId("Émile"), new UserId("cid"));
    private static final List<String> WORDS = List.of("Movie", "movies", "Show", "annual", "Benny", "100%", "x_y",
            "émile", "deck", "watch", "kid",
            "\u212Aelvin"); // a Kelvin sign: Java and the index fold it to k, LIKE does not
    /** Texts that a document would match only across a field boundary: path|users, user|user, users|triggering user. */
    private static final List<String> ACROSS_FIELDS = List.of("mkvann", "mkv ann", "annben", "ann ben", "annanna",
            "benann", "kvann", "nbe", "ciddeck", "watchlistann", "nnaann");
    private static final List<String> TEXTS = List.of("ann", "ANN", "anna", "joanne", "ben", "BEN", "en_", "n_2",
            "e%n", "%n", "_", "%", "émile", "ÉMILE", "mile", "mkv", "movie", "show 1", "100%", "x_y", "xxy", "watch",
            "deck", "ondeck", "continue", "real_time", "ual", "an", "e", "1", "zzz", "nn", "É", "é", "ém", "x_",
            "Mo", "0%", "kelvin", "KEL", "q");

    @TempDir
    Path dir;

    @Test
    void searchesFollowTheReferenceThroughEveryKindOfChange() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Twins twins = new Twins(db.bookkeeping().files());
            CachedFiles sqlite = twins.sqlite, reference = twins.reference;
            Random random = new Random(5);
            List<CachedFile> files = twins.files;
            int broad = 0;
            for (int step = 0; step < 600; step++) {
                Instant now = CachedFileFixtures.T0.plusSeconds(step);
                int action = files.size() < 20 || random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(8);
                CachedFile changed = null;
                if (action == 0) {
                    changed = aFile(random, "f" + step, now);
                } else {
                    int index = random.nextInt(files.size());
                    CachedFile f = files.get(index);
                    UserId user = USERS.get(random.nextInt(USERS.size()));
                    switch (action) {
                        case 1, 2 -> changed = f.status() == FileStatus.REMOVED ? null
                                : f.isAttributedTo(user) ? f.detach(user) : f.attribute(user, "later", now);
                        case 3 -> changed = with(f, f.triggeredByUser() == null || random.nextBoolean() ? user : null,
                                f.triggeredByOperation(), f.status(), f.attributions());
                        case 4 -> changed = with(f, f.triggeredByUser(),
                                OperationType.values()[random.nextInt(OperationType.values().length)], f.status(),
                                f.attributions());
                        case 5, 6 -> changed = with(f, f.triggeredByUser(), f.triggeredByOperation(),
                                FileStatus.values()[random.nextInt(FileStatus.values().length)], f.attributions());
                        case 7 -> changed = with(f, f.triggeredByUser(), f.triggeredByOperation(), f.status(),
                                List.of()); // every user detached at once
                        case 8 -> twins.delete(index);
                        default -> throw new IllegalStateException();
                    }
                }
                if (changed != null) twins.save(changed);
                if (step % 100 == 99) broad += compare(sqlite, reference, "after step " + step);
            }
            assertTrue(broad > 20, "broad searches (walked) were among them: " + broad);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO files_search (files_search, rank) VALUES ('integrity-check', 1)"); // throws if not
            assertEquals(count(s, "SELECT count(*) FROM cached_files"), count(s, "SELECT count(*) FROM files_search"),
                    "one document per file, none left behind by deletes");
            assertEquals(count(s, "SELECT count(*) FROM cached_files WHERE status = 'removed'"),
                    count(s, "SELECT count(*) FROM files_search WHERE rowid < 0"), "removed files have rowid -seq");
        }
        assertEquals(ShortIndex.rebuilt(file, dir), ShortIndex.postings(file),
                "the short index holds what it would hold made anew: no document left behind by a delete");
    }

    /** Every text × type × removed × limit, with the texts across field boundaries matching nothing. */
    private static int compare(CachedFiles sqlite, CachedFiles reference, String when) {
        int broad = 0;
        List<String> texts = new ArrayList<>(TEXTS);
        texts.addAll(ACROSS_FIELDS);
        for (String text : texts) {
            for (SearchType type : SearchType.values()) {
                for (boolean removed : List.of(false, true)) {
                    for (int limit : List.of(1, 7, 500)) {
                        SearchQuery query = new SearchQuery(text, type, limit, removed);
                        SearchResult expected = reference.search(query);
                        SearchResult actual = sqlite.search(query);
                        assertEquals(expected.totalFound(), actual.totalFound(), when + ": " + query);
                        assertEquals(ids(expected.files()), ids(actual.files()), when + ": " + query);
                        if (ACROSS_FIELDS.contains(text)) {
                            assertEquals(0, actual.totalFound(), "no match across fields: " + query);
                        }
                        if (expected.totalFound() >= 100 && limit == 1) broad++; // walked
                    }
                }
            }
        }
        return broad;
    }

    private static CachedFile aFile(Random random, String id, Instant now) {
        String path = (random.nextBoolean() ? "movies/" : "tv/") + WORDS.get(random.nextInt(WORDS.size())) + " "
                + random.nextInt(30) + "/" + WORDS.get(random.nextInt(WORDS.size())) + "-" + id
                + (random.nextBoolean() ? ".mkv" : ".MP4"); // the id keeps paths unique
        var builder = CachedFileFixtures.aFile(id).path(path)
                .cachedAt(CachedFileFixtures.T0.plusSeconds(random.nextInt(500))) // ties: broken by id
                .operation(OperationType.values()[random.nextInt(OperationType.values().length)])
                .status(random.nextInt(6) == 0 ? FileStatus.REMOVED : FileStatus.ACTIVE, now);
        for (UserId user : USERS) if (random.nextInt(5) == 0) builder.user(user, "r", now);
        CachedFile built = builder.build();
        // sometimes triggered by a user who is not attributed, or by nobody
        int who = random.nextInt(4);
        return who == 0 ? with(built, null, built.triggeredByOperation(), built.status(), built.attributions())
                : who == 1 ? with(built, USERS.get(random.nextInt(USERS.size())), built.triggeredByOperation(),
                        built.status(), built.attributions())
                : built;
    }

    private static CachedFile with(CachedFile f, UserId triggeredBy, OperationType operation, FileStatus status,
                                   List<Attribution> attributions) {
        return CachedFile.restore(new FileId(f.id().value()), f.placement(), f.cachedAt(), f.lastAccessed(),
                f.accessCount(), triggeredBy, operation, status, f.statusChangedAt(), attributions, f.metadata());
    }


    private static List<String> ids(List<CachedFile> files) {
        return files.stream().map(f -> f.id().value()).toList();
    }
}
