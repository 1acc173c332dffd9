package cacherr.application.contract;

import static cacherr.application.fixtures.AuditFixtures.aSuccess;
import static cacherr.application.fixtures.CachedFileFixtures.ALICE;
import static cacherr.application.fixtures.CachedFileFixtures.T0;
import static cacherr.application.fixtures.CachedFileFixtures.aFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cacherr.application.port.out.Bookkeeping;
import cacherr.application.port.out.Transactions;
import cacherr.domain.audit.AuditAction;
import cacherr.domain.file.CachedFile;
import cacherr.domain.file.FileId;
import cacherr.domain.query.LogFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every adapter of {@link Transactions} must do over its own store and journal. */
public abstract class TransactionsContract {
    protected Bookkeeping books;

    protected abstract Bookkeeping emptyBookkeeping();

    @BeforeEach
    void open() {
        books = emptyBookkeeping();
    }

    @Test
    void workThatSucceedsCommitsFilesAndLogTogether() {
        String result = books.transactions().inTransaction(() -> {
            books.files().save(aFile("f1").build());
            books.journal().record(aSuccess("e1", AuditAction.CACHE_ADD, "/array/movies/f1.mkv", ALICE, T0));
            return "done";
        });

        assertEquals("done", result);
        assertTrue(books.files().findById(new FileId("f1")).isPresent());
        assertEquals(1, books.journal().list(LogFilter.LATEST).total());
    }

    @Test
    void workThatThrowsLeavesNoTraceInFilesOrLog() {
        books.files().save(aFile("before").build());
        IllegalStateException boom = new IllegalStateException("boom");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                books.transactions().inTransaction(() -> {
                    books.files().save(aFile("f1").build());
                    books.files().save(aFile("before").build().recordAccess(T0));
                    books.journal().record(aSuccess("e1", AuditAction.CACHE_ADD, "/array/movies/f1.mkv", ALICE, T0));
                    throw boom;
                }));

        assertSame(boom, thrown, "the failure reaches the caller unchanged");
        assertTrue(books.files().findById(new FileId("f1")).isEmpty());
        assertEquals(0, books.files().findById(new FileId("before")).orElseThrow().accessCount());
        assertEquals(0, books.journal().list(LogFilter.LATEST).total());
    }

    @Test
    void aTransactionBegunInsideAnotherJoinsIt() {
        assertThrows(IllegalStateException.class, () -> books.transactions().inTransaction(() -> {
            books.transactions().run(() -> books.files().save(aFile("inner").build()));
            throw new IllegalStateException("outer fails after the inner one returned");
        }));

        assertTrue(books.files().findById(new FileId("inner")).isEmpty());
    }

    @Test
    void aReadOnlyTransactionSeesWhatWasCommitted() {
        books.transactions().run(() -> books.files().save(aFile("f1").build()));

        assertTrue(books.transactions().readOnly(() -> books.files().findById(new FileId("f1"))).isPresent());
    }

    @Test
    void concurrentReadModifyWriteTransactionsLoseNoUpdate() throws Exception {
        books.files().save(aFile("f1").build());
        int threads = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        try {
                            books.transactions().run(() -> {
                                CachedFile file = books.files().findById(new FileId("f1")).orElseThrow();
                                books.files().save(file.recordAccess(T0));
                            });
                        } catch (RuntimeException failure) {
                            failures.add(failure);
                        }
                    }
                }));
            }
            for (Future<?> future : done) future.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertEquals(List.of(), failures);
        assertEquals(threads * each, books.files().findById(new FileId("f1")).orElseThrow().accessCount());
    }
}
