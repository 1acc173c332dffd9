/** Javalin HTTP API and the Cached page. */
module cacherr.adapters.web {
    requires cacherr.application;
}
