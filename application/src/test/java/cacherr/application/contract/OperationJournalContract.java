package cacherr.application.contract;

import static cacherr.application.fixtures.AuditFixtures.aFailure;
import static cacherr.application.fixtures.AuditFixtures.aSuccess;
import static cacherr.application.fixtures.CachedFileFixtures.ALICE;
import static cacherr.application.fixtures.CachedFileFixtures.BOB;
import static cacherr.application.fixtures.CachedFileFixtures.T0;
import static cacherr.application.fixtures.CachedFileFixtures.placementOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.OperationJournal;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.audit.AuditEntry;
import cacherr.domain.audit.FileOperationIntent;
import cacherr.domain.audit.IntentKind;
import cacherr.domain.audit.IntentOutcome;
import cacherr.domain.error.NotFoundException;
import cacherr.domain.file.CacheMethod;
import cacherr.domain.file.FileId;
import cacherr.domain.query.LogFilter;
import cacherr.domain.query.Page;
import cacherr.domain.query.Paging;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every adapter of {@link OperationJournal} must do. Subclasses hand over an empty journal for each test. */
public abstract class OperationJournalContract {
    protected OperationJournal journal;

    protected abstract Bookkeeping emptyBookkeeping();

    @BeforeEach
    void openJournal() {
        journal = emptyBookkeeping().journal();
    }

    private static Instant t(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static List<String> ids(Page<AuditEntry> page) {
        return page.items().stream().map(AuditEntry::id).collect(Collectors.toList());
    }

    private static LogFilter all() {
        return new LogFilter(null, null, null, null, null, null, new Paging(500, 0));
    }

    @Test
    void anEntryComesBackExactlyAsRecorded() {
        AuditEntry success = aSuccess("e1", AuditAction.CACHE_ADD, "/array/movies/Heat.mkv", ALICE,
                Instant.parse("2025-09-03T21:15:42.123456Z"));
        AuditEntry failure = aFailure("e2", AuditAction.CACHE_REMOVE, "/array/movies/Heat.mkv", t(1));
        journal.record(success);
        journal.record(failure);

        assertEquals(List.of(failure, success), journal.list(all()).items());
    }

    @Test
    void entriesAreListedNewestFirstWithTiesBrokenById() {
        journal.record(aSuccess("b", AuditAction.CACHE_ADD, "/array/x", ALICE, t(1)));
        journal.record(aSuccess("a", AuditAction.CACHE_ADD, "/array/x", ALICE, t(1)));
        journal.record(aSuccess("c", AuditAction.CACHE_ADD, "/array/x", ALICE, t(0)));
        journal.record(aSuccess("d", AuditAction.CACHE_ADD, "/array/x", ALICE, t(2)));

        assertEquals(List.of("d", "b", "a", "c"), ids(journal.list(all())));
        Page<AuditEntry> second = journal.list(new LogFilter(null, null, null, null, null, null, new Paging(2, 2)));
        assertEquals(List.of("a", "c"), ids(second));
        assertEquals(4, second.total());
    }

    @Test
    void entriesAreFilteredByEveryCriterion() {
        journal.record(aSuccess("1", AuditAction.CACHE_ADD, "/array/a", ALICE, t(1)));
        journal.record(aSuccess("2", AuditAction.CACHE_ACCESS, "/array/a", BOB, t(2)));
        journal.record(aFailure("3", AuditAction.CACHE_ADD, "/array/b", t(3)));
        journal.record(aSuccess("4", AuditAction.USER_ATTACH, "/array/b", ALICE, t(4)));

        assertEquals(List.of("3", "1"), ids(journal.list(new LogFilter(AuditAction.CACHE_ADD, null, null, null, null, null, Paging.FIRST))));
        assertEquals(List.of("4", "1"), ids(journal.list(new LogFilter(null, ALICE, null, null, null, null, Paging.FIRST))));
        assertEquals(List.of("4", "3"), ids(journal.list(new LogFilter(null, null, "/array/b", null, null, null, Paging.FIRST))));
        assertEquals(List.of("3"), ids(journal.list(new LogFilter(null, null, null, false, null, null, Paging.FIRST))));
        assertEquals(List.of("3", "2"), ids(journal.list(new LogFilter(null, null, null, null, t(2), t(4), Paging.FIRST))),
                "since is inclusive, until exclusive");
    }

    @Test
    void pruningDeletesOnlyOlderEntries() {
        journal.record(aSuccess("1", AuditAction.CACHE_ADD, "/array/a", ALICE, t(1)));
        journal.record(aSuccess("2", AuditAction.CACHE_ADD, "/array/a", ALICE, t(2)));
        journal.record(aSuccess("3", AuditAction.CACHE_ADD, "/array/a", ALICE, t(3)));

        assertEquals(1, journal.pruneBefore(t(2)));
        assertEquals(List.of("3", "2"), ids(journal.list(all())));
        assertEquals(0, journal.pruneBefore(t(2)));
    }

    @Test
    void pruningInBatchesDeletesTheOldestFirstAndNoMoreThanAsked() {
        journal.record(aSuccess("b", AuditAction.CACHE_ADD, "/array/a", ALICE, t(1)));
        journal.record(aSuccess("a", AuditAction.CACHE_ADD, "/array/a", ALICE, t(1))); // a tie: by id
        journal.record(aSuccess("c", AuditAction.CACHE_ADD, "/array/a", ALICE, t(2)));
        journal.record(aSuccess("d", AuditAction.CACHE_ADD, "/array/a", ALICE, t(5)));

        assertEquals(1, journal.pruneBefore(t(5), 1));
        assertEquals(List.of("d", "c", "b"), ids(journal.list(all())));
        assertEquals(2, journal.pruneBefore(t(5), 2));
        assertEquals(List.of("d"), ids(journal.list(all())));
        assertEquals(0, journal.pruneBefore(t(5), 2));
    }

    @Test
    void intentsStayUnfinishedUntilFinished() {
        FileOperationIntent first = new FileOperationIntent("i1", IntentKind.CACHE, null,
                placementOf("movies/a.mkv", 10, CacheMethod.ATOMIC_SYMLINK), t(1));
        FileOperationIntent second = new FileOperationIntent("i2", IntentKind.UNCACHE, new FileId("f9"),
                placementOf("movies/b.mkv", 20, CacheMethod.ATOMIC_COPY), t(2));
        journal.begin(second);
        journal.begin(first);

        assertEquals(List.of(first, second), journal.unfinished(), "oldest first, exactly as begun");

        journal.finish("i1", IntentOutcome.COMPLETED, t(3));
        assertEquals(List.of(second), journal.unfinished());
        journal.finish("i2", IntentOutcome.ROLLED_BACK, t(4));
        assertEquals(List.of(), journal.unfinished());
    }

    @Test
    void finishingAnUnknownOrFinishedIntentIsRefused() {
        assertThrows(NotFoundException.class, () -> journal.finish("nope", IntentOutcome.COMPLETED, t(1)));
        journal.begin(new FileOperationIntent("i1", IntentKind.CACHE, null,
                placementOf("movies/a.mkv", 10, CacheMethod.ATOMIC_COPY), t(1)));
        journal.finish("i1", IntentOutcome.COMPLETED, t(2));
        assertThrows(NotFoundException.class, () -> journal.finish("i1", IntentOutcome.COMPLETED, t(3)));
    }
}
