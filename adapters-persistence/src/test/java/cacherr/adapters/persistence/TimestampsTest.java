package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.adapters.persistence.schema.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written reading of the canonical form agrees with the formatter it stands in for. */
class TimestampsTest {
    @Test
    void everyCanonicalInstantReadsBackAsItWasWritten() {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(253_402_300_799L), random.nextInt(1_000_000_000))
                    .truncatedTo(ChronoUnit.MICROS);
            assertEquals(instant, Timestamps.parse(Timestamps.format(instant)), Timestamps.format(instant));
        }
        assertEquals(Instant.parse("2024-02-29T23:59:59.999999Z"), Timestamps.parse("2024-02-29T23:59:59.999999Z"));
    }

    @Test
    void textThatIsNotAnInstantIsStillRefused() {
        // (02-30 or 24:00 go to the formatter, which reads them leniently as it always did)
        for (String bad : new String[] {"2025-13-01T00:00:00.000000Z",
            "2025-01-0xT00:00:00.000000Z", "2025-01-01 00:00:00"}) {
            assertThrows(DateTimeException.class, () -> Timestamps.parse(bad), bad);
        }
    }
}
