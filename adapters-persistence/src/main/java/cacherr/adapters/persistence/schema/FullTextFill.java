package cacherr.adapters.persistence.schema;

/**
 * A migration's fill of a whole FTS5 index, with FTS5's buffer of pending terms large enough to hold it: the terms
 * are written out once, as one segment, where the default buffer (1 MB) wrote a segment per megabyte and merged them
 * again and again (automerge) or at the {@code 'optimize'}. 100,000 files, CPU of the four fills with their merges:
 * 2.7 against 1.6 s (steps 5 to 7: 2.8 against 1.8 s; {@code files_search} 0.9 + 0.24 against 0.5 + 0.07 s for the
 * fill and its {@code 'optimize'}; PERFORMANCE.md). The same documents and terms, the file 0.2 MB smaller; the
 * segments lie differently.
 *
 * <p>The buffer's size is a setting FTS5 keeps in the table's {@code _config} rows; the row is deleted again after
 * the fill, so the table's settings are what they were (the default) for every later connection. This connection keeps
 * the larger buffer in memory until it closes, which only changes when it writes. A fill larger than the buffer
 * (400,000 files) writes a segment each time it is full and merges as before.
 */
final class FullTextFill {
    /** The pending-terms buffer during a fill, in bytes (the migration's page cache is as large). */
    static final long BUFFER_BYTES = 64L << 20;

    private FullTextFill() {
    }

    /** {@code fill} (statements of {@link Sql#script}) into the FTS5 table {@code table} with the larger buffer. */
    static String withOneBuffer(String table, String fill) {
        return "INSERT INTO " + table + " (" + table + ", rank) VALUES ('hashsize', " + BUFFER_BYTES + ")\n;;\n"
                + fill.strip() + "\n;;\n"
                + "DELETE FROM " + table + "_config WHERE k = 'hashsize'\n";
    }
}
