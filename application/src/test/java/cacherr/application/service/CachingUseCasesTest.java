package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.InMemoryCacheStorage;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.AdoptFileCommand;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CacheResult;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.UncacheResult;
import cacherr.application.port.out.StorageException;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.error.ConflictException;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.Metadata;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.UserId;
import cacherr.domain.query.LogFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachingUseCasesTest {
    static final String HEAT = "/array/movies/Heat (1995)/Heat.mkv";
    static final String HEAT_CACHED = "/cache/movies/Heat (1995)/Heat.mkv";
    static final byte[] CONTENT = "the whole movie".getBytes(StandardCharsets.UTF_8);
    static final UserId ALICE = new UserId("alice");
    static final UserId BOB = new UserId("bob");

    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final Cacherr app = memory.app();

    CachingUseCasesTest() {
        memory.storage().write(HEAT, CONTENT);
    }

    static CacheFileCommand cacheHeatFor(UserId user, OperationType operation) {
        return new CacheFileCommand(HEAT, operation, user, null, null, new Metadata("{\"rating_key\":\"42\"}"));
    }

    List<AuditEntry> log() {
        return memory.journal().list(LogFilter.LATEST).items();
    }

    @Test
    void cachingAFilePlacesItAndRecordsItWithItsAuditEntry() {
        CacheResult result = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST));

        CachedFile file = result.file();
        assertTrue(result.created());
        assertEquals(CacheMethod.ATOMIC_SYMLINK, file.cacheMethod(), "the configured default");
        assertEquals(HEAT_CACHED, file.cachedPath());
        assertEquals(CONTENT.length, file.sizeBytes());
        assertEquals(List.of(ALICE), file.users());
        assertEquals("{\"rating_key\":\"42\"}", file.metadata().json());
        assertTrue(memory.storage().isSymlink(HEAT), "the media path now points at the cache");
        assertArrayEquals(CONTENT, memory.storage().read(HEAT));
        assertEquals(file, app.getFile().get(file.id()));

        AuditEntry entry = log().get(0);
        assertEquals(AuditAction.CACHE_ADD, entry.action());
        assertTrue(entry.success());
        assertEquals(HEAT, entry.filePath());
        assertEquals(ALICE, entry.user());
        assertEquals("watchlist", entry.triggeredBy());
        assertEquals(List.of(), memory.journal().unfinished(), "the file operation finished");
    }

    @Test
    void cachingAPathAlreadyCachedKeepsItsIdAndGainsTheUser() {
        CachedFile first = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)).file();
        app.recordAccess().recordAccess(new cacherr.application.port.in.RecordAccessCommand(first.id(), ALICE));

        CacheResult again = app.cacheFile().cache(cacheHeatFor(BOB, OperationType.ONDECK));

        assertEquals(CacheResult.Outcome.USER_ADDED, again.outcome());
        assertEquals(first.id(), again.file().id());
        assertEquals(List.of(ALICE, BOB), again.file().users());
        assertEquals(1, again.file().accessCount(), "counters survive");
        assertEquals(CacheResult.Outcome.UNCHANGED, app.cacheFile().cache(cacheHeatFor(BOB, OperationType.ONDECK)).outcome());
    }

    @Test
    void aFileBeingWatchedIsCopiedNeverSwapped() {
        CachedFile file = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.ACTIVE_WATCHING)).file();

        assertEquals(CacheMethod.ATOMIC_COPY, file.cacheMethod());
        assertFalse(memory.storage().isSymlink(HEAT));
        assertArrayEquals(CONTENT, memory.storage().read(HEAT_CACHED));
    }

    @Test
    void aFileReportedInUseIsCopiedEvenWhenASymlinkWasAsked() {
        memory.storage().setInUse(HEAT, true);

        CachedFile file = app.cacheFile().cache(new CacheFileCommand(HEAT, OperationType.WATCHLIST, ALICE, null,
                CacheMethod.ATOMIC_SYMLINK, null)).file();

        assertEquals(CacheMethod.ATOMIC_COPY, file.cacheMethod());
        assertFalse(memory.storage().isSymlink(HEAT));
    }

    @Test
    void aHardLinkedOriginalIsCopiedAndTheLogSaysWhy() {
        memory.storage().hardLink(HEAT, "/array/downloads/Heat.mkv");

        CacheResult result = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST));

        assertEquals(CacheMethod.ATOMIC_COPY, result.file().cacheMethod());
        assertTrue(result.note().contains("hard links"), result.note());
        assertTrue(log().get(0).metadata().json().contains("hard links"), log().get(0).metadata().json());
    }

    @Test
    void aFailedPlacementLeavesNothingButItsLogEntry() {
        memory.storage().failNextPlace(new StorageException(StorageException.Problem.IO_FAILURE, "disk on fire"));
        var before = memory.storage().paths();

        StorageException failure = assertThrows(StorageException.class,
                () -> app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)));

        assertEquals("disk on fire", failure.getMessage());
        assertEquals(before, memory.storage().paths());
        assertTrue(memory.files().findByPath(HEAT).isEmpty());
        AuditEntry entry = log().get(0);
        assertFalse(entry.success());
        assertEquals("io_failure: disk on fire", entry.errorMessage());
        assertEquals(List.of(), memory.journal().unfinished(), "rolled back, not left dangling");
    }

    @Test
    void aFailureToRecordAfterPlacingTakesTheFileBackOffTheCache() {
        FailingStore store = new FailingStore(memory);
        Cacherr failing = store.app();
        store.failNextSave();

        assertThrows(IllegalStateException.class, () -> failing.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)));

        assertFalse(memory.storage().isSymlink(HEAT), "the original is back under its media path");
        assertArrayEquals(CONTENT, memory.storage().read(HEAT));
        assertFalse(memory.storage().exists(HEAT_CACHED));
        assertEquals(Set.of(HEAT), memory.storage().paths(), "no backup or copy left behind");
        assertTrue(memory.files().findByPath(HEAT).isEmpty());
        assertFalse(log().get(0).success());
        assertEquals(List.of(), memory.journal().unfinished());
    }

    @Test
    void aPathOutsideTheRootsIsRefusedAndLogged() {
        StorageException refused = assertThrows(StorageException.class, () -> app.cacheFile().cache(
                new CacheFileCommand("/etc/passwd", OperationType.MANUAL, ALICE, null, null, null)));

        assertEquals(StorageException.Problem.OUTSIDE_ROOTS, refused.problem());
        assertFalse(log().get(0).success());
        assertEquals("/etc/passwd", log().get(0).filePath());
    }

    @Test
    void aMissingFileIsRefused() {
        StorageException refused = assertThrows(StorageException.class, () -> app.cacheFile().cache(
                new CacheFileCommand("/array/movies/nothing.mkv", OperationType.MANUAL, ALICE, null, null, null)));
        assertEquals(StorageException.Problem.NOT_FOUND, refused.problem());
    }

    @Test
    void uncachingRestoresTheOriginalAndMarksTheFileRemoved() {
        CachedFile file = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)).file();

        UncacheResult result = app.uncacheFile().uncache(new UncacheCommand(file.id(), null, ALICE));

        assertFalse(result.postponed());
        assertEquals(FileStatus.REMOVED, result.file().status());
        assertFalse(memory.storage().isSymlink(HEAT));
        assertArrayEquals(CONTENT, memory.storage().read(HEAT));
        assertEquals(Set.of(HEAT), memory.storage().paths());
        assertEquals(AuditAction.CACHE_REMOVE, log().get(0).action());
        assertEquals("manual", log().get(0).reason());
    }

    @Test
    void removingARemovedFileIsAConflictAndAnUnknownOneIsNotFound() {
        CachedFile file = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)).file();
        app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null));

        ConflictException conflict = assertThrows(ConflictException.class,
                () -> app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null)));
        assertEquals("Heat.mkv was already removed from the cache", conflict.getMessage());
        assertThrows(NotFoundException.class, () -> app.uncacheFile().uncache(new UncacheCommand(new FileId("nope"), null, null)));
        assertEquals("file id nope", log().get(0).filePath());
        assertFalse(log().get(0).success());
    }

    @Test
    void removingAFileInUseIsPostponedUntilItIsFree() {
        CachedFile file = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)).file();
        memory.storage().setInUse(HEAT_CACHED, true);

        UncacheResult result = app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null));

        assertTrue(result.postponed());
        assertEquals(FileStatus.PENDING_REMOVAL, result.file().status());
        assertTrue(memory.storage().isSymlink(HEAT), "nothing was swapped under the player");

        memory.storage().setInUse(HEAT_CACHED, false);
        var report = app.cleanup().cleanup(new cacherr.application.port.in.CleanupCommand(false, false, null));

        assertEquals(1, report.pendingRemovalsDone());
        assertEquals(FileStatus.REMOVED, app.getFile().get(file.id()).status());
        assertFalse(memory.storage().isSymlink(HEAT));
    }

    @Test
    void cachingAFileWaitingForRemovalCallsTheRemovalOff() {
        CachedFile file = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)).file();
        memory.storage().setInUse(HEAT_CACHED, true);
        app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null));

        CacheResult again = app.cacheFile().cache(cacheHeatFor(BOB, OperationType.ONDECK));

        assertEquals(FileStatus.ACTIVE, again.file().status());
        assertEquals(List.of(ALICE, BOB), again.file().users());
    }

    @Test
    void cachingARemovedFileAgainKeepsItsRecord() {
        CachedFile file = app.cacheFile().cache(cacheHeatFor(ALICE, OperationType.WATCHLIST)).file();
        app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null));

        CacheResult again = app.cacheFile().cache(cacheHeatFor(BOB, OperationType.ONDECK));

        assertEquals(CacheResult.Outcome.PLACED_AGAIN, again.outcome());
        assertEquals(file.id(), again.file().id());
        assertEquals(FileStatus.ACTIVE, again.file().status());
        assertEquals(List.of(ALICE, BOB), again.file().users());
        assertTrue(memory.storage().isSymlink(HEAT));
    }

    @Test
    void uncachingNeverLosesTheLastCopy() {
        CachedFile file = app.cacheFile().cache(new CacheFileCommand(HEAT, OperationType.MANUAL, null, null,
                CacheMethod.ATOMIC_COPY, null)).file();
        memory.storage().delete(HEAT); // the array copy is lost by someone else

        app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null));

        assertArrayEquals(CONTENT, memory.storage().read(HEAT), "the cached copy went back to the media path");
    }

    @Test
    void adoptingAFileAlreadyOnTheCacheVerifiesItFirst() {
        memory.storage().write(HEAT_CACHED, CONTENT); // copied there by an earlier version

        CachedFile adopted = app.adoptFile().adopt(new AdoptFileCommand(HEAT, CacheMethod.ATOMIC_COPY,
                OperationType.MANUAL, ALICE, null, null));

        assertEquals(FileStatus.ACTIVE, adopted.status());
        assertEquals(CONTENT.length, adopted.sizeBytes());
        assertEquals(AuditAction.CACHE_ADOPT, log().get(0).action());
        assertThrows(ConflictException.class, () -> app.adoptFile().adopt(new AdoptFileCommand(HEAT,
                CacheMethod.ATOMIC_COPY, OperationType.MANUAL, ALICE, null, null)));
    }

    @Test
    void aFileAtTheCachedPathThatHoldsOtherDataIsNeitherAdoptedNorTouched() {
        byte[] other = CONTENT.clone();
        other[0] ^= 1; // same size: only the bytes tell them apart
        memory.storage().write(HEAT_CACHED, other);

        StorageException refused = assertThrows(StorageException.class, () -> app.adoptFile().adopt(
                new AdoptFileCommand(HEAT, CacheMethod.ATOMIC_COPY, OperationType.MANUAL, ALICE, null, null)));

        assertEquals(StorageException.Problem.NOT_POSSIBLE, refused.problem());
        assertTrue(refused.getMessage().contains(HEAT_CACHED), refused.getMessage());
        assertTrue(memory.files().findByPath(HEAT).isEmpty());
        assertArrayEquals(other, memory.storage().read(HEAT_CACHED));
        assertArrayEquals(CONTENT, memory.storage().read(HEAT));
    }

    @Test
    void aFileThatIsNotOnTheCacheCannotBeAdopted() {
        StorageException refused = assertThrows(StorageException.class, () -> app.adoptFile().adopt(
                new AdoptFileCommand(HEAT, CacheMethod.ATOMIC_COPY, OperationType.MANUAL, ALICE, null, null)));

        assertEquals(StorageException.Problem.VERIFICATION_FAILED, refused.problem());
        assertTrue(memory.files().findByPath(HEAT).isEmpty());
        assertFalse(log().get(0).success());
    }

    @Test
    void theDefaultMethodComesFromTheSettings() {
        InMemoryCacherr copying = InMemoryCacherr.create(InMemoryCacheStorage.standard(),
                new CacheSettings(CacheMethod.ATOMIC_HARDLINK));
        copying.storage().write(HEAT, CONTENT);

        CachedFile file = copying.app().cacheFile().cache(cacheHeatFor(null, OperationType.MANUAL)).file();

        assertEquals(CacheMethod.ATOMIC_HARDLINK, file.cacheMethod());
        assertNull(file.triggeredByUser());
    }
}
