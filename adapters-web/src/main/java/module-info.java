/** Javalin HTTP API of the cached-files service, and the hook for the Cached page. */
module cacherr.adapters.web {
    requires cacherr.application;
    requires io.javalin;
    requires com.fasterxml.jackson.databind; // io.javalin only `requires static` it: without this, no JSON mapper
    requires com.fasterxml.jackson.datatype.jsr310; // Instant as ISO-8601 text
    requires jakarta.validation;
    requires org.hibernate.validator; // the provider, its @Range and its EL-free message interpolator
    requires org.slf4j;
    requires org.eclipse.jetty.server; // GracefulHandler; io.javalin requires it transitively, named for clarity
    requires transitive micrometer.core; // meters for GET /metrics; WebMetrics.registry() hands one out
    requires micrometer.registry.prometheus; // their Prometheus text exposition (an automatic module)
    requires io.prometheus.metrics.model; // PrometheusRegistry, to build the registry with a given clock
    requires jdk.httpserver; // UpgradeServer: answers within milliseconds while the database is upgraded
    requires jdk.management; // Micrometer's JVM and process binders read com.sun.management; resolve it

    exports cacherr.adapters.web;

    // Records read (and built) reflectively by Jackson, and their constraints read by Hibernate Validator.
    opens cacherr.adapters.web.dto to com.fasterxml.jackson.databind, org.hibernate.validator;
}
