package cacherr.application.inmemory;

import cacherr.application.contract.InstrumentationContract;
import cacherr.application.port.out.Instrumentation;
import cacherr.domain.file.CacheMethod;

class CountingInstrumentationContractTest extends InstrumentationContract {
    private final CountingInstrumentation counting = new CountingInstrumentation();

    @Override
    protected Instrumentation instrumentation() {
        return counting;
    }

    @Override
    protected long operations(Instrumentation.Action action, CacheMethod method, Instrumentation.Outcome outcome) {
        return counting.operations(action, method, outcome);
    }

    @Override
    protected long reads(Instrumentation.Read read, Instrumentation.Outcome outcome) {
        return counting.reads(read, outcome);
    }

    @Override
    protected long bytesCopied() {
        return counting.bytesCopied();
    }

    @Override
    protected long bytesInFlight() {
        return counting.bytesInFlight();
    }

    @Override
    protected long batchesRunning() {
        return counting.batchesRunning();
    }

    @Override
    protected long batchFilesProcessed() {
        return counting.batchFilesProcessed();
    }
}
