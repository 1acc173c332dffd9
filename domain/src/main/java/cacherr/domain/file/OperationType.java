package cacherr.domain.file;

import cacherr.domain.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Why a file was brought onto the cache. */
public enum OperationType {
    WATCHLIST("watchlist"),
    ONDECK("ondeck"),
    TRAKT("trakt"),
    MANUAL("manual"),
    CONTINUE_WATCHING("continue_watching"),
    REAL_TIME_WATCH("real_time_watch"),
    ACTIVE_WATCHING("active_watching");

    private final String code;

    OperationType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** True when someone is playing the file right now: it must never be swapped under the player. */
    public boolean isActiveWatching() {
        return this == ACTIVE_WATCHING || this == REAL_TIME_WATCH;
    }

    public static OperationType parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            for (OperationType type : values()) {
                if (type.code.equals(wanted)) return type;
            }
        }
        throw new InvalidInputException("triggered_by_operation must be one of " + allowed() + ", not '" + text + "'");
    }

    public static String allowed() {
        return Arrays.stream(values()).map(OperationType::code).collect(Collectors.joining(", "));
    }
}
