package cacherr.application.port.out;

import java.time.Instant;

/** Driven port: the time. */
public interface Clock {
    Instant now();

    /** The system's clock. */
    static Clock system() {
        return Instant::now;
    }
}
