package cacherr.adapters.persistence;

import cacherr.adapters.persistence.RememberedRows.Row;
import cacherr.adapters.persistence.entity.CachedFileEntity;
import cacherr.adapters.persistence.entity.FileUserEntity;
import cacherr.adapters.persistence.entity.FileUserKey;
import cacherr.adapters.persistence.schema.Timestamps;
import cacherr.domain.file.Attribution;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.UserId;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.StatelessSession;

/**
 * Turns rows of {@code cached_files} into files, with the users of all of them read in one query. Reads through
 * {@link Jdbc}: the rows go straight into {@link Stored}, without Hibernate's result-set mapping.
 *
 * <p>A file is rebuilt from the columns it holds only ({@link #COLUMNS}): the stored file name, readable size and
 * creation time are no part of a {@link CachedFile} and are not read. Texts are read as their UTF-8 bytes and decoded
 * here — the same decoding as the driver's {@code getString}, which wraps every value in a direct buffer through JNI
 * first (a 50-row page read 850 values: a third of its reading time went there).
 *
 * <p>A query first reads only its rows' {@code (seq, row_stamp)} (schema v21), in its order, and takes the file
 * rebuilt lately at that stamp from {@link RememberedRows#files}; only the rows it misses are read in full, with their
 * users, in the same read transaction. A repeated page of unchanged files reads two values a row and no users.
 */
final class FileRows {
    /** The columns of {@link #stored}, in its order. */
    static final String COLUMNS = "f.id, f.file_path, f.original_path, f.cached_path, f.cache_method, "
            + "f.file_size_bytes, f.cached_at, f.last_accessed, f.access_count, f.triggered_by_user, "
            + "f.triggered_by_operation, f.status, f.status_changed_at, f.metadata";
    static final int ID = 0, FILE_PATH = 1, ORIGINAL_PATH = 2, CACHED_PATH = 3, CACHE_METHOD = 4, CACHED_AT = 6,
            LAST_ACCESSED = 7, TRIGGERED_BY_USER = 9, TRIGGERED_BY_OPERATION = 10, STATUS = 11,
            STATUS_CHANGED_AT = 12, METADATA = 13;
    private static final int SIZE = 5, ACCESS_COUNT = 8, WIDTH = 14;
    private static final String USERS_OF = "SELECT u.cached_file_id, u.user_id, u.attribution_reason, u.added_at "
            + "FROM cached_file_users u WHERE u.cached_file_id IN (:ids)";

    /** The table a query of {@link #query} reads files from, named {@code f}. */
    static final String FROM = " FROM cached_files f";
    /** What a query of {@link #query} reads first: the row and its stamp. */
    static final String STAMPS = "SELECT f.seq, f.row_stamp";
    private static final String MISSED = "SELECT " + COLUMNS + ", f.seq" + FROM
            + " WHERE f.seq IN (:seqs)";

    /**
     * False only in tests, to read files the former way — every column of {@link CachedFileEntity#COLUMNS} by
     * {@code getString}, every file rebuilt — and compare the answers.
     */
    static volatile boolean lean = true;

    /**
     * A row of {@link #COLUMNS} as stored: the bytes of its texts (null for NULL; the numbers' places unused) and its
     * two numbers.
     */
    record Stored(String id, byte[][] texts, long sizeBytes, long accessCount) {
        String text(int column) {
            return decode(texts[column]);
        }

        /** Its times: cached, last accessed, status changed. */
        Instant[] times() {
            return new Instant[] {instant(CACHED_AT), instant(LAST_ACCESSED), instant(STATUS_CHANGED_AT)};
        }

        private Instant instant(int column) {
            return Timestamps.parse(text(column));
        }
    }

    /** A row of {@link #USERS_OF} as stored: the bytes of the user, the reason and the time. */
    record UserRow(byte[] user, byte[] reason, byte[] addedAt) {
        Attribution attribution() {
            return new Attribution(new UserId(decode(user)), decode(reason), Timestamps.parse(decode(addedAt)));
        }
    }

    private FileRows() {
    }

    /** The columns a query for {@link #stored} selects: {@link #COLUMNS} (the former ones, only in tests). */
    static String columns() {
        return lean ? COLUMNS : CachedFileEntity.COLUMNS;
    }

    /** {@code SELECT} {@link #columns()} {@code FROM cached_files f}. */
    static String select() {
        return "SELECT " + columns() + FROM;
    }

    /**
     * The files of {@code from} (a query from its {@code FROM} clause on, naming the files' table {@code f}, e.g.
     * {@link #FROM} {@code + " WHERE …"}), in its order, with users: the rows' stamps first, then the rows and users of
     * the files not remembered at those stamps (every row and user the former way, {@link #lean} off).
     */
    static List<CachedFile> query(StatelessSession session, String from, Map<String, ?> params) {
        if (!lean) return toDomain(session, Jdbc.list(session, "SELECT " + columns() + from, params, FileRows::stored));
        List<Row<Long>> rows = Jdbc.list(session, STAMPS + from, params,
                row -> new Row<>(row.getLong(1), row.getLong(2)));
        if (rows.isEmpty()) return List.of();
        return RememberedRows.files(session.getFactory()).values(rows, missed -> rebuild(session, missed));
    }

    /** The files of the rows {@code missed} (in the query's order), read in full with their users and rebuilt. */
    private static List<CachedFile> rebuild(StatelessSession session, List<Row<Long>> missed) {
        Map<Long, Stored> bySeq = new HashMap<>();
        Jdbc.each(session, MISSED, Map.of("seqs", missed.stream().map(Row::rowid).toList()),
                row -> bySeq.put(row.getLong(WIDTH + 1), stored(row)));
        List<Stored> rows = new ArrayList<>(missed.size());
        for (Row<Long> marked : missed) {
            Stored row = bySeq.get(marked.rowid());
            // the same read transaction read its stamp a moment ago
            if (row == null) {
                throw new IllegalStateException("the row of seq " + marked.rowid() + " vanished within a read");
            }
            rows.add(row);
        }
        return toDomain(session, rows);
    }

    /** The files of {@code rows}, with their users, each rebuilt; nothing kept (an export's rows would push pages out). */
    static List<CachedFile> toDomain(StatelessSession session, List<Stored> rows) {
        if (rows.isEmpty()) return List.of();
        Map<String, List<UserRow>> users = usersRows(session, rows.stream().map(Stored::id).toList());
        // In the order of the former reading, so a page with a broken row fails as before: the rows' times were parsed
        // as the rows were read, then the users' times, then each file was checked by the domain.
        Instant[][] times = new Instant[rows.size()][];
        for (int i = 0; i < times.length; i++) times[i] = rows.get(i).times();
        List<List<Attribution>> attributions = new ArrayList<>(rows.size());
        for (Stored row : rows) {
            attributions.add(users.getOrDefault(row.id(), List.of()).stream().map(UserRow::attribution).toList());
        }
        List<CachedFile> files = new ArrayList<>(rows.size());
        for (int i = 0; i < times.length; i++) files.add(Mapper.toDomain(rows.get(i), times[i], attributions.get(i)));
        return files;
    }

    /** The rows of the users of each of {@code fileIds}, in the order of {@link #USERS_OF}. */
    private static Map<String, List<UserRow>> usersRows(StatelessSession session, List<String> fileIds) {
        Map<String, List<UserRow>> byFile = new HashMap<>();
        boolean former = !lean;
        Jdbc.each(session, USERS_OF, Map.of("ids", fileIds), row -> byFile.computeIfAbsent(
                former ? row.getString(1) : decode(row.getBytes(1)), k -> new ArrayList<>(2)).add(former
                ? new UserRow(encode(row.getString(2)), encode(row.getString(3)), encode(row.getString(4)))
                : new UserRow(row.getBytes(2), row.getBytes(3), row.getBytes(4))));
        return byFile;
    }

    /** The users of {@code fileIds} as entities (for writing them back). */
    static Map<String, List<FileUserEntity>> usersOf(StatelessSession session, List<String> fileIds) {
        Map<String, List<FileUserEntity>> byFile = new HashMap<>();
        if (fileIds.isEmpty()) return byFile;
        Jdbc.each(session, USERS_OF, Map.of("ids", fileIds), row -> {
            FileUserEntity user = new FileUserEntity(new FileUserKey(row.getString(1), row.getString(2)),
                    row.getString(3), Timestamps.parse(row.getString(4)));
            byFile.computeIfAbsent(user.key().fileId(), k -> new ArrayList<>()).add(user);
        });
        return byFile;
    }

    /**
     * The current row, selected as {@link #columns()}. Texts as their bytes, as {@code getString} decodes them:
     * SQLite hands out a value's text form as the same bytes for both (a number converted to its text, a blob as it
     * is), and the driver decodes them as UTF-8 — so does {@link Stored#text}.
     */
    static Stored stored(ResultSet row) throws SQLException {
        byte[][] texts = new byte[WIDTH][];
        if (!lean) {
            CachedFileEntity e = entity(row); // every column, as before (a time that does not parse fails here)
            String[] values = {e.id(), e.filePath(), e.originalPath(), e.cachedPath(), e.cacheMethod(), null,
                row.getString(9), row.getString(10), null, e.triggeredByUser(), e.triggeredByOperation(), e.status(),
                row.getString(15), e.metadata()};
            for (int i = 0; i < WIDTH; i++) texts[i] = encode(values[i]);
            return new Stored(e.id(), texts, e.fileSizeBytes(), e.accessCount());
        }
        for (int i = 0; i < WIDTH; i++) {
            if (i != SIZE && i != ACCESS_COUNT) texts[i] = row.getBytes(i + 1);
        }
        return new Stored(decode(texts[ID]), texts, row.getLong(SIZE + 1), row.getLong(ACCESS_COUNT + 1));
    }

    /** The current row, selected as {@link CachedFileEntity#COLUMNS}. */
    static CachedFileEntity entity(ResultSet row) throws SQLException {
        return new CachedFileEntity(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getLong(7), row.getString(8), Timestamps.parse(row.getString(9)),
                Timestamps.parse(row.getString(10)), row.getLong(11), row.getString(12), row.getString(13),
                row.getString(14), Timestamps.parse(row.getString(15)), row.getString(16),
                Timestamps.parse(row.getString(17)));
    }

    private static String decode(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] encode(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
