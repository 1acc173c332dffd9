/** Reads the configuration, builds the adapters, hands them to the application and starts the service. */
module cacherr.bootstrap {
    requires cacherr.application;
    requires cacherr.adapters.persistence;
    requires cacherr.adapters.filesystem;
    requires cacherr.adapters.web;
    exports cacherr.bootstrap;
}
