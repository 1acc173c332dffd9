package cacherr.adapters.persistence;

import java.util.ArrayList;
import java.util.List;

/** The statements a test's own thread runs through {@link Jdbc}, in order, heard through {@link Jdbc#told}. */
final class StatementsRun {
    private StatementsRun() {
    }

    /** Listens from now on: the list grows with each statement the calling thread runs (other threads' are left out). */
    static List<String> ofThisThread() {
        List<String> ran = new ArrayList<>();
        Thread mine = Thread.currentThread();
        Jdbc.told = sql -> {
            if (Thread.currentThread() == mine) ran.add(sql);
        };
        return ran;
    }

    /** Stops listening. */
    static void stop() {
        Jdbc.told = null;
    }
}
