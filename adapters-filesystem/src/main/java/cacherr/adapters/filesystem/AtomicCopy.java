package cacherr.adapters.filesystem;

import cacherr.application.port.out.StorageException;
import cacherr.application.port.out.StorageException.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A verified copy that appears under its final name complete or not at all: written to a hidden temporary name in the
 * destination directory, flushed, checked, given the source's owner (or the configured one), permissions and modification
 * time, then renamed onto the final name in one atomic step. The source is only read.
 */
final class AtomicCopy {
    /** A copy in the making is readable by the service alone, until it has its source's owner and permissions. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private final Copier copier;
    private final Directories directories;
    private final Guard guard;

    AtomicCopy(Copier copier, Directories directories, Guard guard) {
        this.copier = copier;
        this.directories = directories;
        this.guard = guard;
    }

    /**
     * Copies {@code source} to {@code target}, whose directory must exist. Refuses to replace anything at
     * {@code target} but a symlink (a symlink holds no data). On failure the temporary file is gone and
     * {@code target} is as it was.
     *
     * @return the facts of the source as copied
     */
    FileFacts copy(Path source, Path target, boolean compareContents) {
        FileFacts before = FileFacts.read(source);
        if (before == null || !before.regular()) {
            throw Failures.refuse(Problem.NOT_FOUND, "there is no regular file at " + source + " to copy");
        }
        Path temp = Names.tempCopy(target);
        Leftovers.remove(temp, guard);
        try {
            write(source, temp, before.size());
            verify(source, temp, before, compareContents);
            publish(temp, target, before);
            return before;
        } catch (IOException e) {
            discard(temp);
            throw Failures.wrap("copy " + source + " to", target, e);
        } catch (RuntimeException e) {
            discard(temp);
            throw e;
        }
    }

    private void write(Path source, Path temp, long size) throws IOException {
        guard.before(Guard.Step.READ, source);
        guard.before(Guard.Step.WRITE, temp);
        try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel to = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                     OWNER_ONLY)) {
            copier.copy(from, to, size);
            to.force(true);
        }
    }

    private void verify(Path source, Path temp, FileFacts before, boolean compareContents) {
        FileFacts after = FileFacts.read(source);
        if (after == null || !after.unchangedSince(before)) {
            throw new StorageException(Problem.SOURCE_CHANGED, source + (after == null ? " vanished" : " changed")
                    + " while it was being copied (still being written?); nothing was cached, try again later");
        }
        long written = Failures.get("measure", temp, () -> Files.size(temp));
        if (written != before.size()) {
            throw new StorageException(Problem.VERIFICATION_FAILED, "the copy of " + source + " has " + written
                    + " bytes, the original " + before.size() + "; nothing was cached");
        }
        if (compareContents) guard.before(Guard.Step.READ, source);
        if (compareContents && !Contents.same(source, temp)) {
            throw new StorageException(Problem.VERIFICATION_FAILED, "the copy of " + source + " differs from the"
                    + " original byte for byte; nothing was cached");
        }
    }

    private void publish(Path temp, Path target, FileFacts source) throws IOException {
        guard.before(Guard.Step.WRITE, temp);
        directories.own(temp, source); // before the permissions: a change of owner clears the set-id bits
        Files.setPosixFilePermissions(temp, source.permissions());
        Files.setLastModifiedTime(temp, source.modified());
        FileFacts existing = FileFacts.read(target);
        if (existing != null && !existing.symlink()) {
            throw new StorageException(Problem.NOT_POSSIBLE, target + " already exists and holds other data;"
                    + " it was left as it is");
        }
        guard.before(Guard.Step.RENAME, target);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        Durability.syncDirectory(target.getParent());
    }

    private void discard(Path temp) {
        try {
            Leftovers.remove(temp, guard);
        } catch (StorageException e) {
            // The sweep at the next start removes it; the original is untouched either way.
        }
    }
}
