package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Readers that ask the same question at the same books while its answer is being read wait for that read and take its
 * answer ({@link KeptAnswers#answerAt}): read once between them. A failed read leaves each waiter to read for itself;
 * another stamp or another question never waits. The first read is held by a latch, and the second reader is known to
 * wait when its thread is parked (nothing here depends on how long anything takes; the timeouts only end a test that
 * would otherwise hang).
 */
class KeptAnswersReadOnceTest {
    private static final Duration HANG = Duration.ofMinutes(2);

    private final KeptAnswers<String, List<String>> answers = new KeptAnswers<>(List::size);
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** A read that says it began, then waits to be let go before it answers (or fails). */
    private Supplier<List<String>> heldRead(List<String> answer) {
        return () -> {
            started.countDown();
            await(release);
            if (answer == null) throw new IllegalStateException("the read failed");
            return answer;
        };
    }

    @Test
    void aReaderAskingWhileTheSameAnswerIsReadWaitsForItAndTakesIt() throws Exception {
        List<String> answer = List.of("a", "b");
        AtomicReference<List<String>> first = new AtomicReference<>();
        Thread reader = new Thread(() -> first.set(answers.answerAt("page", 7L, heldRead(answer))));
        reader.start();
        started.await();
        AtomicInteger secondReads = new AtomicInteger();
        List<String> second = askedWhileHeld(reader, () -> {
            secondReads.incrementAndGet();
            return List.of("read again");
        });
        assertSame(answer, first.get());
        assertSame(answer, second, "the answer read by the first reader");
        assertEquals(0, secondReads.get(), "read once between them");
        assertSame(answer, answers.answerAt("page", 7L, () -> List.of("not read")), "and kept");
    }

    @Test
    void whenTheReadWaitedForFailsTheWaiterReadsForItself() throws Exception {
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                answers.answerAt("page", 7L, heldRead(null));
            } catch (RuntimeException e) {
                failed.set(e);
            }
        });
        reader.start();
        started.await();
        List<String> own = List.of("its own");
        List<String> second = askedWhileHeld(reader, () -> own);
        assertEquals("the read failed", failed.get().getMessage(), "the failure is the failed reader's own");
        assertSame(own, second);
        assertSame(own, answers.answerAt("page", 7L, () -> List.of("not read")), "the waiter's answer kept");
    }

    @Test
    void anotherStampOrQuestionIsReadWithoutWaiting() throws Exception {
        Thread reader = new Thread(() -> answers.answerAt("page", 7L, heldRead(List.of("held"))));
        reader.start();
        started.await();
        try {
            List<String> newer = List.of("newer books");
            List<String> other = List.of("another page");
            assertTimeoutPreemptively(HANG, () -> {
                assertSame(newer, answers.answerAt("page", 8L, () -> newer), "another stamp");
                assertSame(other, answers.answerAt("other page", 7L, () -> other), "another question");
            });
        } finally {
            release.countDown();
            reader.join();
        }
        assertEquals(List.of("held"), answers.answerAt("page", 7L, () -> List.of("not read")));
    }

    @Test
    void aReadThatFailsWithNobodyWaitingLeavesNothingBehind() {
        assertThrows(IllegalStateException.class, () -> answers.answerAt("page", 7L, () -> {
            throw new IllegalStateException("failed");
        }));
        assertNull(answers.answerAt("page", 7L, () -> null), "nothing kept, nothing waited for");
        List<String> read = List.of("read");
        assertSame(read, answers.answerAt("page", 7L, () -> read));
    }

    /**
     * The answer at stamp 7 of a second reader ({@code read}, its own read), asked while {@code reader}'s read of it is
     * held: once the second reader is parked, the held read is let go and both are waited for.
     */
    private List<String> askedWhileHeld(Thread reader, Supplier<List<String>> read) {
        AtomicReference<List<String>> second = new AtomicReference<>();
        Thread waiter = new Thread(() -> second.set(answers.answerAt("page", 7L, read)));
        waiter.start();
        assertTimeoutPreemptively(HANG, () -> parked(waiter));
        release.countDown();
        assertTimeoutPreemptively(HANG, () -> {
            reader.join();
            waiter.join();
        });
        return second.get();
    }

    /** Returns once {@code thread} is parked (waiting for the read under way: the only place it can wait). */
    private static void parked(Thread thread) {
        while (thread.getState() != Thread.State.WAITING) {
            if (!thread.isAlive()) throw new AssertionError(thread + " ended without waiting");
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
