package cacherr.adapters.persistence.schema;

import cacherr.adapters.persistence.DatabaseRefusedException;
import cacherr.adapters.persistence.MigrationProgress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A database whose writer stopped in the middle of a transaction (the original Cacherr killed, the power gone) has a
 * hot {@code -journal} beside it: the pages the transaction had changed, as they were before it. The file is not
 * damaged; SQLite rolls the journal back when a writer next opens it, and refuses a read-only look until then
 * (SQLITE_READONLY_ROLLBACK). That rollback runs here, with the way back kept:
 * <ol>
 * <li>the journal must start with a rollback journal's header: SQLite deletes one that does not, unplayed, and keeps
 * the half-written transaction;</li>
 * <li>the rollback is tried first on a copy of the pair, which must then pass {@code quick_check}: a journal that does
 * not roll back to a sound file is refused with both files untouched (and the copy deleted);</li>
 * <li>the file and its journal are copied as they are to {@code <file>.crashed-<time>.bak} and {@code …bak-journal},
 * each under a {@code .part} name first, forced, then renamed, the journal before the file: a {@code .bak} exists only
 * complete and with its journal. SQLite opening that pair rolls it back to the very state the file recovers to;</li>
 * <li>only then does SQLite roll the file itself back.</li>
 * </ol>
 * A process that dies anywhere leaves a file that the next start recovers: SQLite's rollback can stop and run again,
 * and the next start reuses the pair it backed up (the same journal, byte for byte) instead of copying another.
 */
final class HotJournal {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** The first bytes of every rollback journal (SQLite's {@code aJournalMagic}). */
    private static final byte[] MAGIC = {(byte) 0xd9, (byte) 0xd5, 0x05, (byte) 0xf9, 0x20, (byte) 0xa1, 0x63,
        (byte) 0xd7};
    /** The header's page size follows the magic (8 bytes), record count, checksum seed, size and sector size (4 each). */
    private static final int PAGE_SIZE_OFFSET = 24;
    private static final String JOURNAL = "-journal";
    private static final String PART = ".part";

    private HotJournal() {
    }

    /** Whether SQLite refused to read a file because its hot journal has to be rolled back first. */
    static boolean needsRollback(SQLException e) {
        return e instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK;
    }

    /**
     * Rolls back the hot journal of {@code file}, if it has one, once the pair is backed up; returns that backup (its
     * journal beside it, named {@code <backup>-journal}), or empty when there was nothing to roll back. A journal that
     * cannot be rolled back is refused with both files as they were.
     */
    static Optional<Path> recover(Path file, Consumer<MigrationProgress> listener) {
        Path journal = journalOf(file);
        if (!isHot(file)) return Optional.empty();
        long pageSize = requireJournalHeader(file, journal);
        double pair = size(file) + size(journal);
        Progress progress = new Progress(file, listener, List.of("recovery check", "backup copy", "rollback"),
                new double[] {2 * pair, pair, size(journal)});
        LOG.warn("{} has a hot journal ({}): the program that wrote it stopped in the middle of a write. Rolling that"
                + " write back, after a copy of both", file, journal);
        Path backup;
        try {
            progress.begin();
            tryOnACopy(file, pageSize, progress);
            progress.begin();
            backup = earlierBackup(file).orElseGet(() -> backUp(file, pageSize, progress));
        } catch (DatabaseRefusedException e) {
            if (!(e.getCause() instanceof NoSuchFileException) || isHot(file)) throw e;
            LOG.info("{} was rolled back by another program meanwhile (its journal is gone): adopting it as it is now",
                    file);
            return Optional.empty();
        }
        progress.begin();
        rollBack(file, backup);
        progress.finish();
        return Optional.of(backup);
    }

    private static Path journalOf(Path file) {
        return Path.of(file + JOURNAL);
    }

    /** Whether a read-only look at {@code file} is refused for its hot journal (nothing is written to find out). */
    private static boolean isHot(Path file) {
        if (!Files.exists(journalOf(file))) return false;
        try (Connection connection = SchemaMigrator.open(file, true)) {
            Sql.number(connection, "SELECT count(*) FROM sqlite_master");
            return false;
        } catch (SQLException e) {
            return needsRollback(e);
        }
    }

    /** The journal's page size, read from its header; refused when the header is not a rollback journal's. */
    private static long requireJournalHeader(Path file, Path journal) {
        ByteBuffer header = ByteBuffer.allocate(PAGE_SIZE_OFFSET + 4);
        try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header) > 0) {
                // a header shorter than its fields is refused below
            }
        } catch (IOException e) {
            throw refused(file, journal, "its journal cannot be read (" + e + ")", e);
        }
        if (header.hasRemaining() || !Arrays.equals(Arrays.copyOf(header.array(), MAGIC.length), MAGIC)) {
            throw refused(file, journal, "its journal is damaged (it does not start with a SQLite rollback journal's"
                    + " header), so the write cannot be rolled back", null);
        }
        long pageSize = header.getInt(PAGE_SIZE_OFFSET) & 0xffffffffL;
        return pageSize >= 512 && pageSize <= 65536 ? pageSize : 4096;
    }

    /** SQLite's rollback run on a copy of the pair, which must leave a sound file; the copy is deleted. */
    private static void tryOnACopy(Path file, long pageSize, Progress progress) {
        Path trial = FileCopy.freeName(file, "recovery-check", "", JOURNAL);
        List<Path> made = new ArrayList<>();
        try {
            copyPair(file, trial, pageSize, progress, made);
            String check;
            try (Connection connection = SchemaMigrator.open(trial, false)) {
                Sql.number(connection, "SELECT count(*) FROM sqlite_master"); // SQLite rolls the journal back
                check = SchemaMigrator.checkResult(connection, trial);
            }
            if (Files.exists(journalOf(trial))) {
                throw refused(file, journalOf(file), "SQLite did not roll the write back when it tried on a copy", null);
            }
            if (!check.equals("ok")) {
                throw refused(file, journalOf(file), "rolling the write back, tried on a copy, leaves a damaged file"
                        + " (PRAGMA quick_check: " + check + "): the journal or the file is damaged", null);
            }
        } catch (SQLException e) {
            throw refused(file, journalOf(file), "SQLite could not roll the write back when it tried on a copy ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatabaseRefusedException("could not copy " + file + " and its journal to try rolling back the"
                    + " write its journal holds (" + e + "). Nothing was changed: free space beside the file, then"
                    + " start Cacherr again.", e);
        } finally {
            made.forEach(FileCopy::deleteQuietly); // the copied journal too, when SQLite stopped part-way
        }
    }

    /** A pair an earlier start backed up before it died: its journal is this journal, byte for byte. */
    private static Optional<Path> earlierBackup(Path file) {
        String prefix = file.getFileName() + ".crashed-";
        try (Stream<Path> siblings = Files.list(file.toAbsolutePath().getParent())) {
            for (Path backup : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".bak")).sorted().toList()) {
                Path journal = journalOf(backup);
                if (Files.exists(journal) && Files.mismatch(journal, journalOf(file)) == -1) {
                    LOG.info("{} and its journal were backed up to {} already, before the last start stopped", file,
                            backup);
                    return Optional.of(backup);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not look for an earlier backup of {}: {}", file, e.toString());
        }
        return Optional.empty();
    }

    /** The pair copied as it is to {@code <file>.crashed-<time>.bak} and its {@code -journal}, durably. */
    private static Path backUp(Path file, long pageSize, Progress progress) {
        Path backup = FileCopy.freeName(file, "crashed", ".bak", JOURNAL, PART, PART + JOURNAL);
        Path part = Path.of(backup + PART);
        List<Path> made = new ArrayList<>();
        boolean complete = false;
        try {
            copyPair(file, part, pageSize, progress, made);
            Files.move(journalOf(part), journalOf(backup)); // the journal first: a .bak exists only with its journal
            made.set(0, journalOf(backup));
            Files.move(part, backup);
            made.set(1, backup);
            FileCopy.syncDirectory(backup.toAbsolutePath().getParent());
            complete = true;
            LOG.info("Backed up {} and its hot journal, as they were, to {} and {}", file, backup, journalOf(backup));
            return backup;
        } catch (IOException e) {
            throw new DatabaseRefusedException("the backup copy of " + file + " and its journal to " + backup
                    + " failed (" + e + "). Nothing was changed: the file and its journal are as they were. Free space"
                    + " beside the file, then start Cacherr again.", e);
        } finally {
            if (!complete) made.forEach(FileCopy::deleteQuietly);
        }
    }

    /**
     * The journal and then the file copied to {@code to}'s journal and {@code to} (new files, forced), each noted in
     * {@code made} once complete. The journal first: another program that rolls the file back meanwhile changes only
     * pages the copied journal restores.
     */
    private static void copyPair(Path file, Path to, long pageSize, Progress progress, List<Path> made)
            throws IOException {
        try (FileChannel journal = FileChannel.open(journalOf(file), StandardOpenOption.READ)) {
            long journalPages = (journal.size() + pageSize - 1) / pageSize;
            long all = journalPages + (size(file) + pageSize - 1) / pageSize;
            FileCopy.copy(journal, journal.size(), journalOf(to), progress, pageSize, 0, all);
            made.add(journalOf(to));
            try (FileChannel data = FileChannel.open(file, StandardOpenOption.READ)) {
                FileCopy.copy(data, data.size(), to, progress, pageSize, journalPages, all);
                made.add(to);
            }
        }
    }

    /** SQLite's own rollback of the file, now that the pair is backed up. */
    private static void rollBack(Path file, Path backup) {
        long started = System.nanoTime();
        try (Connection connection = SchemaMigrator.open(file, false)) {
            Sql.number(connection, "SELECT count(*) FROM sqlite_master"); // SQLite rolls the journal back
        } catch (SQLException e) {
            throw new DatabaseRefusedException("rolling back the interrupted write in " + file + " failed ("
                    + e.getMessage() + "). The file and its journal, as they were, are backed up to " + backup
                    + " and " + journalOf(backup) + ". Start Cacherr again: SQLite goes on with the rollback.", e);
        }
        if (isHot(file)) {
            throw new DatabaseRefusedException("SQLite left the journal of " + file + " to be rolled back still. The"
                    + " file and its journal, as they were, are backed up to " + backup + " and " + journalOf(backup)
                    + ". Start Cacherr again.");
        }
        LOG.info("Rolled back the interrupted write in {} in {} ms (backed up to {} with its journal)", file,
                (System.nanoTime() - started) / 1_000_000, backup);
    }

    private static DatabaseRefusedException refused(Path file, Path journal, String why, Throwable cause) {
        return new DatabaseRefusedException(file + " was left in the middle of a write by the program that wrote it,"
                + " and " + why + ". It and its journal " + journal + " were left untouched. Keep a copy of both"
                + " together (the journal belongs to the file), then restore a backup of the database.", cause);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
