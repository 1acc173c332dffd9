package cacherr.domain.file;


/** Why a file was brought onto the cache. */
public enum OperationType implements Coded {
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

    @Override
    public String code() {
        return code;
    }

    /** True when someone is playing the file right now: it must never be swapped under the player. */
    public boolean isActiveWatching() {
        return this == ACTIVE_WATCHING || this == REAL_TIME_WATCH;
    }

    public static OperationType parse(String text) {
        return Coded.parse(OperationType.class, "triggered_by_operation", text);
    }

    public static String allowed() {
        return Coded.allowed(OperationType.class);
    }
}
