package cacherr.bootstrap.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.adapters.filesystem.FileMoverList;
import cacherr.bootstrap.Configuration;
import cacherr.bootstrap.ConfigurationException;
import cacherr.bootstrap.MoverListConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoverListConfigurationTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("CACHERR_ARRAY_ROOTS", "/array", "CACHERR_CACHE_ROOT", "/cache"));
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    @Test
    void theListIsOffUnlessItsPathIsSet() {
        MoverListConfig off = Configuration.from(env()).moverList();
        assertFalse(off.enabled());
        assertTrue(Configuration.from(env()).toString().contains("mover list=off"));
    }

    @Test
    void theListItsMappingAndItsMarkerAreRead() {
        MoverListConfig c = Configuration.from(env("CACHERR_MOVER_LIST", "/config/skip.txt",
                "CACHERR_MOVER_HOST_MAP", "/cache=/mnt/cache/media", "CACHERR_MOVER_MARKER", "# cacherr")).moverList();
        assertTrue(c.enabled());
        assertEquals(Path.of("/config/skip.txt"), c.list());
        assertEquals("/mnt/cache/media/movies/Heat.mkv", c.mapping().toHost("/cache/movies/Heat.mkv"));
        assertEquals("# cacherr", c.marker());
        assertEquals(FileMoverList.DEFAULT_MARKER, Configuration.from(env("CACHERR_MOVER_LIST", "/config/skip.txt",
                "CACHERR_MOVER_HOST_MAP", "/cache=/mnt/cache/media")).moverList().marker());
    }

    @Test
    void startUpRefusesAMappingWhoseLinesTheReaderIgnoresAndSaysWhy() {
        assertRefused(env("CACHERR_MOVER_LIST", "/config/skip.txt"), "CACHERR_MOVER_HOST_MAP is unset",
                "not a pool path");
        assertRefused(env("CACHERR_MOVER_LIST", "/config/skip.txt", "CACHERR_MOVER_HOST_MAP", "/cache=/mnt/user/media"),
                "CACHERR_MOVER_HOST_MAP", "user-share view");
        assertRefused(env("CACHERR_MOVER_LIST", "/config/skip.txt", "CACHERR_MOVER_HOST_MAP",
                "/cache_other=/mnt/cache/media"), "CACHERR_MOVER_HOST_MAP", "not a pool path");
        assertRefused(env("CACHERR_MOVER_LIST", "/config/skip.txt", "CACHERR_MOVER_HOST_MAP", "/cache"),
                "CACHERR_MOVER_HOST_MAP", "container-path=host-path");
        assertRefused(env("CACHERR_MOVER_LIST", "skip.txt", "CACHERR_MOVER_HOST_MAP", "/cache=/mnt/cache/media"),
                "CACHERR_MOVER_LIST", "absolute");
        assertRefused(env("CACHERR_MOVER_LIST", "/config/skip.txt", "CACHERR_MOVER_HOST_MAP", "/cache=/mnt/cache/media",
                "CACHERR_MOVER_MARKER", "# /mnt/cache/media below"), "CACHERR_MOVER_MARKER", "/mnt/");
        assertRefused(env("CACHERR_MOVER_HOST_MAP", "/cache=/mnt/cache/media"), "CACHERR_MOVER_LIST is not");
    }

    private static void assertRefused(Map<String, String> env, String... fragments) {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> Configuration.from(env));
        for (String fragment : fragments) {
            assertTrue(refused.getMessage().contains(fragment), refused.getMessage());
        }
    }
}
