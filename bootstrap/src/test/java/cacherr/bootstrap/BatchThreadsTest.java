package cacherr.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The batch threads give the CPU to the request threads first. */
class BatchThreadsTest {
    @Test
    void aBatchThreadRunsWithAHigherNiceValueThanTheThreadsThatServeRequests() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        int mine = BatchThreads.ownNiceness();
        ExecutorService steps = BatchThreads.start();
        try {
            int batch = steps.submit(BatchThreads::ownNiceness).get(60, TimeUnit.SECONDS);
            assertEquals(Math.min(19, mine + BatchThreads.NICENESS), batch);
            assertEquals(mine, BatchThreads.ownNiceness(), "the calling thread keeps its priority");
        } finally {
            BatchThreads.stop(steps);
        }
    }
}
