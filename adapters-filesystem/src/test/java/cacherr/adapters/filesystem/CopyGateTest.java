package cacherr.adapters.filesystem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fault-injection gate: which copies it stops, and that what it lets through is the whole file. */
class CopyGateTest {
    @TempDir
    Path dir;

    @Test
    void aCopyBelowTheThresholdGoesStraightThroughWithoutStopping() throws IOException {
        Path gate = dir.resolve("gate");
        byte[] content = copyThrough(new CopyGate(gate, 1000), 999);
        assertFalse(Files.exists(gate.resolve("paused")), "a small copy never stops at the gate");
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("to")));
    }

    @Test
    void aCopyAtTheThresholdStopsAtTheGateAndGoesOnWhenResumed() throws IOException {
        Path gate = Files.createDirectories(dir.resolve("gate"));
        Files.createFile(gate.resolve("resume")); // resumed beforehand: the copy passes, having announced its stop
        byte[] content = copyThrough(new CopyGate(gate, 1000), 1000);
        assertTrue(Files.exists(gate.resolve("paused")), "a copy of the threshold's size stops at the gate");
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("to")));
    }

    private byte[] copyThrough(Copier copier, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path from = Files.write(dir.resolve("from"), content);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(dir.resolve("to"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            copier.copy(in, out, size);
        }
        return content;
    }
}
