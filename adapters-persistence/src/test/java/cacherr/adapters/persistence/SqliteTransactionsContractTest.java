package cacherr.adapters.persistence;

import cacherr.application.contract.TransactionsContract;
import cacherr.application.port.out.Bookkeeping;

class SqliteTransactionsContractTest extends TransactionsContract {
    @Override
    protected Bookkeeping emptyBookkeeping() {
        return SharedTestDatabase.emptied();
    }
}
