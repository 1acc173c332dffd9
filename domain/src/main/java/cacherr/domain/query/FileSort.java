package cacherr.domain.query;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.domain.file.Coded;
import java.util.Locale;

/** The order of a file listing. Ties are always broken by file id, so pages never overlap or skip. */
public record FileSort(Field field, boolean descending) {
    public static final FileSort NEWEST_FIRST = new FileSort(Field.CACHED_AT, true);

    public FileSort {
        require(field != null, "sort needs a field");
    }

    /** The sortable fields, with their API names. */
    public enum Field implements Coded {
        CACHED_AT("cached_at"),
        FILENAME("filename"),
        FILE_PATH("file_path"),
        SIZE("file_size_bytes"),
        STATUS("status"),
        OPERATION("triggered_by_operation"),
        ACCESS_COUNT("access_count"),
        LAST_ACCESSED("last_accessed");

        private final String code;

        Field(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        public static Field parse(String text) {
            return Coded.parse(Field.class, "sort", text);
        }
    }

    /** Parses {@code field} and {@code order} ({@code asc} or {@code desc}); missing parts take the defaults. */
    public static FileSort parse(String field, String order) {
        Field parsed = field == null || field.isBlank() ? Field.CACHED_AT : Field.parse(field);
        if (order == null || order.isBlank()) return new FileSort(parsed, parsed == Field.CACHED_AT);
        String wanted = order.trim().toLowerCase(Locale.ROOT);
        require(wanted.equals("asc") || wanted.equals("desc"), "order must be asc or desc, not '" + order + "'");
        return new FileSort(parsed, wanted.equals("desc"));
    }
}
