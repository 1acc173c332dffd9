package cacherr.application;

import java.util.Objects;

import cacherr.domain.file.CacheMethod;

/**
 * Settings of the use cases.
 *
 * @param defaultMethod how a file is placed when the caller does not say
 */
public record CacheSettings(CacheMethod defaultMethod) {
    public static final CacheSettings DEFAULTS = new CacheSettings(CacheMethod.ATOMIC_SYMLINK);

    public CacheSettings {
        Objects.requireNonNull(defaultMethod, "defaultMethod");
    }
}
