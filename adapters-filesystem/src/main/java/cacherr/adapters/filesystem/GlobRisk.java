package cacherr.adapters.filesystem;

import cacherr.application.port.out.MoverListInspection.Risk;

/**
 * What Mover Tuning may get wrong about a line, from how its source reads the list: a line goes into a
 * {@code find -not -path} filter, where {@code *}, {@code ?} and {@code [} are wildcards. Its 2026.09.07 release
 * escapes {@code \} and {@code [} (and the characters its shell would expand) first; older releases escape nothing.
 */
final class GlobRisk {
    private GlobRisk() {
    }

    /** The risk of writing {@code host} for the file at {@code cachedPath}, or null when the reader matches it exactly. */
    static Risk of(String cachedPath, String host) {
        if (host.indexOf('\n') >= 0 || host.indexOf('\r') >= 0) {
            return new Risk(cachedPath, null, true, "its name holds a line break, which cannot be written on a line of"
                    + " the list: it is left off, and the mover may move it");
        }
        if (host.indexOf('[') >= 0 || host.indexOf('\\') >= 0) {
            return new Risk(cachedPath, host, true, "'[' and '\\' are read as a pattern by Mover Tuning releases"
                    + " before 2026.09.07, where the line does not match the file and the mover may move it;"
                    + " later releases match it exactly");
        }
        if (host.indexOf('"') >= 0 || host.indexOf('$') >= 0 || host.indexOf('`') >= 0) {
            return new Risk(cachedPath, host, true, "'\"', '$' and '`' break the command Mover Tuning releases before"
                    + " 2026.09.07 build from the line, and the mover may move the file; later releases escape them");
        }
        if (host.indexOf('*') >= 0 || host.indexOf('?') >= 0) {
            return new Risk(cachedPath, host, false, "'*' and '?' are wildcards to Mover Tuning: the line keeps this"
                    + " file on the cache, and also any other file whose name has the same shape");
        }
        return null;
    }
}
