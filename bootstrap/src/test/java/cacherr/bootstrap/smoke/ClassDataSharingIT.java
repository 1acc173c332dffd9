package cacherr.bootstrap.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.bootstrap.fixtures.LaunchedService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive of {@code bin/cacherr} (docs/PERFORMANCE.md, "Start-up and idle memory"): the one the
 * build made is mapped by the packaged service, one that does not fit is ignored without a word, and one made for the
 * jars in another place (a copy of the built service) is left aside with a word.
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

    /**
     * A copy of the built service elsewhere (a move, an install from the build's folder): its archive was made for
     * the jars where they were, and the JVM mapping it refused to start the service ("sealing violation: package
     * cacherr.bootstrap is sealed"). bin/cacherr leaves it aside, says so, and starts from the jars.
     */
    @Test
    void aCopyOfTheBuiltServiceElsewhereStartsWithoutTheArchiveMadeForTheOriginal(@TempDir Path somewhere)
            throws Exception {
        Path built = LaunchedService.projectRoot();
        Path archive = built.resolve("bootstrap/target/cacherr.jsa");
        assertTrue(Boolean.getBoolean("cacherr.cds.skip") || Files.isRegularFile(archive),
                "mvn package makes " + archive + " (unless -Dcacherr.cds.skip=true)");
        if (!Files.isRegularFile(archive)) return; // skipped on purpose by the build
        Path copy = somewhere.resolve("cacherr");
        copyTree(built.resolve("bin"), copy.resolve("bin"));
        copyTree(built.resolve("bootstrap/target/modules"), copy.resolve("bootstrap/target/modules"));
        for (String file : List.of("cacherr-bootstrap.jar", "cacherr.jsa", "cacherr.jsa.modules")) {
            Files.copy(built.resolve("bootstrap/target").resolve(file), copy.resolve("bootstrap/target").resolve(file),
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path home = Files.createDirectories(somewhere.resolve("home"));
        Path classes = home.resolve("classes.txt");
        try (LaunchedService service = new LaunchedService(home, Map.of("CACHERR_JAVA_OPTS",
                SERIAL + " -Xlog:class+load=info:file=" + classes), copy)) {
            service.start();
            assertEquals(200, service.send("GET", "/api/cached/files?limit=5", null).statusCode());
            assertEquals(143, service.stop());
            String log = service.log();
            assertTrue(log.contains("was made for jars elsewhere (" + built.resolve("bootstrap/target/modules")),
                    log);
            assertTrue(log.contains("bin/cacherr --make-cds-archive makes one for this place"), log);
            assertFalse(log.contains("sealing violation"), log);
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("cacherr.bootstrap.Service source: "), loaded.length() + " characters");
        assertFalse(loaded.contains("cacherr.bootstrap.Service source: shared objects file"), "no archive mapped");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
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
