package cacherr.adapters.filesystem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Byte-for-byte comparison of two files: the "checksum" check, and the proof that a copy may be deleted or adopted.
 * Reading both files once is what a checksum of both would cost too, and a comparison cannot collide.
 */
final class Contents {
    private static final int CHUNK = 1 << 20;

    private Contents() {
    }

    /**
     * Whether the regular files {@code a} and {@code b}, as described by {@code aFacts} and {@code bFacts}, hold the
     * same bytes: one inode, or the same size and a byte-for-byte comparison. Size and modification time alone prove
     * nothing: an in-place edit (a tagger, {@code touch -r}) keeps both.
     */
    static boolean same(Path a, FileFacts aFacts, Path b, FileFacts bFacts) {
        if (aFacts == null || bFacts == null || !aFacts.regular() || !bFacts.regular()) return false;
        if (aFacts.sameFileAs(bFacts)) return true;
        return aFacts.size() == bFacts.size() && same(a, b);
    }

    static boolean same(Path a, Path b) {
        return Failures.get("compare " + b + " with", a, () -> {
            try (FileChannel left = FileChannel.open(a, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                 FileChannel right = FileChannel.open(b, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                if (left.size() != right.size()) return false;
                ByteBuffer one = ByteBuffer.allocateDirect(CHUNK);
                ByteBuffer two = ByteBuffer.allocateDirect(CHUNK);
                while (true) {
                    int read = fill(left, one);
                    if (fill(right, two) != read || one.mismatch(two) >= 0) return false;
                    if (read < CHUNK) return true;
                }
            }
        });
    }

    /** Reads until the buffer is full or the file ends; returns how much was read, ready to be compared. */
    private static int fill(FileChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading: a read may return fewer bytes than asked
        }
        buffer.flip();
        return buffer.remaining();
    }
}
