package cacherr.domain.query;

import cacherr.domain.error.InvalidInputException;
import java.util.Locale;

/** Where a search looks. */
public enum SearchType {
    ALL("all"),
    FILENAME("filename"),
    PATH("path"),
    USER("user"),
    OPERATION("operation");

    private final String code;

    SearchType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static SearchType parse(String text) {
        if (text == null || text.isBlank()) return ALL;
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (SearchType type : values()) {
            if (type.code.equals(wanted)) return type;
        }
        throw new InvalidInputException("type must be one of all, filename, path, user, operation, not '" + text + "'");
    }
}
