package cacherr.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Times are written as {@link Instant#toString()} writes them, whatever their year and fraction. */
class IsoInstantsTest {
    private static final ObjectMapper JSON = Json.mapper();

    private static void same(Instant instant) throws Exception {
        assertEquals("\"" + instant + "\"", JSON.writeValueAsString(instant), instant::toString);
    }

    @Test
    void randomTimesOfEveryYearAndFractionWidth() throws Exception {
        Random random = new Random(15);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            long seconds = first + (long) (random.nextDouble() * (last - first + 1));
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            same(Instant.ofEpochSecond(seconds, nanos));
        }
    }

    @Test
    void edgesAndTimesOutsideTheFourDigitYears() throws Exception {
        for (String text : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00.000001Z", "2024-02-29T23:59:59.100Z",
                "2026-01-01T00:00:00.010Z", "1900-03-01T00:00:00.000100Z")) {
            same(Instant.parse(text));
        }
        same(Instant.MIN);
        same(Instant.MAX);
        same(Instant.parse("+10000-01-01T00:00:00Z"));
        same(Instant.parse("-0001-12-31T23:59:59.5Z"));
        same(Instant.EPOCH.minusNanos(1));
    }
}
