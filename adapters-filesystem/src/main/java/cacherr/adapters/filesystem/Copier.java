package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Moves the bytes of one open file into another. A seam, so tests can make a copy fail or go wrong midway. */
interface Copier {
    /**
     * {@code transferTo} between two file channels lets the kernel copy (sendfile(2) on Linux) without passing
     * the data through the JVM's heap; docs/PERFORMANCE.md has the figures against a large-buffer loop and {@code cp}.
     */
    Copier TRANSFER = (from, to, size) -> {
        long done = 0;
        while (done < size) {
            long moved = from.transferTo(done, size - done, to);
            if (moved <= 0) break; // the source shrank; the size check after the copy reports it
            done += moved;
        }
    };

    void copy(FileChannel from, FileChannel to, long size) throws IOException;
}
