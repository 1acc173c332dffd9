package cacherr.domain.batch;

import cacherr.domain.file.Coded;

/**
 * What a batch operation does to each of its files. {@link #operationType()} is the batch's {@code operation_type}
 * and {@link #fileOperationType()} each file result's, as the original client reads them ({@code cache_batch},
 * {@code array_batch}, {@code cleanup_batch}; {@code cache}, {@code array}, {@code delete}); the others are ours.
 */
public enum BatchAction implements Coded {
    CACHE("cache", "cache_batch", "cache", true),
    UNCACHE("uncache", "array_batch", "array", true),
    ATTACH_USER("attach_user", "attach_batch", "attach", true),
    DETACH_USER("detach_user", "detach_batch", "detach", true),
    CLEANUP("cleanup", "cleanup_batch", "cleanup", false),
    VERIFY("verify", "verify_batch", "verify", false),
    PURGE("purge", "purge_batch", "delete", false);

    private final String code;
    private final String operationType;
    private final String fileOperationType;
    private final boolean startable;

    BatchAction(String code, String operationType, String fileOperationType, boolean startable) {
        this.code = code;
        this.operationType = operationType;
        this.fileOperationType = fileOperationType;
        this.startable = startable;
    }

    @Override
    public String code() {
        return code;
    }

    public String operationType() {
        return operationType;
    }

    public String fileOperationType() {
        return fileOperationType;
    }

    /** Whether a client may start a batch of this action (cleanup, verify and purge are recorded as batches). */
    public boolean startable() {
        return startable;
    }

    /** An action a client may start, by its code: {@code cache}, {@code uncache}, {@code attach_user}, {@code detach_user}. */
    public static BatchAction parseStartable(String text) {
        BatchAction action = null;
        try {
            action = Coded.parse(BatchAction.class, "action", text);
        } catch (RuntimeException unknown) {
            // refused below with the startable actions only
        }
        if (action == null || !action.startable) {
            throw new cacherr.domain.error.InvalidInputException("action must be one of cache, uncache, attach_user,"
                    + " detach_user, not '" + text + "'");
        }
        return action;
    }

    /** The action whose batch {@code operation_type} is {@code text}. */
    public static BatchAction ofOperationType(String text) {
        for (BatchAction action : values()) {
            if (action.operationType.equalsIgnoreCase(text == null ? "" : text.trim())) return action;
        }
        StringBuilder allowed = new StringBuilder();
        for (BatchAction action : values()) allowed.append(allowed.length() == 0 ? "" : ", ").append(action.operationType);
        throw new cacherr.domain.error.InvalidInputException("operation_type must be one of " + allowed + ", not '"
                + text + "'");
    }
}
