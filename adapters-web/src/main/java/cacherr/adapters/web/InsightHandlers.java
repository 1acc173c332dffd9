package cacherr.adapters.web;

import cacherr.adapters.web.dto.ActivityData;
import cacherr.adapters.web.dto.ActivityParams;
import cacherr.adapters.web.dto.OperationInfo;
import cacherr.adapters.web.dto.OperationListData;
import cacherr.adapters.web.dto.OperationLogParams;
import cacherr.adapters.web.dto.Pagination;
import cacherr.adapters.web.dto.StatisticsData;
import cacherr.adapters.web.dto.UserInfo;
import cacherr.adapters.web.dto.UserStatsData;
import cacherr.adapters.web.dto.UserStatsParams;
import cacherr.application.Cacherr;
import cacherr.application.port.out.CacheSpace;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.query.Page;
import io.javalin.http.Context;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Read-only views: statistics, activity, users, the audit log and the operations in flight. */
final class InsightHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(InsightHandlers.class);
    private final Cacherr app;
    private final RequestReader reader;
    private final Supplier<CacheSpace> cacheSpace;

    InsightHandlers(Cacherr app, RequestReader reader, Supplier<CacheSpace> cacheSpace) {
        this.app = app;
        this.reader = reader;
        this.cacheSpace = cacheSpace;
    }

    void statistics(Context ctx) {
        Reply.ok(ctx, StatisticsData.from(app.cacheStatistics().statistics(), space()));
    }

    /** The drive's space is a bonus: when it cannot be read, the statistics still answer, without it. */
    private CacheSpace space() {
        if (cacheSpace == null) return null;
        try {
            return cacheSpace.get();
        } catch (RuntimeException failure) {
            LOG.warn("cache space unavailable for the statistics: {}", failure.toString());
            return null;
        }
    }

    void activity(Context ctx) {
        Integer days = new QueryParams(ctx).integer("days");
        ActivityParams params = reader.valid(new ActivityParams(days == null ? ActivityParams.DEFAULT_DAYS : days));
        Reply.ok(ctx, ActivityData.from(params.days(), app.cacheActivity().cachedPerDay(params.days())));
    }

    void users(Context ctx) {
        Reply.ok(ctx, UserInfo.UsersData.from(app.listUsers().users()));
    }

    /** The Unraid mover's exclusion list: entries, last write, what may go wrong. */
    void moverList(Context ctx) {
        Reply.ok(ctx, cacherr.adapters.web.dto.MoverListData.from(app.moverList().status()));
    }

    void userStats(Context ctx) {
        Integer days = new QueryParams(ctx).integer("days");
        UserStatsParams params = reader.valid(new UserStatsParams(ctx.pathParam("user_id"),
                days == null ? UserStatsParams.DEFAULT_DAYS : days));
        Reply.ok(ctx, UserStatsData.from(app.userStatistics().statistics(params.toQuery())));
    }

    void operationLog(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        OperationLogParams params = reader.valid(new OperationLogParams(q.text("operation_type"), q.text("user_id"),
                q.text("file_path"), q.optionalBool("success"), q.instant("since"), q.instant("until"),
                q.integer("limit"), q.integer("offset"), q.bool("exact_total", false)));
        Page<AuditEntry> page = app.operationLog().operations(params.toFilter());
        Reply.ok(ctx, new OperationListData(OperationInfo.from(page.items()), Pagination.from(page),
                params.filtersApplied()));
    }
}
