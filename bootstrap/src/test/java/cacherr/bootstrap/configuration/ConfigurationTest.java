package cacherr.bootstrap.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.Configuration;
import cacherr.bootstrap.ConfigurationException;
import cacherr.domain.file.CacheMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTest {
    @Test
    void nothingConfiguredMeansTheDocumentedDefaultsOnLoopbackWithExampleRoots() {
        Configuration c = Configuration.from(Map.of());

        assertEquals(5445, c.port());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(Path.of("data/cached_files.db").toAbsolutePath(), c.dbPath());
        assertTrue(c.exampleRoots());
        assertEquals(List.of(Path.of("data/example/array").toAbsolutePath()), c.arrayRoots());
        assertEquals(Path.of("data/example/cache").toAbsolutePath(), c.cacheRoot());
        assertNull(c.apiToken());
        assertEquals(List.of(), c.corsOrigins());
        assertEquals(List.of(), c.allowedHosts(), "the built-in hosts only: IP addresses, localhost, local names");
        assertEquals(CacheMethod.ATOMIC_SYMLINK, c.defaultMethod());
        assertEquals(0, c.minFreeBytes());
        assertNull(c.cacheLimitBytes());
        assertNull(c.uid());
        assertEquals(90, c.logRetentionDays());
        assertTrue(c.metrics(), "metrics are on by default");
        assertFalse(c.metricsNeedToken(), "a scrape is a read: open, like every read");
    }

    @Test
    void everyVariableIsRead() {
        Configuration c = Configuration.from(Map.ofEntries(
                Map.entry("CACHERR_PORT", "8080"), Map.entry("CACHERR_BIND", "0.0.0.0"),
                Map.entry("CACHERR_DB_PATH", "/config/data/cached_files.db"),
                Map.entry("CACHERR_ARRAY_ROOTS", "/mnt/disk1:/mnt/disk2"), Map.entry("CACHERR_CACHE_ROOT", "/mnt/cache"),
                Map.entry("CACHERR_API_TOKEN", "s3cret-s3cret-s3cret"), Map.entry("CACHERR_CORS_ORIGINS", "http://a, http://b"),
                Map.entry("CACHERR_DEFAULT_METHOD", "copy"), Map.entry("CACHERR_MIN_FREE_BYTES", "10_000_000_000"),
                Map.entry("CACHERR_CACHE_LIMIT_BYTES", "500000000000"), Map.entry("PUID", "99"), Map.entry("PGID", "100"),
                Map.entry("CACHERR_LOG_RETENTION_DAYS", "30"), Map.entry("CACHERR_METRICS", "false"),
                Map.entry("CACHERR_METRICS_REQUIRE_TOKEN", "true"),
                Map.entry("CACHERR_ALLOWED_HOSTS", "cacherr.example.org, Tower")));

        assertEquals(8080, c.port());
        assertEquals("0.0.0.0", c.bind());
        assertEquals(Path.of("/config/data/cached_files.db"), c.dbPath());
        assertEquals(List.of(Path.of("/mnt/disk1"), Path.of("/mnt/disk2")), c.arrayRoots());
        assertEquals(Path.of("/mnt/cache"), c.cacheRoot());
        assertFalse(c.exampleRoots());
        assertEquals("s3cret-s3cret-s3cret", c.apiToken());
        assertEquals(List.of("http://a", "http://b"), c.corsOrigins());
        assertEquals(CacheMethod.ATOMIC_COPY, c.defaultMethod(), "legacy names are accepted");
        assertEquals(10_000_000_000L, c.minFreeBytes());
        assertEquals(500_000_000_000L, c.cacheLimitBytes());
        assertEquals(99, c.uid());
        assertEquals(100, c.gid());
        assertEquals(30, c.logRetentionDays());
        assertFalse(c.metrics());
        assertTrue(c.metricsNeedToken());
        assertEquals(List.of("cacherr.example.org", "Tower"), c.allowedHosts());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"CACHERR_PORT, 0", "CACHERR_PORT, http", "CACHERR_PORT, 70000", "CACHERR_MIN_FREE_BYTES, -5",
            "CACHERR_CACHE_LIMIT_BYTES, lots", "PUID, -1", "CACHERR_LOG_RETENTION_DAYS, 0",
            "CACHERR_DEFAULT_METHOD, teleport", "CACHERR_BIND, 'local host;rm'", "CACHERR_API_TOKEN, short",
            "CACHERR_METRICS, maybe", "CACHERR_METRICS_REQUIRE_TOKEN, 2", "CACHERR_ALLOWED_HOSTS, http://tower",
            "CACHERR_ALLOWED_HOSTS, 'tower, nas/cached'", "CACHERR_ALLOWED_HOSTS, tower:5445",
            "CACHERR_ALLOWED_HOSTS, '[::1]'", "CACHERR_ALLOWED_HOSTS, *.example.com"})
    void aWrongValueStopsStartUpNamingTheVariable(String name, String value) {
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of(name, value)));
        assertTrue(refused.getMessage().startsWith(name), refused.getMessage());
    }

    @Test
    void rootsComeTogetherOrNotAtAll() {
        assertThrows(ConfigurationException.class, () -> Configuration.from(Map.of("CACHERR_CACHE_ROOT", "/mnt/cache")));
        assertThrows(ConfigurationException.class, () -> Configuration.from(Map.of("CACHERR_ARRAY_ROOTS", "/mnt/disk1")));
    }

    @Test
    void theEnvironmentWinsOverThePropertiesFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cacherr.properties");
        Files.writeString(file, "CACHERR_PORT=6000\nCACHERR_LOG_RETENTION_DAYS=7\n");

        Configuration c = Configuration.from(Map.of("CACHERR_CONFIG_FILE", file.toString(), "CACHERR_PORT", "7000"));

        assertEquals(7000, c.port());
        assertEquals(7, c.logRetentionDays());
    }

    @Test
    void anUnreadablePropertiesFileIsNamed(@TempDir Path dir) {
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> Configuration.from(Map.of("CACHERR_CONFIG_FILE", dir.resolve("missing.properties").toString())));
        assertTrue(refused.getMessage().startsWith("CACHERR_CONFIG_FILE"), refused.getMessage());
    }

    @Test
    void theTokenNeverAppearsInTheConfigurationsDescription() {
        Configuration c = Configuration.from(Map.of("CACHERR_API_TOKEN", "hunter2-very-secret"));
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertTrue(c.toString().contains("api token=set"));
    }
}
