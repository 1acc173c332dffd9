package cacherr.adapters.persistence.schema;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adoption's copies of a user's files: made by the kernel into a new file that nothing else wrote (never over an
 * existing one), made durable, and deleted again only when this copy created it and did not finish.
 */
final class FileCopy {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** Bytes copied between two progress reports (16 MB: 4096 pages of 4 KB). */
    static final long STEP_BYTES = 4096L * 4096;

    private FileCopy() {
    }

    /**
     * The first {@code size} bytes of {@code from} copied to the new file {@code to} and forced to disk, telling
     * {@code progress} the pages copied ({@code pageSize} bytes each) after {@code pagesBefore} of {@code pagesInAll}.
     * An unfinished copy (a full disk, a listener that stops it) is deleted.
     */
    static void copy(FileChannel from, long size, Path to, Progress progress, long pageSize, long pagesBefore,
                     long pagesInAll) throws IOException {
        boolean created = false, complete = false;
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            created = true; // from here on the file is this copy's own, and an unfinished one is deleted
            for (long done = 0; done < size; ) {
                progress.rows("pages copied", pagesBefore + done / pageSize, pagesInAll);
                long copied = from.transferTo(done, Math.min(STEP_BYTES, size - done), out);
                if (copied <= 0) throw new IOException("the source of " + to + " ended at byte " + done + " of " + size);
                done += copied;
            }
            progress.rows("pages copied", pagesBefore + (size + pageSize - 1) / pageSize, pagesInAll);
            out.force(true);
            complete = true;
        } finally {
            if (created && !complete) deleteQuietly(to); // never a file of that name made by someone else
        }
    }

    /**
     * A name next to {@code file} for a copy of it, {@code <file>.<label>-<date-time><suffix>}, numbered when taken; a
     * name is taken when it or one of {@code companions} appended to it exists.
     */
    static Path freeName(Path file, String label, String suffix, String... companions) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String base = file.getFileName() + "." + label + "-" + stamp;
        Path name = file.resolveSibling(base + suffix);
        for (int n = 2; taken(name, companions); n++) name = file.resolveSibling(base + "-" + n + suffix);
        return name;
    }

    private static boolean taken(Path name, String... companions) {
        if (Files.exists(name)) return true;
        for (String companion : companions) {
            if (Files.exists(Path.of(name + companion))) return true;
        }
        return false;
    }

    /** The directory's entries made durable (a new file's name); not possible everywhere (Windows), then skipped. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not sync the directory {}: {}", directory, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the incomplete copy {}: {}", file, e.toString());
        }
    }
}
