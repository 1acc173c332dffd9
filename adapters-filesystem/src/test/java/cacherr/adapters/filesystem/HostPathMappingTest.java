package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPathMappingTest {
    @Test
    void aPrefixMatchesWholeSegmentsOnly() {
        HostPathMapping mapping = HostPathMapping.parse("/mnt/cache=/mnt/fast/media");
        assertEquals("/mnt/fast/media/movies/Heat.mkv", mapping.toHost("/mnt/cache/movies/Heat.mkv"));
        assertEquals("/mnt/cache_downloads/Heat.mkv", mapping.toHost("/mnt/cache_downloads/Heat.mkv"));
        assertEquals("/mnt/fast/media", mapping.toHost("/mnt/cache"));
    }

    @Test
    void theLongestMatchingPrefixWins() {
        HostPathMapping mapping = HostPathMapping.parse("/cache=/mnt/cache/media:/cache/tv=/mnt/ssd/tv");
        assertEquals("/mnt/ssd/tv/E01.mkv", mapping.toHost("/cache/tv/E01.mkv"));
        assertEquals("/mnt/cache/media/tvshows/E01.mkv", mapping.toHost("/cache/tvshows/E01.mkv"));
    }

    @Test
    void trailingSlashesAndNamesWithOddCharactersAreKept() {
        HostPathMapping mapping = HostPathMapping.parse(" /cache/ = /mnt/cache/media/ ");
        assertEquals("/mnt/cache/media/Alien [1979]/what*? \"x\" é.mkv",
                mapping.toHost("/cache/Alien [1979]/what*? \"x\" é.mkv"));
    }

    @Test
    void aCacheRootMappedToAPoolShareIsAccepted() {
        assertDoesNotThrow(() -> HostPathMapping.parse("/cache=/mnt/cache/media").requireReadableLinesUnder("/cache"));
        assertDoesNotThrow(() -> HostPathMapping.identity().requireReadableLinesUnder("/mnt/cache/media/.cacherr"));
    }

    @Test
    void startUpRefusesLinesTheReaderWouldIgnoreAndSaysWhy() {
        assertRefused(HostPathMapping.identity(), "/cache", "not a pool path");
        assertRefused(HostPathMapping.parse("/cache=/mnt/user/media"), "/cache", "user-share view");
        assertRefused(HostPathMapping.parse("/cache=/mnt/user0/media"), "/cache", "user-share view");
        assertRefused(HostPathMapping.parse("/cache=/mnt/disk1/media"), "/cache", "not a pool");
        assertRefused(HostPathMapping.parse("/cache=/mnt/cache"), "/cache", "top of the pool");
        assertRefused(HostPathMapping.parse("/cache=/media"), "/cache", "not a pool path");
        // A mapping for /cache_x does not cover /cache: its files would be written as container paths.
        assertRefused(HostPathMapping.parse("/cache_x=/mnt/cache/media"), "/cache", "not a pool path");
        // A mapping inside the cache root must give pool paths too.
        assertRefused(HostPathMapping.parse("/cache=/mnt/cache/media:/cache/tv=/mnt/user/tv"), "/cache",
                "user-share view");
    }

    @Test
    void aMalformedMappingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HostPathMapping.parse("/cache"));
        assertThrows(IllegalArgumentException.class, () -> HostPathMapping.parse("cache=/mnt/cache/media"));
        assertThrows(IllegalArgumentException.class, () -> HostPathMapping.parse("/cache=/mnt/cache/../x"));
        assertThrows(IllegalArgumentException.class, () -> HostPathMapping.parse("/cache=/a:/cache=/b"));
    }

    private static void assertRefused(HostPathMapping mapping, String cacheRoot, String why) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> mapping.requireReadableLinesUnder(cacheRoot));
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
        assertTrue(refused.getMessage().contains("/mnt/<pool>/<share>/"), refused.getMessage());
    }
}
