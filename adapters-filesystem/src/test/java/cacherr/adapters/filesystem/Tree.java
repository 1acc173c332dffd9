package cacherr.adapters.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** An array root and a cache root under a test's temporary directory, with originals written into it. */
final class Tree {
    final Path array;
    final Path cache;

    Tree(Path dir) {
        this(dir.resolve("array"), dir.resolve("cache"));
    }

    Tree(Path array, Path cache) {
        this.array = array;
        this.cache = cache;
        run(() -> {
            Files.createDirectories(array);
            Files.createDirectories(cache);
        });
    }

    FileSystemStorageSettings settings() {
        return FileSystemStorageSettings.of(List.of(array), cache);
    }

    NioCacheStorage storage() {
        return new NioCacheStorage(settings());
    }

    NioCacheStorage storage(FileSystemStorageSettings settings, Copier copier) {
        return new NioCacheStorage(settings, copier, Path.of("/proc"));
    }

    /** Writes {@code content} at {@code relative} under the array root; returns the media path. */
    Path original(String relative, byte[] content) {
        Path media = array.resolve(relative);
        run(() -> {
            Files.createDirectories(media.getParent());
            Files.write(media, content);
        });
        return media;
    }

    Path cached(String relative) {
        return cache.resolve(relative);
    }

    /** Reproducible bytes that are not all alike, so a shifted or partial copy shows. */
    static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Every path under {@code root}, for asserting that nothing was left behind. */
    static List<Path> everythingUnder(Path root) {
        try (var paths = Files.walk(root)) {
            return paths.filter(p -> !p.equals(root)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface IoStep {
        void run() throws IOException;
    }

    static void run(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
