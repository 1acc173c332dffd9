package cacherr.adapters.persistence;

import cacherr.application.contract.BatchOperationsContract;
import cacherr.application.port.out.BatchOperations;

class SqliteBatchOperationsContractTest extends BatchOperationsContract {
    @Override
    protected BatchOperations emptyStore() {
        return SharedTestDatabase.emptiedBatches();
    }
}
