package cacherr.application.inmemory;

import cacherr.application.contract.MoverExclusionsContract;
import cacherr.application.port.out.MoverExclusions;
import java.time.Instant;
import java.util.SortedSet;

class InMemoryMoverExclusionsContractTest extends MoverExclusionsContract {
    private InMemoryMoverExclusions memory;

    @Override
    protected MoverExclusions emptyList() {
        memory = new InMemoryMoverExclusions(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")));
        return memory;
    }

    @Override
    protected String cacheRoot() {
        return "/cache";
    }

    @Override
    protected SortedSet<String> entriesAsWritten() {
        return memory.entries();
    }
}
