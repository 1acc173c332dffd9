package cacherr.application.port.out;

import cacherr.domain.file.IntegrityState;
import java.util.Objects;

/**
 * The result of an integrity check of one placement.
 *
 * @param state  what was found
 * @param detail a sentence for people ("cached copy has 1200 bytes, expected 4096")
 */
public record Inspection(IntegrityState state, String detail) {
    public Inspection {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    public static Inspection intact() {
        return new Inspection(IntegrityState.INTACT, "cached copy verified");
    }
}
