package cacherr.adapters.filesystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fault injection for the packaged service's tests, off unless the JVM is started with
 * {@code -Dcacherr.faults.copyGate=<directory>}: then every copy writes the first half of its bytes, creates
 * {@code <directory>/paused} and waits until {@code <directory>/resume} exists before it writes the rest. A test that
 * runs the real service as a process can thus change the world (fill the drive, shrink or delete the source) at a
 * known point in the middle of a copy, instead of racing the copy and hoping to land in it. With
 * {@code -Dcacherr.faults.copyGate.minBytes=<n>} only copies of at least {@code n} bytes stop there and smaller ones
 * go straight through, so a batch can finish its small files for real and be held at its first large one. It can
 * only hold a copy up; whoever can set a JVM property on the service can do far more than that.
 */
final class CopyGate implements Copier {
    static final String PROPERTY = "cacherr.faults.copyGate";
    static final String MIN_BYTES = PROPERTY + ".minBytes";

    private final Path gate;
    private final long minBytes;

    CopyGate(Path gate, long minBytes) {
        this.gate = gate;
        this.minBytes = minBytes;
    }

    /** {@code copier}, or a gated copy when the property names a gate directory. */
    static Copier or(Copier copier) {
        String gate = System.getProperty(PROPERTY);
        return gate == null || gate.isBlank() ? copier : new CopyGate(Path.of(gate), Long.getLong(MIN_BYTES, 0));
    }

    @Override
    public void copy(FileChannel from, FileChannel to, long size) throws IOException {
        if (size < minBytes) {
            transfer(from, to, 0, size);
            return;
        }
        long half = size / 2;
        long done = transfer(from, to, 0, half);
        if (done < half) return; // the source shrank already; the size check after the copy reports it
        Files.createDirectories(gate);
        if (Files.notExists(gate.resolve("paused"))) Files.createFile(gate.resolve("paused"));
        while (Files.notExists(gate.resolve("resume"))) {
            try {
                Thread.sleep(5); // waits for the test's event, however long that takes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted at the copy gate");
            }
        }
        transfer(from, to, half, size);
    }

    /** Like {@link Copier#TRANSFER}, from {@code start} to {@code end} of the source; returns where it stopped. */
    private static long transfer(FileChannel from, FileChannel to, long start, long end) throws IOException {
        long done = start;
        while (done < end) {
            long moved = from.transferTo(done, end - done, to);
            if (moved <= 0) break;
            done += moved;
        }
        return done;
    }
}
