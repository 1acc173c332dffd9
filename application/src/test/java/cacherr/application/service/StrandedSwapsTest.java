package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.RecoveryReport;
import cacherr.application.port.in.UncacheCommand;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.LogFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The books lost (a deleted database) while media paths stay swapped onto the cache: the next start finds them by the
 * cache alone and adopts them back, or restores the original when the copy cannot be trusted; never strands them.
 */
class StrandedSwapsTest {
    private static final String MOVIE = "/array/movies/Heat.mkv";
    private static final byte[] CONTENT = "the whole film".getBytes(StandardCharsets.UTF_8);

    private final InMemoryCacherr before = InMemoryCacherr.create();

    /** The same disks with empty books: what a restart sees after its database was deleted. */
    private InMemoryCacherr afterTheBooksWereLost() {
        return InMemoryCacherr.create(before.storage(), CacheSettings.DEFAULTS);
    }

    private void cachedAsSymlink() {
        before.storage().write(MOVIE, CONTENT);
        before.app().cacheFile().cache(new CacheFileCommand(MOVIE, OperationType.WATCHLIST, new UserId("alice"), null,
                CacheMethod.ATOMIC_SYMLINK, null));
        assertTrue(before.storage().isSymlink(MOVIE));
    }

    @Test
    void aSwappedFileWithoutARecordIsAdoptedBackAndCanThenBeTakenOffTheCache() {
        cachedAsSymlink();
        InMemoryCacherr after = afterTheBooksWereLost();

        RecoveryReport report = after.app().recoverInterruptedOperations().recover();

        assertEquals(1, report.reclaimed().size());
        assertEquals(MOVIE, report.reclaimed().get(0).mediaPath());
        assertEquals(RecoveryReport.Reclaimed.ADOPTED, report.reclaimed().get(0).outcome());
        CachedFile adopted = after.files().findByPath(MOVIE).orElseThrow();
        assertEquals(FileStatus.ACTIVE, adopted.status());
        assertEquals(CacheMethod.ATOMIC_SYMLINK, adopted.placement().method());
        assertEquals(CONTENT.length, adopted.placement().sizeBytes());
        assertTrue(after.storage().isSymlink(MOVIE), "nothing moved on disk");
        AuditEntry entry = lastLogEntry(after);
        assertEquals(AuditAction.CACHE_ADOPT, entry.action());
        assertEquals("startup", entry.triggeredBy());
        assertEquals(StrandedSwaps.REASON, entry.reason());
        assertTrue(entry.metadata().json().contains("\"outcome\":\"adopted\""), entry.metadata().json());
        assertFalse(entry.metadata().json().contains("\"detail\""), entry.metadata().json());

        after.app().uncacheFile().uncache(new UncacheCommand(adopted.id(), null, null));
        assertFalse(after.storage().isSymlink(MOVIE));
        assertArrayEquals(CONTENT, after.storage().read(MOVIE));
        assertTrue(after.app().recoverInterruptedOperations().recover().reclaimed().isEmpty());
    }

    @Test
    void aSwappedFileWhoseCopyWasEditedIsAdoptedWithBothCopiesKeptNotRestoredOverTheEdit() {
        cachedAsSymlink();
        String cached = before.files().findByPath(MOVIE).orElseThrow().placement().cachedPath();
        byte[] edited = "the film, retagged".getBytes(StandardCharsets.UTF_8);
        before.storage().write(cached, edited);
        InMemoryCacherr after = afterTheBooksWereLost();

        RecoveryReport report = after.app().recoverInterruptedOperations().recover();

        RecoveryReport.Reclaimed reclaimed = report.reclaimed().get(0);
        assertEquals(RecoveryReport.Reclaimed.ADOPTED, reclaimed.outcome(), report.toString());
        assertTrue(reclaimed.detail().contains("other data"), reclaimed.detail());
        assertTrue(after.storage().isSymlink(MOVIE), "nothing moved on disk");
        assertArrayEquals(edited, after.storage().read(cached), "the edited copy is kept");
        assertArrayEquals(edited, after.storage().read(MOVIE), "the media path still serves the edit");
        assertTrue(after.files().findByPath(MOVIE).isPresent(), "the books know it again");
        AuditEntry entry = lastLogEntry(after);
        assertEquals(AuditAction.CACHE_ADOPT, entry.action());
        assertTrue(entry.metadata().json().contains("\"outcome\":\"adopted\""), entry.metadata().json());
        assertTrue(entry.metadata().json().contains("holds other data"), "the log says why it was not restored: "
                + entry.metadata().json());
    }

    @Test
    void aSwappedFileTheBooksKnowIsLeftAlone() {
        cachedAsSymlink();
        RecoveryReport report = before.app().recoverInterruptedOperations().recover();
        assertEquals(List.of(), report.reclaimed());
        assertEquals(1, before.files().statistics().totalFiles());
    }

    private static AuditEntry lastLogEntry(InMemoryCacherr memory) {
        return memory.journal().list(LogFilter.LATEST).items().get(0);
    }
}
