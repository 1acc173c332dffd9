package cacherr.adapters.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseHandler;

/**
 * Every endpoint of the API, in one place; {@code openapi.json} describes exactly these. Every GET answers HEAD too,
 * with GET's status and headers and no body (RFC 9110 §9.3.2): left to itself, Javalin answers a HEAD on a GET route
 * 200 with an empty {@code text/plain} body and never runs the route, whatever its GET would have answered.
 */
final class ApiRoutes {
    private final FileHandlers files;
    private final InsightHandlers insights;
    private final MaintenanceHandlers maintenance;
    private final ExportHandler export;
    private final SystemHandlers system;
    private final BatchHandlers batches;
    private final BatchEvents batchEvents;

    ApiRoutes(FileHandlers files, InsightHandlers insights, MaintenanceHandlers maintenance, ExportHandler export,
              SystemHandlers system, BatchHandlers batches, BatchEvents batchEvents) {
        this.batches = batches;
        this.batchEvents = batchEvents;
        this.files = files;
        this.insights = insights;
        this.maintenance = maintenance;
        this.export = export;
        this.system = system;
    }

    void register(RoutesConfig routes) {
        read(routes, "/api/cached/files", files::list);
        routes.post("/api/cached/files", files::cache);
        read(routes, "/api/cached/files/search", files::search); // before {id}: "search" is not an id
        read(routes, "/api/cached/files/{id}", files::get);
        routes.delete("/api/cached/files/{id}", files::remove);
        routes.post("/api/cached/files/{id}/access", files::access);
        routes.put("/api/cached/files/{id}/users/{user_id}", files::attribute);
        routes.delete("/api/cached/files/{id}/users/{user_id}", files::detach);

        read(routes, "/api/cached/statistics", insights::statistics);
        read(routes, "/api/cached/activity", insights::activity);
        read(routes, "/api/cached/users", insights::users);
        read(routes, "/api/cached/users/{user_id}/stats", insights::userStats);
        read(routes, "/api/cached/operations", insights::operationLog);
        read(routes, "/api/results/operations", batches::list);
        routes.post("/api/results/operations", batches::start);
        routes.sse("/api/results/operations/events", batchEvents::connect); // before {id}: "events" is not an id
        // a stream's headers, as GET begins it (Javalin's own), and then its end: nobody is subscribed
        routes.head("/api/results/operations/events", new SseHandler(client -> { }));
        read(routes, "/api/results/operations/{id}", batches::get);
        routes.post("/api/results/operations/{id}/cancel", batches::cancel);
        routes.get("/api/cached/export", export::export);
        routes.head("/api/cached/export", export::head); // the headers an export starts with: no rows are read
        read(routes, "/api/cached/mover-list", insights::moverList);

        routes.post("/api/cached/cleanup", maintenance::cleanup);
        routes.post("/api/cached/verify", maintenance::verify);
        routes.post("/api/cached/purge", maintenance::purge);

        read(routes, "/health", system::health);
        read(routes, "/api/openapi.json", system::openApi);
    }

    /**
     * A read: {@code handler} answers GET and HEAD alike, once per request. Jetty sends a HEAD's status and headers,
     * its Content-Length or chunked framing and its compression as the bytes written make them, and never the bytes.
     */
    static void read(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
