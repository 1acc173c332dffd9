package cacherr.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The migration's copies rewrite the usual forms in SQL and call {@code canonical_ts} for the rest: the same text
     * as {@link Timestamps#canonical} for every form, edge and refusal, and no call into Java for the usual form.
     */
    @Test
    void theCopiesSqlGivesTheSameTextAsTheJavaForEveryForm() throws Exception {
        java.util.List<String> inputs = new java.util.ArrayList<>();
        Random random = new Random(13);
        java.time.format.DateTimeFormatter seconds = java.time.format.DateTimeFormatter
                .ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(4_102_444_800L), random.nextInt(1_000_000_000));
            String whole = seconds.format(instant);
            String micros = String.format("%06d", instant.getNano() / 1000);
            inputs.add(whole + "." + micros + "+00:00");
            inputs.add(whole + "+00:00");
            inputs.add(whole.replace('T', ' '));
            inputs.add(whole + "." + micros.substring(0, 3) + "Z");
        }
        for (String edge : new String[] {"2024-02-29T23:59:59.999999+00:00", "2023-02-29T10:00:00.000000+00:00",
            "2024-04-31T10:00:00.000000+00:00", "2024-01-31T23:00:00.000000+00:00", "2024-01-28T23:59:59.000001+00:00",
            "2024-12-01T00:00:00.000000+00:00", "2024-01-01T24:00:00.000000+00:00", " 2024-01-01T10:00:00.000000+00:00",
            "2024-01-01T10:00:00.000000+02:00", "2024-01-01T10:00:00.0000001+00:00",
            "0000-01-01T00:00:00.000000+00:00", "2024-02-29 12:00:00", "2024-13-01 12:00:00", "2024-01-01 24:00:00"}) {
            inputs.add(edge);
        }
        // the last days of every month, in a leap year and not, in both forms the SQL rewrites
        for (String year : new String[] {"2023", "2024", "1900", "2000"}) {
            for (int month = 1; month <= 12; month++) {
                for (int day = 27; day <= 32; day++) {
                    String date = String.format("%s-%02d-%02d", year, month, day);
                    inputs.add(date + "T23:59:59.999999+00:00");
                    inputs.add(date + " 00:00:00");
                }
            }
        }
        int[] calls = {0};
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:")) {
            org.sqlite.Function.create(c, "canonical_ts", new org.sqlite.Function() {
                @Override
                protected void xFunc() throws java.sql.SQLException {
                    calls[0]++;
                    result(Timestamps.canonical(value_text(0)));
                }
            });
            for (String input : inputs) {
                String expected;
                try {
                    expected = Timestamps.canonical(input);
                } catch (IllegalArgumentException refused) {
                    assertThrows(java.sql.SQLException.class, () -> inSql(c, input), input);
                    continue;
                }
                assertEquals(expected, inSql(c, input), input);
            }
            int before = calls[0];
            assertEquals("2025-09-03T21:15:42.123456Z", inSql(c, "2025-09-03T21:15:42.123456+00:00"));
            assertEquals("2024-06-01T00:03:18.000000Z", inSql(c, "2024-06-01 00:03:18"));
            assertEquals("2025-03-31T21:15:42.123456Z", inSql(c, "2025-03-31T21:15:42.123456+00:00"));
            assertEquals("2023-04-30T00:03:18.000000Z", inSql(c, "2023-04-30 00:03:18"));
            assertEquals(before, calls[0], "the usual forms are rewritten in SQL");
            assertThrows(java.sql.SQLException.class, () -> inSql(c, "yesterday"), "text that is no timestamp");
            assertEquals(null, inSql(c, null));
            assertTrue(calls[0] > 20_000 && calls[0] < 80_000, "Java decides the other forms: " + calls[0]);
        }
    }

    private static String inSql(java.sql.Connection c, String input) throws java.sql.SQLException {
        try (var select = c.prepareStatement("SELECT " + Timestamps.canonicalInSql("?1"))) {
            select.setString(1, input);
            try (var row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
