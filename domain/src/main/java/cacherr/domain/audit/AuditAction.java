package cacherr.domain.audit;

import cacherr.domain.file.Coded;


/** What an audit-log entry records. */
public enum AuditAction implements Coded {
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

    @Override
    public String code() {
        return code;
    }

    public static AuditAction parse(String text) {
        return Coded.parse(AuditAction.class, "operation_type", text);
    }

    public static String allowed() {
        return Coded.allowed(AuditAction.class);
    }
}
