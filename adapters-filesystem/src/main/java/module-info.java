/** java.nio cache storage: atomic, verified, confined file operations. */
module cacherr.adapters.filesystem {
    requires cacherr.application;
}
