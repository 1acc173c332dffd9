package cacherr.application.port.out;

import java.util.UUID;

/** Driven port: fresh unique ids for files, log entries and journalled operations. */
public interface IdGenerator {
    String newId();

    /** Random UUIDs, the form the original Cacherr used. */
    static IdGenerator randomUuids() {
        return () -> UUID.randomUUID().toString();
    }
}
