package cacherr.adapters.filesystem;

import cacherr.application.contract.MoverExclusionsContract;
import cacherr.application.port.out.MoverExclusions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;

/** The file adapter holds to the shared contract of the mover's list, on a real file. */
class FileMoverListContractTest extends MoverExclusionsContract {
    @TempDir
    Path dir;

    @Override
    protected MoverExclusions emptyList() {
        return new FileMoverList(dir.resolve("skip.txt"), "/cache", HostPathMapping.parse("/cache=/mnt/cache/media"),
                FileMoverList.DEFAULT_MARKER, dir.resolve("no-host"), note -> { });
    }

    @Override
    protected String cacheRoot() {
        return "/cache";
    }

    @Override
    protected SortedSet<String> entriesAsWritten() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("skip.txt"), StandardCharsets.UTF_8);
            SortedSet<String> entries = new TreeSet<>();
            boolean ours = false;
            for (String line : lines) {
                if (ours) entries.add("/cache" + line.substring("/mnt/cache/media".length()));
                if (line.equals(FileMoverList.DEFAULT_MARKER)) ours = true;
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
