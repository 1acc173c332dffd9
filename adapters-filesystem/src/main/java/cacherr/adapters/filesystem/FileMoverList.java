package cacherr.adapters.filesystem;

import cacherr.application.port.out.MoverExclusions;
import cacherr.application.port.out.MoverListInspection;
import cacherr.application.port.out.MoverListInspection.Risk;
import cacherr.application.port.out.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The mover's exclusion list as the file Mover Tuning reads: one host path per line, LF line ends, below a marker line;
 * everything above the marker is the user's own and is kept byte for byte.
 *
 * <p>Each write is atomic: the whole new file is written to a temporary file in the same directory, flushed to the
 * disk, renamed over the list, and the directory is flushed. A reader opening the list at any moment sees the whole
 * previous list or the whole new one, never an empty or half-written file.
 *
 * <p>How the reader treats a line (from the Mover Tuning plugin's source, 2026): it keeps the lines that start with
 * {@code /mnt/<pool>/<share>/} of a share it moves (a literal prefix; other lines, such as the marker, are ignored), a
 * line whose last component holds {@code *} is a pattern, any other names a file or folder that must exist; each
 * becomes a {@code find -not -path} filter, after escaping {@code \} and {@code [} (since its 2026.09.07 release). So
 * {@code *} and {@code ?} stay wildcards (the line still matches the file, and maybe others of the same shape); a
 * backslash escape written by us would be taken literally and break the line, so names are written as they are, and
 * what the reader may get wrong is reported by {@link #inspect()} and to the {@code notes} given at construction.
 */
public final class FileMoverList implements MoverExclusions {
    /** Where Cacherr's part begins unless configured otherwise. Holds no pool path, so no reader takes it for one. */
    public static final String DEFAULT_MARKER = "# --- managed by Cacherr below this line ---";

    private final Path file;
    private final String cacheRoot;
    private final HostPathMapping mapping;
    private final String marker;
    private final Path hostView;
    private final Consumer<String> notes;
    private Consumer<Path> beforeRename = path -> { };

    // Guarded by this.
    private SortedSet<String> written;
    private List<Risk> risks = List.of();
    private Instant lastWrite;

    /**
     * @param file      the list (its directory must exist)
     * @param cacheRoot the cache root as Cacherr sees it; every path written lies under it
     * @param mapping   container paths to host paths; checked here: every line it gives must be one the reader reads
     * @param marker    the line above which the user's own lines are kept
     * @param hostView  where the host's {@code /} is visible from here, to check that host paths exist ({@code /} on
     *                  the host; in a container usually nothing: the check is then skipped)
     * @param notes     told, in words, about an entry the reader may not match
     * @throws IllegalArgumentException saying what is wrong with the settings
     */
    public FileMoverList(Path file, String cacheRoot, HostPathMapping mapping, String marker, Path hostView,
                         Consumer<String> notes) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.marker = requireMarker(marker);
        this.hostView = Objects.requireNonNull(hostView, "hostView");
        this.notes = Objects.requireNonNull(notes, "notes");
        Path directory = this.file.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("the directory of " + this.file + " does not exist");
        }
        if (Files.isDirectory(this.file)) throw new IllegalArgumentException(this.file + " is a directory");
        mapping.requireReadableLinesUnder(cacheRoot);
    }

    /** The marker as given, or why it cannot be one. */
    static String requireMarker(String marker) {
        if (marker == null || marker.isBlank()) throw new IllegalArgumentException("the marker line is empty");
        if (marker.indexOf('\n') >= 0 || marker.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("the marker must be one line");
        }
        if (marker.contains("/mnt/")) {
            throw new IllegalArgumentException("the marker must not contain /mnt/: the reader has no comments and"
                    + " would take a line holding a pool path for an entry");
        }
        return marker;
    }

    /** Test seam: runs after the new list is flushed to its temporary file, before it is renamed over the list. */
    void beforeRename(Consumer<Path> hook) {
        this.beforeRename = Objects.requireNonNull(hook);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void write(SortedSet<String> cachedPaths) {
        List<String> lines = new ArrayList<>();
        List<Risk> found = new ArrayList<>();
        for (String path : cachedPaths) {
            if (!HostPathMapping.isUnder(path, cacheRoot)) {
                // A record from before the cache root was moved: its host path is unknown, and a guess could name
                // another file. Left off and said so, rather than refusing to keep the list at all.
                found.add(new Risk(path, null, true, "it is not under the cache root " + cacheRoot + ", so its host"
                        + " path is unknown: it is left off the list, and the mover may move it"));
                continue;
            }
            String host = mapping.toHost(path);
            Risk risk = GlobRisk.of(path, host);
            if (risk != null) found.add(risk);
            if (risk == null || risk.hostPath() != null) lines.add(host);
        }
        try {
            replace(render(lines));
        } catch (IOException e) {
            throw new StorageException(StorageException.Problem.IO_FAILURE, "the mover's exclusion list " + file
                    + " could not be written: " + e.getMessage(), e);
        }
        for (Risk risk : found) {
            if (risks.stream().noneMatch(old -> old.cachedPath().equals(risk.cachedPath()))) {
                notes.accept("Mover list: " + risk.cachedPath() + ": " + risk.why());
            }
        }
        written = new TreeSet<>(cachedPaths);
        risks = List.copyOf(found);
        lastWrite = Instant.now();
    }

    /** The user's part as it is on disk now, then the marker and one line per entry. */
    private byte[] render(List<String> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] user = userPart(read());
        out.write(user);
        if (user.length > 0 && user[user.length - 1] != '\n') out.write('\n');
        out.write((marker + "\n").getBytes(StandardCharsets.UTF_8));
        for (String line : lines) out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The bytes before the marker line; the whole file when it has none. */
    byte[] userPart(byte[] content) {
        byte[] mark = marker.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') end++;
            int lineEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd - start == mark.length && Arrays.equals(content, start, lineEnd, mark, 0, mark.length)) {
                return Arrays.copyOf(content, start);
            }
            start = end + 1;
        }
        return content;
    }

    private byte[] read() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    private void replace(byte[] content) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
        Path directory = target.getParent();
        Path temporary = directory.resolve("." + target.getFileName() + ".cacherr-tmp");
        Set<PosixFilePermission> permissions = permissionsOf(target);
        Files.deleteIfExists(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            if (permissions != null) Files.setPosixFilePermissions(temporary, permissions);
            beforeRename.accept(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + directory + " cannot rename atomically", e);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Durability.syncDirectory(directory);
    }

    private static Set<PosixFilePermission> permissionsOf(Path target) {
        try {
            return Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return PosixFilePermissions.fromString("rw-r--r--");
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public MoverListInspection inspect() {
        SortedSet<String> entries;
        List<Risk> currentRisks;
        Instant when;
        synchronized (this) {
            entries = written == null ? new TreeSet<>() : new TreeSet<>(written);
            currentRisks = risks;
            when = lastWrite;
        }
        boolean checkable = hostPoolVisible();
        int missing = 0;
        List<String> missingListed = new ArrayList<>();
        if (checkable) {
            for (String path : entries) {
                String host = mapping.toHost(path);
                if (!Files.exists(hostView.resolve(host.substring(1)), LinkOption.NOFOLLOW_LINKS)) {
                    missing++;
                    if (missingListed.size() < MoverListInspection.MAX_LISTED) missingListed.add(host);
                }
            }
        }
        return new MoverListInspection(file.toString(), entries.size() - unwritten(currentRisks), when, checkable,
                missing, missingListed, currentRisks.size(),
                currentRisks.subList(0, Math.min(currentRisks.size(), MoverListInspection.MAX_LISTED)), warnings());
    }

    private static int unwritten(List<Risk> risks) {
        return (int) risks.stream().filter(risk -> risk.hostPath() == null).count();
    }

    /** Whether the pool the cache root maps to can be seen from here (on the host, or with the host's /mnt mapped). */
    private boolean hostPoolVisible() {
        String host = mapping.toHost(cacheRoot);
        String[] parts = host.split("/");
        return parts.length > 2 && Files.isDirectory(hostView.resolve("mnt").resolve(parts[2]));
    }

    private List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        try {
            byte[] content = read();
            byte[] user = userPart(content);
            for (byte b : user) {
                if (b == '\r') {
                    warnings.add("the lines above the marker hold CR (Windows) line ends: Mover Tuning rewrites the"
                            + " list in place when it finds one; save them with LF line ends");
                    break;
                }
            }
            if (content.length > 0 && user.length == content.length) {
                warnings.add("the list has no marker line: it was changed by someone else since Cacherr wrote it;"
                        + " Cacherr's entries are written again at its next change or restart");
            }
        } catch (IOException e) {
            warnings.add("the list cannot be read: " + e.getMessage());
        }
        return warnings;
    }
}
