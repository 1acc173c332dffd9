/** Reads the configuration, builds the adapters, hands them to the application and starts the service. */
module cacherr.bootstrap {
    requires cacherr.application;
    requires cacherr.adapters.persistence;
    requires cacherr.adapters.filesystem;
    requires cacherr.adapters.web;
    requires micrometer.core; // hands the web adapter's registry to the persistence adapter's pool
    requires org.slf4j;

    exports cacherr.bootstrap;
}
