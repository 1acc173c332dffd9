package cacherr.bootstrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One service per database and per cache root. A second one on the same books would sweep the first one's temporary
 * files mid-copy and roll back operations it is still running. So before anything is swept, recovered or migrated,
 * the service takes an OS file lock on {@code <database>.lock} and on {@code <cache root>/.cacherr.lock} and holds
 * them for its life. The kernel drops such a lock when its process ends, however it ends, so a crash never leaves a
 * stale lock; the files stay, holding the last holder's process id and start time for the message a refused start
 * gives.
 */
final class InstanceLock implements AutoCloseable {
    static final String CACHE_ROOT_LOCK = ".cacherr.lock";

    private final List<FileChannel> held;

    private InstanceLock(List<FileChannel> held) {
        this.held = held;
    }

    /** Locks the database and the cache root (when it exists; a missing one is refused later, by the storage). */
    static InstanceLock acquire(Path database, Path cacheRoot) {
        List<FileChannel> held = new ArrayList<>();
        try {
            held.add(lock(lockFileOf(database), "the database " + database, "CACHERR_DB_PATH"));
            if (Files.isDirectory(cacheRoot)) {
                held.add(lock(cacheRoot.resolve(CACHE_ROOT_LOCK), "the cache root " + cacheRoot, "CACHERR_CACHE_ROOT"));
            }
            return new InstanceLock(held);
        } catch (RuntimeException refused) {
            closeAll(held);
            throw refused;
        }
    }

    static Path lockFileOf(Path database) {
        return database.resolveSibling(database.getFileName() + ".lock");
    }

    private static FileChannel lock(Path file, String what, String variable) {
        FileChannel channel = open(file, what);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException thisProcess) {
                lock = null; // another service inside this very JVM holds it
            }
            if (lock == null) {
                throw new AlreadyRunningException("another Cacherr is already running on " + what + ": " + holder(file)
                        + " holds " + file + ". Stop it first, or give this one its own " + variable
                        + ". Nothing was changed.");
            }
            byte[] me = describeThisProcess().getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
            channel.force(false);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new AlreadyRunningException("could not lock " + file + " to make sure no other Cacherr uses " + what
                    + ": " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileChannel open(Path file, String what) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            // Never through a symlink: a planted link would make the service truncate a file it does not own.
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            throw new AlreadyRunningException("could not open the lock file " + file + " for " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (it must be a regular file the service can write, not a symlink)");
        }
    }

    private static String describeThisProcess() {
        ProcessHandle me = ProcessHandle.current();
        return "pid=" + me.pid() + "\nstarted=" + me.info().startInstant().map(Instant::toString).orElse("unknown")
                + "\nhost=" + hostName() + "\n";
    }

    /** Who holds {@code file}, in words, from what it wrote there. */
    static String holder(Path file) {
        Properties written = new Properties();
        try {
            written.load(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException unreadable) {
            return "another process (whose id could not be read)";
        }
        String pid = written.getProperty("pid");
        if (pid == null) return "another process (it has not written its id yet)";
        String self = Long.toString(ProcessHandle.current().pid()).equals(pid) ? ", this very process" : "";
        return "process " + pid + " (started " + written.getProperty("started", "unknown") + " on "
                + written.getProperty("host", "unknown host") + self + ")";
    }

    /** The kernel's host name: no name lookup, which can hang on a machine with broken DNS. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown host";
        }
    }

    /** Releases the locks (the files stay: removing one could race a new holder). */
    @Override
    public void close() {
        closeAll(held);
    }

    private static void closeAll(List<FileChannel> channels) {
        channels.forEach(InstanceLock::closeQuietly);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel or, at the latest, with the process
        }
    }
}
