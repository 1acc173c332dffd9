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

    /** The forms the original wrote, rewritten by hand for speed, give what the formatter gave (issue 15, item 3). */
    @Test
    void everyFormOfTheOriginalBecomesTheSameCanonicalInstant() {
        Random random = new Random(9);
        java.time.format.DateTimeFormatter seconds = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(4_102_444_800L), random.nextInt(1_000_000_000));
            String whole = seconds.format(instant);
            String nanos = String.format("%09d", instant.getNano());
            int digits = 1 + random.nextInt(9);
            Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS)
                    .plusNanos(Long.parseLong((nanos.substring(0, digits) + "000000000").substring(0, 9)));
            String[] forms = {whole + "." + nanos.substring(0, digits) + "+00:00", whole + "+00:00",
                whole.replace('T', ' '), whole + "Z", whole + "." + nanos.substring(0, digits)};
            Instant[] meant = {truncated, instant.truncatedTo(ChronoUnit.SECONDS),
                instant.truncatedTo(ChronoUnit.SECONDS), instant.truncatedTo(ChronoUnit.SECONDS), truncated};
            for (int f = 0; f < forms.length; f++) {
                assertEquals(Timestamps.format(meant[f]), Timestamps.canonical(forms[f]), forms[f]);
                assertEquals(Timestamps.format(meant[f]), Timestamps.canonical(" " + forms[f] + " "), forms[f]);
            }
        }
        // other offsets still go through the formatter
        assertEquals("2025-09-03T19:15:42.500000Z", Timestamps.canonical("2025-09-03T21:15:42.5+02:00"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.canonical("2025-13-01T00:00:00+00:00"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.canonical("yesterday"));
    }
}
