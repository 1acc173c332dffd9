/** Cacherr's use cases, the ports they are driven through and drive, and in-memory adapters of every driven port. */
module cacherr.application {
    requires transitive cacherr.domain;

    exports cacherr.application;
    exports cacherr.application.port.in;
    exports cacherr.application.port.out;
    exports cacherr.application.inmemory;
}
