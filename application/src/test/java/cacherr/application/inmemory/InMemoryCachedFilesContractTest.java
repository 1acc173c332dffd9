package cacherr.application.inmemory;

import cacherr.application.contract.CachedFilesContract;
import cacherr.application.port.out.Bookkeeping;

class InMemoryCachedFilesContractTest extends CachedFilesContract {
    @Override
    protected Bookkeeping emptyBookkeeping() {
        return InMemoryCacherr.create().bookkeeping();
    }
}
