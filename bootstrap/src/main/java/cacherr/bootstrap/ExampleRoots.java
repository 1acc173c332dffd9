package cacherr.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example roots a fresh checkout runs with: an array with one small sample movie and an empty cache, so a person
 * can cache something through the API or the page straight away.
 */
final class ExampleRoots {
    static final String SAMPLE = "movies/Big Buck Bunny (2008)/Big Buck Bunny.mkv";

    private ExampleRoots() {
    }

    /** Creates the roots (and the sample, when the array is empty); returns the sample's media path. */
    static Path prepare(Path arrayRoot, Path cacheRoot) {
        try {
            Files.createDirectories(arrayRoot);
            Files.createDirectories(cacheRoot);
            Path sample = arrayRoot.resolve(SAMPLE);
            try (var entries = Files.list(arrayRoot)) {
                if (entries.findAny().isEmpty()) {
                    Files.createDirectories(sample.getParent());
                    Files.write(sample, new byte[1024 * 1024]);
                }
            }
            return sample;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the example roots under " + arrayRoot.getParent(), e);
        }
    }
}
