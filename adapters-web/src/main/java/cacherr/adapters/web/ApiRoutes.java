package cacherr.adapters.web;

import io.javalin.config.RoutesConfig;

/** Every endpoint of the API, in one place; {@code openapi.json} describes exactly these. */
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
        routes.get("/api/cached/files", files::list);
        routes.post("/api/cached/files", files::cache);
        routes.get("/api/cached/files/search", files::search); // before {id}: "search" is not an id
        routes.get("/api/cached/files/{id}", files::get);
        routes.delete("/api/cached/files/{id}", files::remove);
        routes.post("/api/cached/files/{id}/access", files::access);
        routes.put("/api/cached/files/{id}/users/{user_id}", files::attribute);
        routes.delete("/api/cached/files/{id}/users/{user_id}", files::detach);

        routes.get("/api/cached/statistics", insights::statistics);
        routes.get("/api/cached/activity", insights::activity);
        routes.get("/api/cached/users", insights::users);
        routes.get("/api/cached/users/{user_id}/stats", insights::userStats);
        routes.get("/api/cached/operations", insights::operationLog);
        routes.get("/api/results/operations", batches::list);
        routes.post("/api/results/operations", batches::start);
        routes.sse("/api/results/operations/events", batchEvents::connect); // before {id}: "events" is not an id
        routes.get("/api/results/operations/{id}", batches::get);
        routes.post("/api/results/operations/{id}/cancel", batches::cancel);
        routes.get("/api/cached/export", export::export);
        routes.get("/api/cached/mover-list", insights::moverList);

        routes.post("/api/cached/cleanup", maintenance::cleanup);
        routes.post("/api/cached/verify", maintenance::verify);
        routes.post("/api/cached/purge", maintenance::purge);

        routes.get("/health", system::health);
        routes.get("/api/openapi.json", system::openApi);
    }
}
