package cacherr.application.inmemory;

import cacherr.application.port.out.IdGenerator;
import java.util.concurrent.atomic.AtomicLong;

/** Predictable ids ({@code id-000001}, …) that sort in the order they were made: for readable tests. */
public final class SequentialIds implements IdGenerator {
    private final AtomicLong next = new AtomicLong(1);

    @Override
    public String newId() {
        return String.format("id-%06d", next.getAndIncrement());
    }
}
