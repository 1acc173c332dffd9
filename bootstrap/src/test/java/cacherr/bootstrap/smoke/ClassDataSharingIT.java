package cacherr.bootstrap.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.LaunchedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive of {@code bin/cacherr} (docs/PERFORMANCE.md, "Start-up and idle memory"): the one the
 * build made is mapped by the packaged service, and one that does not fit is ignored without a word.
 */
class ClassDataSharingIT {
    private static final String SERIAL = "-XX:+UseSerialGC -Xms32m -XX:TieredStopAtLevel=1";

    @Test
    void theServiceLoadsItsOwnClassesFromTheArchiveTheBuildMade(@TempDir Path home) throws Exception {
        Path archive = LaunchedService.projectRoot().resolve("bootstrap/target/cacherr.jsa");
        assertTrue(Boolean.getBoolean("cacherr.cds.skip") || Files.isRegularFile(archive),
                "mvn package makes " + archive + " (unless -Dcacherr.cds.skip=true)");
        if (!Files.isRegularFile(archive)) return; // skipped on purpose by the build
        Path classes = home.resolve("classes.txt");
        try (LaunchedService service = new LaunchedService(home, Map.of("CACHERR_JAVA_OPTS",
                SERIAL + " -Xlog:class+load=info:file=" + classes))) {
            service.start();
            assertEquals(143, service.stop());
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("cacherr.bootstrap.Service source: shared objects file (top)"),
                "the service's own classes come from the archive");
        assertTrue(loaded.contains("org.hibernate.internal.SessionFactoryImpl source: shared objects file (top)"),
                "and so do the libraries'");
    }

    @Test
    void anArchiveThatDoesNotFitIsIgnoredQuietly(@TempDir Path home) throws Exception {
        Path garbage = home.resolve("garbage.jsa");
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        try (LaunchedService service = new LaunchedService(home, Map.of("CACHERR_CDS", garbage.toString()))) {
            service.start();
            assertEquals(200, service.send("GET", "/api/cached/files?limit=5", null).statusCode());
            assertEquals(143, service.stop());
            String log = service.log().toLowerCase(Locale.ROOT);
            assertTrue(log.contains("cacherr stopped"), log);
            assertFalse(log.contains("cds") || log.contains("shared archive") || log.contains("[warning]"), log);
        }
    }

    @Test
    void withTheArchiveOffTheServiceLoadsItsClassesFromTheJars(@TempDir Path home) throws Exception {
        Path classes = home.resolve("classes.txt");
        try (LaunchedService service = new LaunchedService(home, Map.of("CACHERR_CDS", "off",
                "CACHERR_JAVA_OPTS", SERIAL + " -Xlog:class+load=info:file=" + classes))) {
            service.start();
            assertEquals(143, service.stop());
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("cacherr.bootstrap.Service source: "), loaded.length() + " characters");
        assertFalse(loaded.contains("cacherr.bootstrap.Service source: shared objects file"));
    }
}
