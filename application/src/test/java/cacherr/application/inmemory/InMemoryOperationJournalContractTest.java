package cacherr.application.inmemory;

import cacherr.application.contract.OperationJournalContract;
import cacherr.application.port.out.Bookkeeping;

class InMemoryOperationJournalContractTest extends OperationJournalContract {
    @Override
    protected Bookkeeping emptyBookkeeping() {
        return InMemoryCacherr.create().bookkeeping();
    }
}
