package cacherr.application.service;

import static cacherr.domain.error.InvalidInputException.require;

import cacherr.application.port.in.CacheActivityUseCase;
import cacherr.application.port.in.CacheStatisticsUseCase;
import cacherr.application.port.in.ExportCachedFilesUseCase;
import cacherr.application.port.in.FilesByUserUseCase;
import cacherr.application.port.in.GetCachedFileUseCase;
import cacherr.application.port.in.InFlightOperationsUseCase;
import cacherr.application.port.in.ListCachedFilesUseCase;
import cacherr.application.port.in.ListUsersUseCase;
import cacherr.application.port.in.OperationLogUseCase;
import cacherr.application.port.in.SearchCachedFilesUseCase;
import cacherr.application.port.in.UserStatisticsQuery;
import cacherr.application.port.in.UserStatisticsUseCase;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.DailyActivity;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileFilter;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import cacherr.domain.query.SearchQuery;
import cacherr.domain.query.SearchResult;
import cacherr.domain.query.UserStatistics;
import cacherr.domain.query.UserSummary;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The read side: listings, search, statistics, the audit log and export, each in one consistent read. */
public final class QueryService implements ListCachedFilesUseCase, GetCachedFileUseCase, SearchCachedFilesUseCase,
        FilesByUserUseCase, UserStatisticsUseCase, CacheStatisticsUseCase, OperationLogUseCase,
        ExportCachedFilesUseCase, ListUsersUseCase, InFlightOperationsUseCase, CacheActivityUseCase {
    private final Context ctx;

    public QueryService(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Page<CachedFile> list(FileFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return ctx.transactions.readOnly(() -> ctx.files.list(filter));
    }

    @Override
    public CachedFile get(FileId id) {
        return ctx.existing(id);
    }

    @Override
    public SearchResult search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        return ctx.transactions.readOnly(() -> ctx.files.search(query));
    }

    @Override
    public Page<CachedFile> filesOf(UserId user, FileFilter filter) {
        Objects.requireNonNull(user, "user");
        return list(new FileFilter(filter.criteria().withUser(user), filter.sort(), filter.paging()));
    }

    @Override
    public UserStatistics statistics(UserStatisticsQuery query) {
        return ctx.transactions.readOnly(() -> ctx.files.userStatistics(query.user(),
                ctx.clock.now().minus(Duration.ofDays(query.days())), query.days()));
    }

    @Override
    public CacheStatistics statistics() {
        return ctx.transactions.readOnly(ctx.files::statistics);
    }

    @Override
    public Page<AuditEntry> operations(LogFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return ctx.transactions.readOnly(() -> ctx.journal.list(filter));
    }

    @Override
    public long export(FileCriteria criteria, FileSort sort, Consumer<CachedFile> sink) {
        return ctx.transactions.readOnly(() -> ctx.files.forEach(criteria, sort, sink));
    }

    @Override
    public List<UserSummary> users() {
        return ctx.transactions.readOnly(ctx.files::users);
    }

    @Override
    public List<FileOperationIntent> inFlight() {
        return ctx.transactions.readOnly(ctx.journal::unfinished);
    }

    @Override
    public List<DailyActivity> cachedPerDay(int days) {
        require(days >= 1 && days <= 366, "days must be between 1 and 366, not " + days);
        LocalDate today = LocalDate.ofInstant(ctx.clock.now(), ZoneOffset.UTC);
        LocalDate first = today.minusDays(days - 1L);
        Map<LocalDate, DailyActivity> found = ctx.transactions.readOnly(() ->
                ctx.files.cachedPerDay(first.atStartOfDay(ZoneOffset.UTC).toInstant())).stream()
                .collect(Collectors.toMap(DailyActivity::day, Function.identity()));
        List<DailyActivity> everyDay = new ArrayList<>();
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            everyDay.add(found.getOrDefault(day, new DailyActivity(day, 0, 0)));
        }
        return everyDay;
    }
}
