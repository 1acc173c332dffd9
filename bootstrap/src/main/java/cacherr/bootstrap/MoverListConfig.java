package cacherr.bootstrap;

import cacherr.adapters.filesystem.FileMoverList;
import cacherr.adapters.filesystem.HostPathMapping;
import java.nio.file.Path;
import java.util.Map;

/**
 * The settings of the Unraid mover's exclusion list.
 *
 * @param list    {@code CACHERR_MOVER_LIST}: the file Mover Tuning reads; null (unset) keeps no list
 * @param mapping {@code CACHERR_MOVER_HOST_MAP}: container path prefixes to the host's pool paths, none by default
 * @param marker  {@code CACHERR_MOVER_MARKER}: the line above which the user's own lines are kept
 */
public record MoverListConfig(Path list, HostPathMapping mapping, String marker) {
    public static final MoverListConfig OFF = new MoverListConfig(null, HostPathMapping.identity(),
            FileMoverList.DEFAULT_MARKER);

    public boolean enabled() {
        return list != null;
    }

    /** Reads the three variables; checks the mapping against {@code cacheRoot}, the root every entry lies under. */
    static MoverListConfig parse(Map<String, String> v, Path cacheRoot) {
        String file = v.get("CACHERR_MOVER_LIST");
        String map = v.get("CACHERR_MOVER_HOST_MAP");
        String marker = v.getOrDefault("CACHERR_MOVER_MARKER", FileMoverList.DEFAULT_MARKER);
        if (file == null) {
            if (map != null) {
                throw new ConfigurationException("CACHERR_MOVER_HOST_MAP is set but CACHERR_MOVER_LIST is not: set the"
                        + " path of the list Mover Tuning reads, or remove the mapping");
            }
            return OFF;
        }
        Path list;
        try {
            list = Path.of(file);
        } catch (RuntimeException e) {
            throw new ConfigurationException("CACHERR_MOVER_LIST is not a valid path: '" + file + "'");
        }
        if (!list.isAbsolute()) {
            throw new ConfigurationException("CACHERR_MOVER_LIST must be an absolute path, not '" + file + "'");
        }
        HostPathMapping mapping;
        try {
            mapping = HostPathMapping.parse(map);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("CACHERR_MOVER_HOST_MAP: " + e.getMessage());
        }
        try {
            mapping.requireReadableLinesUnder(cacheRoot.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException((map == null ? "CACHERR_MOVER_HOST_MAP is unset: " : "CACHERR_MOVER_HOST_MAP: ")
                    + e.getMessage());
        }
        if (marker.isBlank() || marker.contains("/mnt/")) {
            throw new ConfigurationException("CACHERR_MOVER_MARKER must be a line that holds no pool path (no /mnt/):"
                    + " the reader has no comments, and would take such a line for an entry");
        }
        return new MoverListConfig(list.normalize(), mapping, marker);
    }

    @Override
    public String toString() {
        return enabled() ? list + " (host paths: " + mapping + ")" : "off";
    }
}
