package cacherr.adapters.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the index of short searches ({@code files_short}, contentless) holds, token by token: the triggers keep it
 * by deleting a document with the text it was indexed with, and a wrong text would leave stale rows behind that no
 * search result shows (every candidate is checked again on its row). Compared with the index made anew from the
 * data of a copy of the file.
 */
final class ShortIndex {
    private ShortIndex() {
    }

    /** Every token of the index with the rowids of the documents holding it, in order. */
    static Map<String, List<Long>> postings(Path file) throws Exception {
        Map<String, List<Long>> postings = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE VIRTUAL TABLE temp.short_vocab USING fts5vocab(main, 'files_short', 'row')");
            List<String> terms = new ArrayList<>();
            try (ResultSet rows = s.executeQuery("SELECT term FROM temp.short_vocab")) {
                while (rows.next()) terms.add(rows.getString(1));
            }
            for (String term : terms) {
                List<Long> rowids = new ArrayList<>();
                try (var query = c.prepareStatement(
                        "SELECT rowid FROM files_short WHERE files_short MATCH ? ORDER BY rowid")) {
                    query.setString(1, '"' + term.replace("\"", "\"\"") + '"');
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) rowids.add(rows.getLong(1));
                    }
                }
                postings.put(term, rowids);
            }
        }
        return postings;
    }

    /** The postings of the index made anew (schema steps 7 on) in a copy of the closed database {@code file}. */
    static Map<String, List<Long>> rebuilt(Path file, Path dir) throws Exception {
        Path copy = dir.resolve("rebuilt-" + System.nanoTime() + ".db");
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 6");
        }
        SqlitePersistence.open(PersistenceSettings.of(copy)).close();
        return postings(copy);
    }
}
