package cacherr.bootstrap;

import cacherr.adapters.web.WebSettings;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.file.CacheMethod;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The service's settings, read from environment variables (as container users expect) over an optional properties
 * file ({@code CACHERR_CONFIG_FILE}, same keys), over documented defaults. A wrong value stops start-up with a
 * message naming the variable.
 *
 * @param port              {@code CACHERR_PORT}, 5445
 * @param bind              {@code CACHERR_BIND}, 127.0.0.1 (loopback)
 * @param dbPath            {@code CACHERR_DB_PATH}, ./data/cached_files.db
 * @param arrayRoots        {@code CACHERR_ARRAY_ROOTS}, one or more directories separated by {@code :}
 * @param cacheRoot         {@code CACHERR_CACHE_ROOT}
 * @param exampleRoots      true when neither root was configured and the example roots under ./data/example are used
 * @param apiToken          {@code CACHERR_API_TOKEN}, none: when set, every change needs it
 * @param corsOrigins       {@code CACHERR_CORS_ORIGINS}, comma-separated; none means CORS is closed
 * @param defaultMethod     {@code CACHERR_DEFAULT_METHOD}, atomic_symlink (legacy names accepted)
 * @param minFreeBytes      {@code CACHERR_MIN_FREE_BYTES}, 0: space always left free on the cache
 * @param cacheLimitBytes   {@code CACHERR_CACHE_LIMIT_BYTES}, none: the most the cache may hold
 * @param uid               {@code PUID}, none: owner of directories Cacherr creates
 * @param gid               {@code PGID}, none: group of directories Cacherr creates
 * @param logRetentionDays  {@code CACHERR_LOG_RETENTION_DAYS}, 90: audit entries older than this are pruned daily
 * @param moverList         {@code CACHERR_MOVER_LIST}, {@code CACHERR_MOVER_HOST_MAP}, {@code CACHERR_MOVER_MARKER}: the
 *                          Unraid mover's exclusion list, off unless {@code CACHERR_MOVER_LIST} is set
 * @param metrics           {@code CACHERR_METRICS}, true: {@code GET /metrics} for Prometheus
 * @param metricsNeedToken  {@code CACHERR_METRICS_REQUIRE_TOKEN}, false: whether a scrape needs the API token (when set)
 * @param allowedHosts      {@code CACHERR_ALLOWED_HOSTS}, comma-separated host names the service answers to besides
 *                          IP addresses, localhost, local names and this machine's name; {@code *}: any (no guard
 *                          against DNS rebinding)
 */
public record Configuration(int port, String bind, Path dbPath, List<Path> arrayRoots, Path cacheRoot,
                            boolean exampleRoots, String apiToken, List<String> corsOrigins,
                            CacheMethod defaultMethod, long minFreeBytes, Long cacheLimitBytes, Integer uid,
                            Integer gid, int logRetentionDays, MoverListConfig moverList,
                            boolean metrics, boolean metricsNeedToken, List<String> allowedHosts) {
    static final Path EXAMPLE_ARRAY = Path.of("data", "example", "array");
    static final Path EXAMPLE_CACHE = Path.of("data", "example", "cache");

    /** Reads the process environment (and the properties file it may name). */
    public static Configuration fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads {@code env}, falling back to the properties file named by {@code CACHERR_CONFIG_FILE}. */
    public static Configuration from(Map<String, String> env) {
        Map<String, String> values = new HashMap<>(propertiesFile(env.get("CACHERR_CONFIG_FILE")));
        env.forEach((key, value) -> {
            if (value != null && !value.isBlank()) values.put(key, value.strip());
        });
        return parse(values);
    }

    private static Configuration parse(Map<String, String> v) {
        List<Path> arrayRoots = paths(v, "CACHERR_ARRAY_ROOTS");
        Path cacheRoot = v.containsKey("CACHERR_CACHE_ROOT") ? absolute("CACHERR_CACHE_ROOT", v.get("CACHERR_CACHE_ROOT")) : null;
        boolean example = arrayRoots.isEmpty() && cacheRoot == null;
        if (example) {
            arrayRoots = List.of(EXAMPLE_ARRAY.toAbsolutePath());
            cacheRoot = EXAMPLE_CACHE.toAbsolutePath();
        } else if (arrayRoots.isEmpty()) {
            throw new ConfigurationException("CACHERR_ARRAY_ROOTS must name at least one directory when CACHERR_CACHE_ROOT is set");
        } else if (cacheRoot == null) {
            throw new ConfigurationException("CACHERR_CACHE_ROOT must be set when CACHERR_ARRAY_ROOTS is");
        }
        return new Configuration(
                integer(v, "CACHERR_PORT", 5445, 1, 65535),
                bind(v.getOrDefault("CACHERR_BIND", "127.0.0.1")),
                absolute("CACHERR_DB_PATH", v.getOrDefault("CACHERR_DB_PATH", "data/cached_files.db")),
                arrayRoots,
                cacheRoot,
                example,
                token(v.get("CACHERR_API_TOKEN")),
                list(v.get("CACHERR_CORS_ORIGINS")),
                method(v.getOrDefault("CACHERR_DEFAULT_METHOD", "atomic_symlink")),
                longValue(v, "CACHERR_MIN_FREE_BYTES", 0L),
                v.containsKey("CACHERR_CACHE_LIMIT_BYTES") ? longValue(v, "CACHERR_CACHE_LIMIT_BYTES", null) : null,
                v.containsKey("PUID") ? integer(v, "PUID", 0, 0, Integer.MAX_VALUE) : null,
                v.containsKey("PGID") ? integer(v, "PGID", 0, 0, Integer.MAX_VALUE) : null,
                integer(v, "CACHERR_LOG_RETENTION_DAYS", 90, 1, 36500),
                MoverListConfig.parse(v, cacheRoot),
                bool(v, "CACHERR_METRICS", true),
                bool(v, "CACHERR_METRICS_REQUIRE_TOKEN", false),
                allowedHosts(v.get("CACHERR_ALLOWED_HOSTS")));
    }

    /** Everything but the token, for the start-up log. */
    @Override
    public String toString() {
        return "port=" + port + ", bind=" + bind + ", db=" + dbPath + ", array roots=" + arrayRoots
                + ", cache root=" + cacheRoot + (exampleRoots ? " (example roots)" : "")
                + ", api token=" + (apiToken == null ? "none" : "set") + ", cors origins=" + corsOrigins
                + ", default method=" + defaultMethod.code() + ", min free bytes=" + minFreeBytes
                + ", cache limit bytes=" + (cacheLimitBytes == null ? "none" : cacheLimitBytes)
                + ", PUID=" + (uid == null ? "unset" : uid) + ", PGID=" + (gid == null ? "unset" : gid)
                + ", log retention days=" + logRetentionDays + ", mover list=" + moverList + ", metrics=" + (metrics ? "on" : "off")
                + (metrics && metricsNeedToken ? " (token required)" : "")
                + ", allowed hosts=" + (allowedHosts.isEmpty() ? "default" : allowedHosts);
    }

    /** Checked as the web server will read them, so garbage (a scheme, a path, a port) stops start-up. */
    private static List<String> allowedHosts(String text) {
        List<String> hosts = list(text);
        try {
            return WebSettings.DEFAULTS.withAllowedHosts(hosts).allowedHosts();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    private static boolean bool(Map<String, String> v, String name, boolean fallback) {
        String text = v.get(name);
        if (text == null) return fallback;
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true": case "on": case "yes": case "1":
                return true;
            case "false": case "off": case "no": case "0":
                return false;
            default:
                throw new ConfigurationException(name + " must be true or false, not '" + text + "'");
        }
    }

    private static Map<String, String> propertiesFile(String file) {
        if (file == null || file.isBlank()) return Map.of();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("CACHERR_CONFIG_FILE names " + file + ", which cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).strip()));
        return values;
    }

    private static int integer(Map<String, String> v, String name, int fallback, int min, int max) {
        String text = v.get(name);
        if (text == null) return fallback;
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException ignored) {
            // reported below with the variable's name
        }
        throw new ConfigurationException(name + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
    }

    private static Long longValue(Map<String, String> v, String name, Long fallback) {
        String text = v.get(name);
        if (text == null) return fallback;
        try {
            long value = Long.parseLong(text.replace("_", ""));
            if (value >= 0) return value;
        } catch (NumberFormatException ignored) {
            // reported below with the variable's name
        }
        throw new ConfigurationException(name + " must be a number of bytes, 0 or more, not '" + text + "'");
    }

    private static String token(String token) {
        if (token != null && token.length() < 16) {
            throw new ConfigurationException("CACHERR_API_TOKEN must be at least 16 characters long");
        }
        return token;
    }

    private static String bind(String host) {
        if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            throw new ConfigurationException("CACHERR_BIND must be a host name or IP address, not '" + host + "'");
        }
        return host;
    }

    private static CacheMethod method(String text) {
        try {
            return CacheMethod.parse(text);
        } catch (InvalidInputException e) {
            throw new ConfigurationException("CACHERR_DEFAULT_METHOD: " + e.getMessage());
        }
    }

    private static List<Path> paths(Map<String, String> v, String name) {
        List<Path> paths = new ArrayList<>();
        for (String part : list(v.get(name), ":")) paths.add(absolute(name, part));
        return List.copyOf(paths);
    }

    private static Path absolute(String name, String text) {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new ConfigurationException(name + " is not a valid path: '" + text + "'");
        }
    }

    private static List<String> list(String text) {
        return list(text, ",");
    }

    private static List<String> list(String text, String separator) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
