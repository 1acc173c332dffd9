package cacherr.application.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.CacheSettings;
import cacherr.application.Cacherr;
import cacherr.application.inmemory.SequentialIds;
import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.OperationJournal;
import cacherr.application.port.out.Transactions;
import cacherr.application.inmemory.InMemoryCacherr;
import cacherr.application.port.in.AttributeUserCommand;
import cacherr.application.port.in.CacheFileCommand;
import cacherr.application.port.in.CleanupCommand;
import cacherr.application.port.in.CleanupReport;
import cacherr.application.port.in.DetachUserCommand;
import cacherr.application.port.in.RecordAccessCommand;
import cacherr.application.port.in.RecoveryReport;
import cacherr.application.port.in.UncacheCommand;
import cacherr.application.port.in.UserStatisticsQuery;
import cacherr.application.port.in.VerifyCommand;
import cacherr.application.port.in.VerifyReport;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.ConflictException;
import cacherr.domain.error.InvalidInputException;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.file.FileStatus;
import cacherr.domain.file.IntegrityState;
import cacherr.domain.file.OperationType;
import cacherr.domain.file.Placement;
import cacherr.domain.file.UserId;
import cacherr.domain.query.CacheStatistics;
import cacherr.domain.query.FileCriteria;
import cacherr.domain.query.FileSort;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.UserStatistics;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MaintenanceUseCasesTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private final InMemoryCacherr memory = InMemoryCacherr.create();
    private final Cacherr app = memory.app();

    private CachedFile cached(String name, UserId user, CacheMethod method) {
        String path = "/array/movies/" + name;
        memory.storage().write(path, (name + " contents").getBytes(StandardCharsets.UTF_8));
        return app.cacheFile().cache(new CacheFileCommand(path, OperationType.WATCHLIST, user, null, method, null)).file();
    }

    private AuditEntry lastLogEntry() {
        return memory.journal().list(LogFilter.LATEST).items().get(0);
    }

    @Test
    void accessesUsersAndDetachingAreRecordedWithTheirAuditEntries() {
        CachedFile file = cached("a.mkv", ALICE, null);

        app.recordAccess().recordAccess(new RecordAccessCommand(file.id(), ALICE));
        CachedFile accessed = app.recordAccess().recordAccess(new RecordAccessCommand(file.id(), null));
        assertEquals(2, accessed.accessCount());
        assertEquals(AuditAction.CACHE_ACCESS, lastLogEntry().action());

        CachedFile shared = app.attributeUser().attribute(new AttributeUserCommand(file.id(), BOB, "shared"));
        assertEquals(List.of(ALICE, BOB), shared.users());
        assertEquals(AuditAction.USER_ATTACH, lastLogEntry().action());

        CachedFile detached = app.detachUser().detach(new DetachUserCommand(file.id(), ALICE));
        assertEquals(List.of(BOB), detached.users());
        assertEquals(AuditAction.USER_DETACH, lastLogEntry().action());

        assertThrows(NotFoundException.class, () -> app.detachUser().detach(new DetachUserCommand(file.id(), ALICE)));
        assertFalse(lastLogEntry().success(), "the refusal is in the log too");
        assertThrows(NotFoundException.class, () -> app.recordAccess().recordAccess(new RecordAccessCommand(new FileId("x"), null)));
    }

    @Test
    void accessesToARemovedFileAreAConflict() {
        CachedFile file = cached("a.mkv", ALICE, null);
        app.uncacheFile().uncache(new UncacheCommand(file.id(), null, null));

        assertThrows(ConflictException.class, () -> app.recordAccess().recordAccess(new RecordAccessCommand(file.id(), null)));
    }

    @Test
    void aCleanupDryRunPreviewsAndChangesNothing() {
        CachedFile file = cached("a.mkv", ALICE, CacheMethod.ATOMIC_COPY);
        cached("b.mkv", ALICE, CacheMethod.ATOMIC_COPY);
        memory.storage().delete(file.cachedPath());
        int logSize = memory.journal().list(LogFilter.LATEST).items().size();

        CleanupReport preview = app.cleanup().cleanup(new CleanupCommand(true, true, null));

        assertEquals(1, preview.orphanedCount());
        assertEquals(1, preview.removedCount());
        assertEquals(List.of(new CleanupReport.Change(file.id(), file.filePath(), FileStatus.ACTIVE, FileStatus.REMOVED,
                "orphaned (no cached copy at /cache/movies/a.mkv) and removed")), preview.changes());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(file.id()).status());
        assertEquals(logSize, memory.journal().list(LogFilter.LATEST).items().size(), "not even the log changed");
    }

    @Test
    void aCleanupMarksOrphansAndRemovesThemWhenAsked() {
        CachedFile lost = cached("a.mkv", ALICE, CacheMethod.ATOMIC_SYMLINK);
        CachedFile fine = cached("b.mkv", BOB, CacheMethod.ATOMIC_SYMLINK);
        memory.storage().delete(lost.cachedPath());

        CleanupReport marked = app.cleanup().cleanup(new CleanupCommand(false, false, null));
        assertEquals(1, marked.orphanedCount());
        assertEquals(0, marked.removedCount());
        assertEquals(FileStatus.ORPHANED, app.getFile().get(lost.id()).status());

        CleanupReport removed = app.cleanup().cleanup(new CleanupCommand(true, false, null));
        assertEquals(1, removed.removedCount());
        assertEquals(FileStatus.REMOVED, app.getFile().get(lost.id()).status());
        assertFalse(memory.storage().isSymlink(lost.filePath()), "the original is back in place");
        assertArrayEquals("a.mkv contents".getBytes(StandardCharsets.UTF_8), memory.storage().read(lost.filePath()));
        assertEquals(FileStatus.ACTIVE, app.getFile().get(fine.id()).status());
        assertEquals(AuditAction.CACHE_CLEANUP, lastLogEntry().action());
    }

    @Test
    void aCleanupsUserNamesWhoTriggeredItAndNarrowsNothing() {
        CachedFile alices = cached("a.mkv", ALICE, CacheMethod.ATOMIC_COPY);
        CachedFile bobs = cached("b.mkv", BOB, CacheMethod.ATOMIC_COPY);
        memory.storage().delete(alices.cachedPath());
        memory.storage().delete(bobs.cachedPath());

        CleanupReport report = app.cleanup().cleanup(new CleanupCommand(true, false, new UserId("system")));

        assertEquals(2, report.removedCount());
        assertEquals(FileStatus.REMOVED, app.getFile().get(alices.id()).status());
        assertEquals(FileStatus.REMOVED, app.getFile().get(bobs.id()).status());
        assertEquals(new UserId("system"), lastLogEntry().user());
    }

    @Test
    void aCleanupCountsTheFilesItMarkedOrphanedSoASecondRunCountsNone() {
        CachedFile lost = cached("a.mkv", ALICE, CacheMethod.ATOMIC_COPY);
        cached("b.mkv", BOB, CacheMethod.ATOMIC_COPY);
        memory.storage().delete(lost.cachedPath());

        assertEquals(1, app.cleanup().cleanup(new CleanupCommand(false, false, null)).orphanedCount());
        assertEquals(0, app.cleanup().cleanup(new CleanupCommand(false, false, null)).orphanedCount(),
                "already orphaned: not marked again");
        assertEquals(FileStatus.ORPHANED, app.getFile().get(lost.id()).status());
    }

    @Test
    void verifyingMovesFilesToTheStatusTheDiskCallsFor() {
        CachedFile file = cached("a.mkv", ALICE, CacheMethod.ATOMIC_COPY);
        byte[] copy = memory.storage().read(file.cachedPath());
        memory.storage().delete(file.cachedPath());

        VerifyReport lost = app.verifyIntegrity().verify(VerifyCommand.all());
        assertEquals(1, lost.checked());
        assertEquals(0, lost.intact());
        assertEquals(IntegrityState.CACHED_COPY_MISSING, lost.findings().get(0).state());
        assertEquals(FileStatus.ORPHANED, app.getFile().get(file.id()).status());

        memory.storage().write(file.cachedPath(), copy);
        VerifyReport back = app.verifyIntegrity().verify(VerifyCommand.all());
        assertEquals(1, back.intact());
        assertEquals(FileStatus.ACTIVE, back.findings().get(0).after());
        assertEquals(FileStatus.ACTIVE, app.getFile().get(file.id()).status());
    }

    @Test
    void verifyingWithChecksumsFindsACorruptCopy() {
        CachedFile file = cached("a.mkv", ALICE, CacheMethod.ATOMIC_COPY);
        memory.storage().write(file.cachedPath(), "a.mkv contentX".getBytes(StandardCharsets.UTF_8));

        assertEquals(1, app.verifyIntegrity().verify(VerifyCommand.all()).intact(), "same size passes a quick check");
        VerifyReport deep = app.verifyIntegrity().verify(new VerifyCommand(List.of(file.id()), true, ALICE));

        assertEquals(IntegrityState.CHECKSUM_MISMATCH, deep.findings().get(0).state());
        assertEquals(FileStatus.ORPHANED, app.getFile().get(file.id()).status());
        assertEquals(AuditAction.CACHE_VERIFY, lastLogEntry().action());
        assertEquals(file.filePath(), lastLogEntry().filePath(), "a file verified by id gets its own log entry");
    }

    @Test
    void verifyingAnUnknownIdIsNotFound() {
        assertThrows(NotFoundException.class,
                () -> app.verifyIntegrity().verify(new VerifyCommand(List.of(new FileId("nope")), false, null)));
    }

    @Test
    void purgingDeletesOnlyRecordsRemovedLongEnoughAgo() {
        CachedFile old = cached("old.mkv", ALICE, null);
        CachedFile recent = cached("recent.mkv", ALICE, null);
        CachedFile live = cached("live.mkv", ALICE, null);
        app.uncacheFile().uncache(new UncacheCommand(old.id(), null, null));
        memory.clock().advance(Duration.ofDays(10));
        app.uncacheFile().uncache(new UncacheCommand(recent.id(), null, null));

        assertEquals(1, app.purgeRemoved().purgeRemovedOlderThan(7));

        assertTrue(memory.files().findById(old.id()).isEmpty());
        assertTrue(memory.files().findById(recent.id()).isPresent());
        assertTrue(memory.files().findById(live.id()).isPresent());
        assertEquals(AuditAction.CACHE_PURGE, lastLogEntry().action());
        assertThrows(InvalidInputException.class, () -> app.purgeRemoved().purgeRemovedOlderThan(-1));
    }

    @Test
    void pruningTheLogKeepsRecentEntriesAndSaysSo() {
        cached("a.mkv", ALICE, null);
        memory.clock().advance(Duration.ofDays(40));
        cached("b.mkv", ALICE, null);

        assertEquals(1, app.pruneOperationLog().pruneOlderThan(30));

        List<AuditEntry> left = memory.journal().list(LogFilter.LATEST).items();
        assertEquals(AuditAction.LOG_PRUNE, left.get(0).action());
        assertEquals(2, left.size());
        assertEquals(2, memory.files().statistics().totalFiles(), "pruning never touches files");
    }

    /**
     * A long log is pruned in transactions of at most {@code PRUNE_BATCH} entries each, so a write waits behind one
     * batch, never behind the whole prune (issue 15: 441,240 rows in one transaction held an access write 41 s).
     * Doubles around the in-memory journal and transactions note which transaction each prune ran in.
     */
    @Test
    void pruningALongLogRunsInSmallTransactions() {
        int old = 2 * MaintenanceService.PRUNE_BATCH + 7;
        for (int i = 0; i < old; i++) {
            memory.journal().record(new AuditEntry(String.format("old-%05d", i), AuditAction.CACHE_ACCESS,
                    "/array/a.mkv", "api", null, "r", true, null, null, memory.clock().now()));
        }
        memory.clock().advance(Duration.ofDays(40));
        int[] transaction = {0, 0}; // depth, number of the outermost one
        List<int[]> prunes = new ArrayList<>(); // transaction, deleted
        Transactions real = memory.bookkeeping().transactions();
        Transactions counted = new Transactions() {
            @Override
            public <T> T inTransaction(Supplier<T> work) {
                if (transaction[0]++ == 0) transaction[1]++;
                try {
                    return real.inTransaction(work);
                } finally {
                    transaction[0]--;
                }
            }

            @Override
            public <T> T readOnly(Supplier<T> work) {
                return inTransaction(work);
            }
        };
        OperationJournal journal = memory.journal();
        OperationJournal observed = (OperationJournal) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {OperationJournal.class}, (proxy, method, args) -> {
                    Object result = method.invoke(journal, args);
                    if (method.getName().equals("pruneBefore")) {
                        assertTrue(transaction[0] > 0, "pruned inside a transaction");
                        prunes.add(new int[] {transaction[1], (Integer) result});
                    }
                    return result;
                });
        Cacherr counting = new Cacherr(new Bookkeeping(memory.files(), observed, counted), memory.storage(),
                memory.clock(), new SequentialIds(), CacheSettings.DEFAULTS);

        assertEquals(old, counting.pruneOperationLog().pruneOlderThan(30));

        assertEquals(List.of(MaintenanceService.PRUNE_BATCH, MaintenanceService.PRUNE_BATCH, 7),
                prunes.stream().map(p -> p[1]).toList(), "batches of at most PRUNE_BATCH, until one is short");
        assertEquals(prunes.size(), prunes.stream().map(p -> p[0]).distinct().count(), "each in its own transaction");
        List<AuditEntry> left = memory.journal().list(LogFilter.LATEST).items();
        assertEquals(1, left.size());
        assertEquals(AuditAction.LOG_PRUNE, left.get(0).action());
        assertTrue(left.get(0).metadata().json().contains("\"pruned\":" + old), left.get(0).metadata().json());
    }

    @Test
    void pruningStopsBetweenBatchesWhenItsThreadIsInterruptedAndRecordsWhatItPruned() {
        int old = 3 * MaintenanceService.PRUNE_BATCH;
        for (int i = 0; i < old; i++) {
            memory.journal().record(new AuditEntry(String.format("old-%05d", i), AuditAction.CACHE_ACCESS,
                    "/array/a.mkv", "api", null, "r", true, null, null, memory.clock().now()));
        }
        memory.clock().advance(Duration.ofDays(40));
        OperationJournal journal = memory.journal();
        // the service stopping while the first batch runs: its thread is interrupted
        OperationJournal stopped = (OperationJournal) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {OperationJournal.class}, (proxy, method, args) -> {
                    Object result = method.invoke(journal, args);
                    if (method.getName().equals("pruneBefore")) Thread.currentThread().interrupt();
                    return result;
                });
        Cacherr stopping = new Cacherr(new Bookkeeping(memory.files(), stopped,
                memory.bookkeeping().transactions()), memory.storage(), memory.clock(), new SequentialIds(),
                CacheSettings.DEFAULTS);
        try {
            assertEquals(MaintenanceService.PRUNE_BATCH, stopping.pruneOperationLog().pruneOlderThan(30));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        List<AuditEntry> left = memory.journal().list(LogFilter.LATEST).items();
        assertEquals(old - MaintenanceService.PRUNE_BATCH + 1, memory.journal().list(LogFilter.LATEST).total());
        assertEquals(AuditAction.LOG_PRUNE, left.get(0).action());
        assertTrue(left.get(0).metadata().json().contains("\"stopped_early\":true")
                && left.get(0).metadata().json().contains("\"pruned\":" + MaintenanceService.PRUNE_BATCH),
                left.get(0).metadata().json());
    }

    @Test
    void recoveryRollsBackACacheInterruptedBeforeItWasRecorded() {
        String path = "/array/movies/crash.mkv";
        byte[] content = "precious".getBytes(StandardCharsets.UTF_8);
        memory.storage().write(path, content);
        Placement plan = memory.storage().plan(path, CacheMethod.ATOMIC_SYMLINK);
        memory.journal().begin(new FileOperationIntent("i1", IntentKind.CACHE, null, plan, memory.clock().now()));
        memory.storage().place(plan); // ... and the process died here

        RecoveryReport report = app.recoverInterruptedOperations().recover();

        assertEquals(List.of(new RecoveryReport.Recovered("i1", IntentKind.CACHE, path, IntentOutcome.ROLLED_BACK,
                "the file was taken back off the cache; its original is in place")), report.operations());
        assertFalse(memory.storage().isSymlink(path));
        assertArrayEquals(content, memory.storage().read(path));
        assertEquals(Set.of(path), memory.storage().paths());
        assertEquals(List.of(), memory.journal().unfinished());
        assertEquals(AuditAction.CACHE_RECOVER, lastLogEntry().action());
        assertTrue(lastLogEntry().metadata().json().contains("rolled_back"));
    }

    @Test
    void recoveryCompletesAnInterruptedRemoval() {
        CachedFile file = cached("a.mkv", ALICE, CacheMethod.ATOMIC_SYMLINK);
        memory.journal().begin(new FileOperationIntent("i1", IntentKind.UNCACHE, file.id(), file.placement(),
                memory.clock().now()));
        memory.storage().release(file.placement()); // ... and the process died before the books were written

        RecoveryReport report = app.recoverInterruptedOperations().recover();

        assertEquals(IntentOutcome.COMPLETED, report.operations().get(0).outcome());
        assertEquals(FileStatus.REMOVED, app.getFile().get(file.id()).status());
        assertFalse(memory.storage().isSymlink(file.filePath()));
        assertEquals(List.of(), app.inFlightOperations().inFlight());
    }

    @Test
    void aRecoveryStepThatFailsStaysUnfinishedForTheNextStart() {
        CachedFile file = cached("a.mkv", ALICE, CacheMethod.ATOMIC_SYMLINK);
        memory.journal().begin(new FileOperationIntent("i1", IntentKind.UNCACHE, file.id(), file.placement(),
                memory.clock().now()));
        memory.storage().failNextRelease(new IllegalStateException("array spun down"));

        RecoveryReport report = app.recoverInterruptedOperations().recover();

        assertNull(report.operations().get(0).outcome());
        assertEquals(1, app.inFlightOperations().inFlight().size());
        assertFalse(lastLogEntry().success());
        assertEquals(IntentOutcome.COMPLETED, app.recoverInterruptedOperations().recover().operations().get(0).outcome());
    }

    @Test
    void statisticsCountAccessesIntoTheHitRatio() {
        CachedFile a = cached("a.mkv", ALICE, null);
        cached("b.mkv", BOB, null);
        CachedFile c = cached("c.mkv", BOB, null);
        app.recordAccess().recordAccess(new RecordAccessCommand(a.id(), ALICE));
        app.uncacheFile().uncache(new UncacheCommand(c.id(), null, null));

        CacheStatistics stats = app.cacheStatistics().statistics();

        assertEquals(2, stats.totalFiles());
        assertEquals(2, stats.usersCount());
        assertEquals(0.5, stats.hitRatio(), 1e-9);
        assertEquals(a.filePath(), stats.mostAccessedFile());
    }

    @Test
    void userStatisticsCoverTheAskedPeriod() {
        cached("old.mkv", ALICE, null);
        memory.clock().advance(Duration.ofDays(20));
        cached("new.mkv", ALICE, null);

        UserStatistics week = app.userStatistics().statistics(new UserStatisticsQuery(ALICE, 7));
        UserStatistics month = app.userStatistics().statistics(new UserStatisticsQuery(ALICE, 30));

        assertEquals(1, week.totalFiles());
        assertEquals(2, month.totalFiles());
        assertEquals(OperationType.WATCHLIST, month.mostCommonOperation());
        assertThrows(InvalidInputException.class, () -> new UserStatisticsQuery(ALICE, 0));
    }

    @Test
    void exportHandsOverEveryMatchingFileInOrder() {
        for (int i = 0; i < 30; i++) cached(String.format("m%02d.mkv", i), i % 3 == 0 ? ALICE : BOB, null);
        List<String> names = new ArrayList<>();

        long count = app.exportFiles().export(FileCriteria.ANY.withUser(ALICE), new FileSort(FileSort.Field.FILENAME, false),
                f -> names.add(f.filename()));

        assertEquals(10, count);
        assertEquals("m00.mkv", names.get(0));
        assertEquals("m27.mkv", names.get(9));
        assertEquals(2, app.listUsers().users().size());
    }

    @Test
    void activityListsEveryDayOfThePeriodWithWhatWasCached() {
        cached("a.mkv", ALICE, null);
        memory.clock().advance(Duration.ofDays(2));
        cached("b.mkv", ALICE, null);
        cached("c.mkv", BOB, null);

        var days = app.cacheActivity().cachedPerDay(3);

        assertEquals(3, days.size());
        assertEquals(List.of(1L, 0L, 2L), days.stream().map(d -> d.files()).toList());
        assertEquals(java.time.LocalDate.parse("2026-01-03"), days.get(2).day());
        assertThrows(InvalidInputException.class, () -> app.cacheActivity().cachedPerDay(0));
    }
}
