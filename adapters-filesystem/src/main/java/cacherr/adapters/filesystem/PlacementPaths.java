package cacherr.adapters.filesystem;

import java.nio.file.Path;

/** The confined paths of one placement and the adapter's own names next to them. */
record PlacementPaths(Path media, Path cached) {
    Path backup() {
        return Names.backup(media);
    }

    Path tempLink() {
        return Names.tempLink(media);
    }

    Path tempCopy() {
        return Names.tempCopy(cached);
    }
}
