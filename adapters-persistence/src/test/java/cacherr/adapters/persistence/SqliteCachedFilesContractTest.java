package cacherr.adapters.persistence;

import cacherr.application.contract.CachedFilesContract;
import cacherr.application.port.out.Bookkeeping;

class SqliteCachedFilesContractTest extends CachedFilesContract {
    @Override
    protected Bookkeeping emptyBookkeeping() {
        return SharedTestDatabase.emptied();
    }
}
