package cacherr.adapters.persistence;

import cacherr.application.contract.OperationJournalContract;
import cacherr.application.port.out.Bookkeeping;

class SqliteOperationJournalContractTest extends OperationJournalContract {
    @Override
    protected Bookkeeping emptyBookkeeping() {
        return SharedTestDatabase.emptied();
    }
}
