package cacherr.adapters.persistence.schema;

import cacherr.adapters.persistence.DatabaseRefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether this process may read and write the database file, asked of the operating system itself before SQLite
 * opens it: SQLite reports a file it may not open as "unable to open database file", or silently opens it read-only,
 * and either way the person reading the log would look for damage instead of at the permissions. Opening a file for
 * writing changes none of its bytes (no truncation, no write).
 */
final class Access {
    private Access() {
    }

    static void requireReadWrite(Path file) {
        open(file, StandardOpenOption.READ);
        open(file, StandardOpenOption.WRITE);
    }

    private static void open(Path file, StandardOpenOption mode) {
        try (FileChannel channel = FileChannel.open(file, mode)) {
            if (mode == StandardOpenOption.READ) channel.read(ByteBuffer.allocate(1));
        } catch (FileSystemException e) {
            if (!denied(e)) return; // not a question of permissions: SQLite will say what it is
            String what = mode == StandardOpenOption.READ ? "read" : "write";
            throw new DatabaseRefusedException("permission denied: Cacherr cannot " + what + " the database " + file
                    + " (" + reason(e) + "); it was left untouched. Give the user Cacherr runs as read and write"
                    + " access to the file and its directory (and check that it is not immutable: lsattr).", e);
        } catch (IOException e) {
            // not a question of permissions: SQLite will say what it is
        }
    }

    /** EACCES (permissions) or EPERM (an immutable file, a mount that forbids it). */
    private static boolean denied(FileSystemException e) {
        if (e instanceof AccessDeniedException) return true;
        String reason = e.getReason();
        return reason != null && reason.contains("Operation not permitted");
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e instanceof AccessDeniedException ? "access denied" : e.toString();
    }
}
