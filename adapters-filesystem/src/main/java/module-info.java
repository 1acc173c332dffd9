/** java.nio cache storage: atomic, verified, confined file operations. */
module cacherr.adapters.filesystem {
    requires transitive cacherr.application; // NioCacheStorage's API is the port's types (CacheStorage, Placement)

    exports cacherr.adapters.filesystem;
}
