package cacherr.adapters.persistence;

import cacherr.domain.file.CachedFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files rebuilt lately, each with the stored bytes it was rebuilt from (its row and its users' rows): a row read again
 * with the very same bytes gives the very same file (the rebuilding depends on nothing else, and a file is immutable),
 * so it is not decoded, parsed and checked again. Every read still reads its rows; nothing here answers without them,
 * so nothing needs invalidating: a changed row differs in its bytes and is rebuilt. Rebuilding was about a third of the
 * CPU of a 50-row list page (docs/PERFORMANCE.md, "Fifth round: a page's CPU"). The least recently used go first.
 */
final class RememberedFiles {
    /** How many files are kept: 40 pages of 50; a file with its bytes holds about 2 KB. */
    static final int FILES = 2_000;

    private record Entry(FileRows.Stored row, List<FileRows.UserRow> users, CachedFile file) {
        boolean same(FileRows.Stored other, List<FileRows.UserRow> otherUsers) {
            if (!row.same(other) || users.size() != otherUsers.size()) return false;
            for (int i = 0; i < users.size(); i++) {
                if (!users.get(i).same(otherUsers.get(i))) return false;
            }
            return true;
        }
    }

    private final Map<String, Entry> byId;

    RememberedFiles(int files) {
        this.byId = new LinkedHashMap<>(files * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > files;
            }
        };
    }

    /** For each of {@code rows}, the file rebuilt from the same bytes, or null. */
    CachedFile[] get(List<FileRows.Stored> rows, Map<String, List<FileRows.UserRow>> users) {
        CachedFile[] files = new CachedFile[rows.size()];
        synchronized (byId) {
            for (int i = 0; i < files.length; i++) {
                FileRows.Stored row = rows.get(i);
                Entry entry = byId.get(row.id());
                if (entry != null && entry.same(row, users.getOrDefault(row.id(), List.of()))) files[i] = entry.file();
            }
        }
        return files;
    }

    /** Keeps {@code files}, rebuilt from {@code rows} and {@code users}. */
    void put(List<FileRows.Stored> rows, Map<String, List<FileRows.UserRow>> users, CachedFile[] files) {
        synchronized (byId) {
            for (int i = 0; i < files.length; i++) {
                FileRows.Stored row = rows.get(i);
                byId.put(row.id(), new Entry(row, users.getOrDefault(row.id(), List.of()), files[i]));
            }
        }
    }
}
