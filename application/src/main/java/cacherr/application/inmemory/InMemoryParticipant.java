package cacherr.application.inmemory;

/** An in-memory store that takes part in {@link InMemoryTransactions}: its state can be saved and put back. */
public interface InMemoryParticipant {
    /** A copy of the current state. */
    Object snapshot();

    /** Puts back a state returned by {@link #snapshot()}. */
    void restore(Object snapshot);
}
