package cacherr.domain.query;

import cacherr.domain.file.Coded;

/** Where a search looks. */
public enum SearchType implements Coded {
    ALL("all"),
    FILENAME("filename"),
    PATH("path"),
    USER("user"),
    OPERATION("operation");

    private final String code;

    SearchType(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** Parses a search type; a missing one means {@link #ALL}. */
    public static SearchType parse(String text) {
        if (text == null || text.isBlank()) return ALL;
        return Coded.parse(SearchType.class, "type", text);
    }
}
