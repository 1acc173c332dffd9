package cacherr.application.inmemory;

import cacherr.application.port.out.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Transactions over in-memory stores: one at a time (a lock), and a failure puts every participant back as it was
 * when the outermost transaction began.
 */
public final class InMemoryTransactions implements Transactions {
    private final List<InMemoryParticipant> participants;
    private final ReentrantLock lock = new ReentrantLock(true);

    public InMemoryTransactions(InMemoryParticipant... participants) {
        this.participants = List.of(participants);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) return work.get(); // joins the transaction already open on this thread
            List<Object> saved = new ArrayList<>();
            for (InMemoryParticipant participant : participants) saved.add(participant.snapshot());
            try {
                return work.get();
            } catch (RuntimeException | Error failure) {
                for (int i = 0; i < participants.size(); i++) participants.get(i).restore(saved.get(i));
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T readOnly(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
