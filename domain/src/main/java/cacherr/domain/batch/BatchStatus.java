package cacherr.domain.batch;

import cacherr.domain.file.Coded;

/** Where a batch operation stands. */
public enum BatchStatus implements Coded {
    PENDING("pending"), RUNNING("running"), COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled");

    private final String code;

    BatchStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** Pending or running: files may still change. */
    public boolean active() {
        return this == PENDING || this == RUNNING;
    }

    public static BatchStatus parse(String text) {
        return Coded.parse(BatchStatus.class, "status", text);
    }
}
