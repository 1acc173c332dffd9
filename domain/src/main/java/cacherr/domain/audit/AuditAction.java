package cacherr.domain.audit;

import cacherr.domain.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an audit-log entry records. */
public enum AuditAction {
    CACHE_ADD("cache_add"),
    CACHE_ADOPT("cache_adopt"),
    CACHE_REMOVE("cache_remove"),
    CACHE_CLEANUP("cache_cleanup"),
    CACHE_ACCESS("cache_access"),
    CACHE_VERIFY("cache_verify"),
    CACHE_PURGE("cache_purge"),
    CACHE_RECOVER("cache_recover"),
    USER_ATTACH("user_attach"),
    USER_DETACH("user_detach"),
    LOG_PRUNE("log_prune");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AuditAction parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT);
            for (AuditAction action : values()) {
                if (action.code.equals(wanted)) return action;
            }
        }
        throw new InvalidInputException("operation_type must be one of " + allowed() + ", not '" + text + "'");
    }

    public static String allowed() {
        return Arrays.stream(values()).map(AuditAction::code).collect(Collectors.joining(", "));
    }
}
