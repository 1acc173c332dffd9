package cacherr.adapters.persistence;

import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cacherr.application.port.out.Bookkeeping;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.SearchType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily housekeeping merges the full-text indexes and changes no answer. */
class OptimizeTest {
    @TempDir
    Path dir;

    @Test
    void optimizingAfterChurnKeepsEveryIndexSoundAndEverySearchAnswerTheSame() throws Exception {
        Path file = dir.resolve("books.db");
        try (SqlitePersistence db = SqlitePersistence.open(PersistenceSettings.of(file))) {
            Bookkeeping books = db.bookkeeping();
            for (int i = 0; i < 200; i++) {
                CachedFile saved = aFile(String.format("f%03d", i)).path("tv/Show " + (i % 7) + "/E" + i + ".mkv")
                        .cachedAt(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i))
                        .user(new UserId("user" + (i % 5))).build();
                books.files().save(saved);
                books.files().save(saved.attribute(new UserId("guest" + (i % 3)), "shared", saved.cachedAt())
                        .recordAccess(saved.cachedAt())); // every document written twice: segments pile up
            }
            SearchResult before = books.files().search(new SearchQuery("user1", SearchType.ALL, 500, false));
            SearchResult showBefore = books.files().search(new SearchQuery("show 3", SearchType.PATH, 500, true));

            db.optimize();

            assertEquals(before, books.files().search(new SearchQuery("user1", SearchType.ALL, 500, false)));
            assertEquals(showBefore, books.files().search(new SearchQuery("show 3", SearchType.PATH, 500, true)));
            assertEquals(40, before.totalFound());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String index : new String[] {"files_fts", "files_fts_live", "files_search"}) {
                s.execute("INSERT INTO " + index + "(" + index + ", rank) VALUES ('integrity-check', 1)");
            }
            try (ResultSet rows = s.executeQuery("PRAGMA integrity_check")) {
                rows.next();
                assertEquals("ok", rows.getString(1));
            }
        }
    }
}
