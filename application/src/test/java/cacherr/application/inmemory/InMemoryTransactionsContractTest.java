package cacherr.application.inmemory;

import cacherr.application.contract.TransactionsContract;
import cacherr.application.port.out.Bookkeeping;

class InMemoryTransactionsContractTest extends TransactionsContract {
    @Override
    protected Bookkeeping emptyBookkeeping() {
        return InMemoryCacherr.create().bookkeeping();
    }
}
