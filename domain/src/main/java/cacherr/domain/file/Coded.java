package cacherr.domain.file;

import cacherr.domain.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum value with the name the API and the database use for it. */
public interface Coded {
    String code();

    /**
     * The constant of {@code type} whose code is {@code text} (trimmed, any case); otherwise a refusal that names
     * {@code field} and the allowed values.
     */
    static <E extends Enum<E> & Coded> E parse(Class<E> type, String field, String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.code().equals(wanted)) return constant;
            }
        }
        throw new InvalidInputException(field + " must be one of " + allowed(type) + ", not '" + text + "'");
    }

    /** The codes of {@code type}, comma-separated, in declaration order. */
    static <E extends Enum<E> & Coded> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Coded::code).collect(Collectors.joining(", "));
    }
}
