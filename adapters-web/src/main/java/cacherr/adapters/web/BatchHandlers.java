package cacherr.adapters.web;

import cacherr.adapters.web.dto.BatchDetailData;
import cacherr.adapters.web.dto.BatchListData;
import cacherr.adapters.web.dto.BatchOperationInfo;
import cacherr.adapters.web.dto.ListFilesParams;
import cacherr.adapters.web.dto.OperationResultInfo;
import cacherr.adapters.web.dto.Pagination;
import cacherr.adapters.web.dto.RecentOperationsParams;
import cacherr.adapters.web.dto.StartBatchRequest;
import cacherr.adapters.web.dto.StartedBatchData;
import cacherr.application.Cacherr;
import cacherr.application.port.in.BatchDetail;
import cacherr.application.port.in.BatchHistoryUseCase;
import cacherr.application.port.in.StartBatchCommand;
import cacherr.domain.batch.BatchAction;
import cacherr.domain.batch.BatchFilter;
import cacherr.domain.batch.BatchOperation;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.FileId;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.Page;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Batch operations: start, list, one with its per-file results, cancel. Live progress is {@link BatchEvents}. */
final class BatchHandlers {
    static final int DEFAULT_RESULTS = 1000;

    private final Cacherr app;
    private final RequestReader reader;

    BatchHandlers(Cacherr app, RequestReader reader) {
        this.app = app;
        this.reader = reader;
    }

    void start(Context ctx) {
        StartBatchRequest body = reader.valid(reader.body(ctx, StartBatchRequest.class));
        BatchOperation batch = app.startBatch().start(command(body));
        Reply.ok(ctx, 202, new StartedBatchData(BatchOperationInfo.from(batch)), (batch.testMode() ? "Dry run" : "Batch")
                + " operation started: " + batch.totalFiles() + " files; follow it at /api/results/operations/"
                + batch.id() + " or /api/results/operations/events");
    }

    private StartBatchCommand command(StartBatchRequest body) {
        if (body.action() == null) throw new BadRequestException("action is required: cache, uncache, attach_user or"
                + " detach_user");
        BatchAction action = BatchAction.parseStartable(body.action());
        List<FileId> ids = body.ids() == null ? null : body.ids().stream().map(id -> {
            if (id == null) throw new BadRequestException("ids: must not contain null");
            return new FileId(id);
        }).toList();
        if (body.paths() != null && body.paths().contains(null)) throw new BadRequestException("paths: must not contain null");
        return new StartBatchCommand(action, body.paths(), ids, criteria(body.filters()), UserId.ofNullable(body.userId()),
                body.reason(), Boolean.TRUE.equals(body.testMode()),
                body.triggeredByOperation() == null ? null : OperationType.parse(body.triggeredByOperation()),
                body.cacheMethod() == null ? null : CacheMethod.parse(body.cacheMethod()));
    }

    /** The list's filters, read and checked as {@code GET /api/cached/files} reads its query. */
    private FileCriteria criteria(StartBatchRequest.Filters f) {
        if (f == null) return null;
        boolean none = f.search() == null && f.userId() == null && f.status() == null
                && f.triggeredByOperation() == null && f.sizeMin() == null && f.sizeMax() == null
                && f.cachedSince() == null && f.cachedUntil() == null;
        if (none && !Boolean.TRUE.equals(f.all())) {
            throw new BadRequestException("filters: give at least one filter, or \"all\": true to select every file");
        }
        ListFilesParams params = reader.valid(new ListFilesParams(f.search(), f.userId(), f.status(),
                f.triggeredByOperation(), f.sizeMin(), f.sizeMax(),
                QueryParams.instant("filters.cached_since", f.cachedSince(), false),
                QueryParams.instant("filters.cached_until", f.cachedUntil(), true), null, null, false, null, null));
        return params.criteria();
    }

    void list(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        RecentOperationsParams params = reader.valid(new RecentOperationsParams(q.integer("limit"),
                q.integer("offset"), q.bool("active_only", false), q.bool("exact_total", false)));
        String type = q.text("operation_type");
        String user = q.text("user_id");
        BatchFilter filter = new BatchFilter(UserId.ofNullable(user), type == null ? null : BatchAction.ofOperationType(type),
                q.instant("start_date"), q.endInstant("end_date"), params.activeOnly(), params.paging());
        Page<BatchOperation> page = app.batchHistory().batches(filter);
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("active_only", params.activeOnly());
        if (user != null) applied.put("user_id", user);
        if (type != null) applied.put("operation_type", type);
        if (filter.since() != null) applied.put("start_date", filter.since());
        if (filter.until() != null) applied.put("end_date", filter.until());
        applied.put("limit", params.paging().limit());
        applied.put("offset", params.paging().offset());
        Reply.ok(ctx, new BatchListData(page.items().stream().map(BatchOperationInfo::from).toList(),
                Pagination.from(page), applied));
    }

    void get(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        Integer limit = q.integer("limit");
        Integer offset = q.integer("offset");
        int l = limit == null ? DEFAULT_RESULTS : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > BatchHistoryUseCase.MAX_RESULTS) {
            throw new BadRequestException("limit: must be between 1 and " + BatchHistoryUseCase.MAX_RESULTS);
        }
        if (o < 0) throw new BadRequestException("offset: must be 0 or more");
        BatchDetail detail = app.batchHistory().batch(ctx.pathParam("id"), o, l);
        Page<?> page = new Page<>(detail.results(), detail.batch().totalFiles(), l, o);
        Reply.ok(ctx, new BatchDetailData(BatchOperationInfo.from(detail.batch()),
                OperationResultInfo.from(detail.results()), Pagination.from(page)));
    }

    void cancel(Context ctx) {
        BatchOperation batch = app.cancelBatch().cancel(ctx.pathParam("id"));
        Reply.ok(ctx, 200, new StartedBatchData(BatchOperationInfo.from(batch)), "Batch operation " + batch.id()
                + (batch.status().active() ? " is being cancelled: the files in progress finish, the rest are skipped"
                : " cancelled: " + batch.filesSuccessful() + " files done stay done, the rest were skipped"));
    }
}
