package cacherr.adapters.web;

import cacherr.adapters.web.dto.AccessRequest;
import cacherr.adapters.web.dto.AttributeUserRequest;
import cacherr.adapters.web.dto.CacheFileRequest;
import cacherr.adapters.web.dto.CachedFileInfo;
import cacherr.adapters.web.dto.FileListData;
import cacherr.adapters.web.dto.ListFilesParams;
import cacherr.domain.query.FileFilter;
import cacherr.adapters.web.dto.RemovalData;
import cacherr.adapters.web.dto.RemoveFileRequest;
import cacherr.adapters.web.dto.SearchData;
import cacherr.adapters.web.dto.SearchParams;
import cacherr.application.Cacherr;
import cacherr.application.port.in.CacheResult;
import cacherr.application.port.in.DetachUserCommand;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.UncacheResult;
import cacherr.domain.query.SearchQuery;
import io.javalin.http.Context;

/** The cached files: list, search, one file, cache, remove, accesses and users. */
final class FileHandlers {
    private final Cacherr app;
    private final RequestReader reader;

    FileHandlers(Cacherr app, RequestReader reader) {
        this.app = app;
        this.reader = reader;
    }

    void list(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        ListFilesParams params = reader.valid(listParams(q, true));
        FileFilter filter = params.toFilter();
        Reply.ok(ctx, FileListData.from(app.listFiles().list(filter), params.filterApplied(filter.paging())));
    }

    /** The list's filters and order from the query string; with {@code paged}, its limit, offset and exact total. */
    static ListFilesParams listParams(QueryParams q, boolean paged) {
        return new ListFilesParams(q.text("search"), q.text("user_id"), q.text("status"),
                q.text("triggered_by_operation"), q.whole("size_min"), q.whole("size_max"), q.instant("cached_since"),
                q.endInstant("cached_until"), paged ? q.integer("limit") : null, paged ? q.integer("offset") : null,
                paged && q.bool("exact_total", false), q.text("sort"), q.text("order"));
    }

    void search(Context ctx) {
        QueryParams q = new QueryParams(ctx);
        Integer limit = q.integer("limit");
        SearchParams params = reader.valid(new SearchParams(q.text("q"), q.text("type"),
                limit == null ? SearchParams.DEFAULT_LIMIT : limit, q.bool("include_removed", false),
                q.bool("exact_total", false)));
        SearchQuery query = params.toQuery();
        Reply.ok(ctx, SearchData.from(query, app.searchFiles().search(query)));
    }

    void get(Context ctx) {
        Reply.ok(ctx, CachedFileInfo.from(app.getFile().get(PathParams.fileId(ctx))));
    }

    void cache(Context ctx) {
        CacheResult result = app.cacheFile().cache(reader.body(ctx, CacheFileRequest.class).toCommand());
        String message = (result.created() ? "File cached: " : messageFor(result.outcome()))
                + result.file().filename() + (result.note() == null ? "" : " (" + result.note() + ")");
        Reply.ok(ctx, result.created() ? 201 : 200, CachedFileInfo.from(result.file()), message);
    }

    private static String messageFor(CacheResult.Outcome outcome) {
        switch (outcome) {
            case PLACED_AGAIN:
                return "File cached again: ";
            case USER_ADDED:
                return "Already cached; user added: ";
            default:
                return "Already cached: ";
        }
    }

    void remove(Context ctx) {
        RemoveFileRequest body = reader.optionalBody(ctx, RemoveFileRequest.class, () -> RemoveFileRequest.DEFAULTS);
        UncacheCommand command = body.toCommand(PathParams.fileId(ctx));
        UncacheResult result = app.uncacheFile().uncache(command);
        String name = result.file().filename();
        if (result.postponed()) {
            Reply.ok(ctx, 202, RemovalData.from(command, result), "File is in use; removal of " + name
                    + " is pending and runs at the next cleanup once the file is free");
        } else {
            Reply.ok(ctx, 200, RemovalData.from(command, result), "Cached file removed successfully: " + name);
        }
    }

    void access(Context ctx) {
        AccessRequest body = reader.optionalBody(ctx, AccessRequest.class, () -> AccessRequest.DEFAULTS);
        Reply.ok(ctx, CachedFileInfo.from(app.recordAccess().recordAccess(body.toCommand(PathParams.fileId(ctx)))));
    }

    void attribute(Context ctx) {
        AttributeUserRequest body = reader.optionalBody(ctx, AttributeUserRequest.class,
                () -> AttributeUserRequest.DEFAULTS);
        Reply.ok(ctx, CachedFileInfo.from(app.attributeUser().attribute(
                body.toCommand(PathParams.fileId(ctx), PathParams.userId(ctx)))));
    }

    void detach(Context ctx) {
        Reply.ok(ctx, CachedFileInfo.from(app.detachUser().detach(
                new DetachUserCommand(PathParams.fileId(ctx), PathParams.userId(ctx)))));
    }
}
