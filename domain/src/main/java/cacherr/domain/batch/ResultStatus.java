package cacherr.domain.batch;

import cacherr.domain.file.Coded;

/** Where one file of a batch stands. */
public enum ResultStatus implements Coded {
    PENDING("pending"), PROCESSING("processing"), COMPLETED("completed"), FAILED("failed"), SKIPPED("skipped");

    private final String code;

    ResultStatus(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    /** Completed, failed or skipped: this file's part is over. */
    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == SKIPPED;
    }

    public static ResultStatus parse(String text) {
        return Coded.parse(ResultStatus.class, "status", text);
    }
}
