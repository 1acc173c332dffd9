package cacherr.application.inmemory;

import cacherr.application.contract.BatchOperationsContract;
import cacherr.application.port.out.BatchOperations;

class InMemoryBatchOperationsContractTest extends BatchOperationsContract {
    @Override
    protected BatchOperations emptyStore() {
        return new InMemoryBatchOperations();
    }
}
