package cacherr.adapters.filesystem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the paths Cacherr sees (in a container: {@code /cache/…}) to the host's paths ({@code /mnt/cache/media/…}), the
 * only ones Unraid's mover and Mover Tuning know. Prefixes match whole path segments only: {@code /mnt/cache} is a
 * prefix of {@code /mnt/cache/movies}, not of {@code /mnt/cache_downloads}. The longest matching prefix wins; a path
 * no prefix matches is its own host path (Cacherr runs on the host).
 */
public final class HostPathMapping {
    /** Top-level directories of {@code /mnt} that are not pools: the reader ignores lines under them. */
    private static final Pattern NOT_A_POOL = Pattern.compile("user0?|disk[0-9]+|disks|remotes|addons|rootshare");
    private static final Pattern POOL_PATH = Pattern.compile("/mnt/([^/]+)(?:/([^/]+))?(/.*)?");

    /** One container prefix and the host prefix it stands for. */
    public record Rule(String containerPrefix, String hostPrefix) {
        public Rule {
            containerPrefix = absolute("container path", containerPrefix);
            hostPrefix = absolute("host path", hostPrefix);
        }
    }

    private final List<Rule> rules;

    public HostPathMapping(List<Rule> rules) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparingInt((Rule rule) -> rule.containerPrefix().length()).reversed());
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                if (sorted.get(i).containerPrefix().equals(sorted.get(j).containerPrefix())) {
                    throw new IllegalArgumentException("the container path " + sorted.get(i).containerPrefix()
                            + " is mapped twice");
                }
            }
        }
        this.rules = List.copyOf(sorted);
    }

    /** No mapping: Cacherr sees the host's own paths. */
    public static HostPathMapping identity() {
        return new HostPathMapping(List.of());
    }

    /**
     * Reads {@code container=host} pairs separated by {@code :} (as the array roots are), e.g.
     * {@code /cache=/mnt/cache/media}; blank means none.
     */
    public static HostPathMapping parse(String text) {
        if (text == null || text.isBlank()) return identity();
        List<Rule> rules = new ArrayList<>();
        for (String pair : text.split(":")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq < 0 || pair.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException("'" + pair.trim() + "' is not container-path=host-path (for example"
                        + " /cache=/mnt/cache/media)");
            }
            rules.add(new Rule(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim()));
        }
        return new HostPathMapping(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The host path of {@code path} (absolute, as Cacherr sees it). */
    public String toHost(String path) {
        return rule(path).map(rule -> rule.hostPrefix() + path.substring(rule.containerPrefix().length()))
                .map(HostPathMapping::tidy).orElse(path);
    }

    private Optional<Rule> rule(String path) {
        return rules.stream().filter(rule -> isUnder(path, rule.containerPrefix())).findFirst();
    }

    /** Whether {@code path} is {@code prefix} or lies below it, comparing whole segments. */
    static boolean isUnder(String path, String prefix) {
        if (prefix.equals("/")) return path.startsWith("/");
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /**
     * Checks that every line written for a file under {@code cacheRoot} is one Mover Tuning reads: a pool path
     * {@code /mnt/<pool>/<share>/…}, not a user-share path, an array disk or a container's own path.
     *
     * @throws IllegalArgumentException saying why not, and what to set instead
     */
    public void requireReadableLinesUnder(String cacheRoot) {
        String host = toHost(cacheRoot);
        String problem = problemWith(host);
        if (problem != null) {
            throw new IllegalArgumentException("the cache root " + cacheRoot + " maps to the host path " + host
                    + ", and " + problem);
        }
        for (Rule rule : rules) {
            if (isUnder(rule.containerPrefix(), cacheRoot) && !rule.containerPrefix().equals(cacheRoot)) {
                String inner = problemWith(rule.hostPrefix());
                if (inner != null) {
                    throw new IllegalArgumentException("files under " + rule.containerPrefix() + " map to "
                            + rule.hostPrefix() + ", and " + inner);
                }
            }
        }
    }

    /** Why Mover Tuning would ignore lines under the host path {@code host}, or null when it reads them. */
    static String problemWith(String host) {
        Matcher m = POOL_PATH.matcher(host);
        String usage = " Mover Tuning only reads lines of the form /mnt/<pool>/<share>/…; map the cache root to its"
                + " path on the pool, e.g. CACHERR_MOVER_HOST_MAP=/cache=/mnt/cache/media";
        if (!m.matches()) {
            return host + " is not a pool path (a container's own path?)." + usage;
        }
        String pool = m.group(1);
        if (pool.equals("user") || pool.equals("user0")) {
            return "/mnt/" + pool + " is the user-share view of the disks and pools, whose lines the reader ignores:"
                    + " give the pool's own path (/mnt/cache/<share>/…)." + usage;
        }
        if (NOT_A_POOL.matcher(pool).matches()) {
            return "/mnt/" + pool + " is not a pool (an array disk or a mount point), whose lines the reader ignores."
                    + usage;
        }
        if (m.group(2) == null) {
            return host + " is the top of the pool " + pool + ", not a share on it: files there are in no share."
                    + usage;
        }
        return null;
    }

    private static String absolute(String what, String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("the " + what + " is empty");
        if (!path.startsWith("/")) throw new IllegalArgumentException("the " + what + " " + path + " is not absolute");
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the " + what + " " + path + " holds . or ..");
            }
        }
        return tidy(path);
    }

    private static String tidy(String path) {
        String tidy = path.replaceAll("/{2,}", "/");
        return tidy.length() > 1 && tidy.endsWith("/") ? tidy.substring(0, tidy.length() - 1) : tidy;
    }

    @Override
    public String toString() {
        return rules.isEmpty() ? "none" : String.join(":", rules.stream()
                .map(rule -> rule.containerPrefix() + "=" + rule.hostPrefix()).toList());
    }
}
