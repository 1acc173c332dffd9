package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException.Problem;
import cacherr.domain.file.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Confinement: every path the adapter touches is checked here first. A path is inside a root when it lies under it
 * lexically (whole segments, so {@code /mnt/cache_downloads} is not under {@code /mnt/cache}) and its nearest
 * existing ancestor, with symlinks resolved, lies under the root's real path. A path that is not is refused before
 * anything is touched.
 */
final class Roots {
    private final List<Path> arrays;
    private final List<Path> realArrays = new ArrayList<>();
    private final Path cache;
    private final Path realCache;

    Roots(List<Path> arrays, Path cache) {
        this.arrays = List.copyOf(arrays);
        this.cache = cache;
        for (Path array : arrays) realArrays.add(real(array));
        this.realCache = real(cache);
    }

    Path cacheRoot() {
        return cache;
    }

    /** A media path inside an array root. */
    Path media(String text) {
        Path path = parse(text);
        return confine(path, arrayRootOf(path), "an array root");
    }

    /** The array root a confined media path lies under. */
    Path arrayRootOf(Path media) {
        for (Path root : arrays) {
            if (media.startsWith(root) && !media.equals(root)) return root;
        }
        throw Failures.refuse(Problem.OUTSIDE_ROOTS, media + " is not inside an array root (" + arrays + ")");
    }

    /**
     * The cached path of a media path. With one array root: its path relative to the root, under the cache root
     * ({@code /mnt/disk1/movies/x.mkv} → {@code /mnt/cache/movies/x.mkv}). With several: its whole path, under the
     * cache root ({@code /mnt/cache/mnt/disk1/movies/x.mkv}), so the same relative path in two roots never shares one
     * cached file. The mapping depends on no order, so adding or reordering roots moves nothing already placed.
     */
    Path cachedFor(Path media) {
        return confine(arrays.size() > 1 ? wholePathLayout(media) : relativeLayout(media), cache, "the cache root");
    }

    private Path relativeLayout(Path media) {
        return cache.resolve(arrayRootOf(media).relativize(media));
    }

    private Path wholePathLayout(Path media) {
        return cache.resolve(media.getRoot().relativize(media));
    }

    /**
     * The paths of a placement, both confined, and its cached path one its media path maps to: in the layout of
     * today's roots, or in the other one, so records made before a second root was added (or one was removed) can
     * still be verified and uncached.
     */
    PlacementPaths of(Placement placement) {
        Path media = media(placement.mediaPath());
        Path claimed = parse(placement.cachedPath());
        confine(claimed, cache, "the cache root");
        Path cached = cachedFor(media);
        if (!claimed.equals(cached) && !claimed.equals(arrays.size() > 1 ? relativeLayout(media)
                : wholePathLayout(media))) {
            throw Failures.refuse(Problem.NOT_POSSIBLE, "the cached path " + claimed + " does not belong to "
                    + media + " (expected " + cached + ")");
        }
        return new PlacementPaths(media, claimed);
    }

    /** The root a path lies under lexically: the cache root or its array root. */
    Path rootOf(Path path) {
        return path.startsWith(cache) ? cache : arrayRootOf(path);
    }

    /** A path inside any root (array or cache). */
    Path anywhere(String text) {
        Path path = parse(text);
        return path.startsWith(cache) ? confine(path, cache, "the cache root")
                : confine(path, arrayRootOf(path), "an array root");
    }

    /** The closest ancestor of {@code path} (or itself) that exists, symlinks not followed. */
    static Path nearestExisting(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        return existing;
    }

    private Path confine(Path path, Path root, String rootName) {
        if (!path.startsWith(root) || path.equals(root)) {
            throw Failures.refuse(Problem.OUTSIDE_ROOTS, path + " is not inside " + rootName + " (" + root + ")");
        }
        Path realRoot = root.equals(cache) ? realCache : realArrays.get(arrays.indexOf(root));
        Path ancestor = nearestExisting(path.getParent());
        Path resolved;
        try {
            resolved = ancestor.toRealPath();
        } catch (IOException e) {
            throw Failures.refuse(Problem.OUTSIDE_ROOTS, "could not resolve " + ancestor + " (a broken symlink?), so "
                    + path + " is refused");
        }
        if (!resolved.startsWith(realRoot)) {
            throw Failures.refuse(Problem.OUTSIDE_ROOTS, path + " resolves through " + ancestor + " to " + resolved
                    + ", which is outside " + rootName + " (" + root + ")");
        }
        return path;
    }

    private static Path parse(String text) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw Failures.refuse(Problem.OUTSIDE_ROOTS, "'" + text + "' is not a valid path");
        }
        if (!path.isAbsolute()) throw Failures.refuse(Problem.OUTSIDE_ROOTS, text + " is not an absolute path");
        for (Path segment : path) {
            if (segment.toString().equals(".") || segment.toString().equals("..")) {
                throw Failures.refuse(Problem.OUTSIDE_ROOTS, text + " contains '.' or '..' segments");
            }
            int bytes = Names.bytes(segment.toString());
            if (bytes > Names.MAX_NAME_BYTES) {
                throw Failures.refuse(Problem.OUTSIDE_ROOTS, "the name '" + segment + "' is " + bytes + " bytes long;"
                        + " file systems allow at most " + Names.MAX_NAME_BYTES + " bytes per name, so no such file"
                        + " can exist");
            }
        }
        return path;
    }

    private static Path real(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("could not resolve the root " + root + ": " + e.getMessage(), e);
        }
    }
}
