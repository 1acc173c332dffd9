package cacherr.adapters.web.dto;

import cacherr.domain.batch.OperationResult;
import java.time.Instant;
import java.util.List;

/**
 * One file's part of a batch as the original client reads it ({@code OperationResult} of REFERENCE-API.md);
 * {@code position} and {@code file_id} are ours.
 */
public record OperationResultInfo(String id, String operationId, String filePath, String filename, String sourcePath,
                                  String destinationPath, String operationType, String status, String reason,
                                  String triggeredByUser, long fileSizeBytes, Instant startedAt, Instant completedAt,
                                  String errorMessage, String parentOperationId, int position, String fileId) {
    /** Results shown lately, by identity (see {@link #from(List)}): two pages of the API's default 1,000. */
    static final int REMEMBERED = 2_000;
    /**
     * The largest page shown through {@link #SHOWN}: its last lists are held whole with their results, and a page may
     * hold 10,000; a larger one is made anew each time, as before.
     */
    public static final int SHOWN_UP_TO = 1_000;
    private static final IdentityLru<OperationResult, OperationResultInfo> SHOWN = new IdentityLru<>(REMEMBERED);
    /** False only in tests, to make every page's results anew (the former way). */
    public static volatile boolean remember = true;

    /**
     * The results of a page of a batch (up to {@value #SHOWN_UP_TO} of them). A result shown lately — the same object, as the books give for a page read
     * again unchanged — gets the very same object as then, and the same results in the same order the very same list,
     * whose JSON the API's mapper copies whole instead of writing each result's fields again (as
     * {@link OperationInfo#from(List)}).
     */
    public static List<OperationResultInfo> from(List<OperationResult> results) {
        return remember && results.size() <= SHOWN_UP_TO ? SHOWN.map(results, OperationResultInfo::from)
                : results.stream().map(OperationResultInfo::from).toList();
    }

    public static OperationResultInfo from(OperationResult r) {
        return new OperationResultInfo(r.id(), r.operationId(), r.filePath(), r.filename(), r.sourcePath(),
                r.destinationPath(), r.action().fileOperationType(), r.status().code(), r.reason(),
                r.triggeredByUser() == null ? null : r.triggeredByUser().value(), r.fileSizeBytes(), r.startedAt(),
                r.completedAt(), r.errorMessage(), r.parentOperationId(), r.position(),
                r.fileId() == null ? null : r.fileId().value());
    }
}
