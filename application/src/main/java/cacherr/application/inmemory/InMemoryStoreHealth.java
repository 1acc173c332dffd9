package cacherr.application.inmemory;

import cacherr.application.port.out.StoreHealth;
import java.util.Optional;

/** A store health a test can spoil: sound until {@link #spoil} is called. */
public final class InMemoryStoreHealth implements StoreHealth {
    private volatile String problem;

    /** From now on the store reports {@code problem}. */
    public void spoil(String problem) {
        this.problem = problem;
    }

    @Override
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
