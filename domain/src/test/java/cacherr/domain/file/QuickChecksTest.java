package cacherr.domain.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cacherr.domain.error.InvalidInputException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick forms of the checks and words every row read from the books goes through (issue 15, "What a page costs")
 * say exactly what the rule-by-rule forms said: the same paths accepted, the same message for a refused one, the same
 * size in words as the formatter.
 */
class QuickChecksTest {
    private static final char[] ALPHABET = {'/', '.', 'a', ' ', '\u0000', '\t', '\u001f', '\u007f', '\u0085', '\u009f',
            '\u00a0', '\u00e9', '\uD83C', '\uDFAC', '\uD800', '\uFFFD'};

    /** The checks as they were, one rule after the other: the oracle. */
    private static String ruleByRule(String path) {
        if (path == null || path.isBlank()) return "file_path must not be blank";
        if (path.length() > 4096) return "file_path must be at most 4096 characters";
        if (!Texts.isClean(path)) return "file_path must not contain control characters";
        if (!Texts.isWellFormed(path)) return "file_path must not contain an unpaired surrogate (it is no character)";
        if (!path.startsWith("/")) return "file_path must be an absolute path (start with '/')";
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) return "file_path must not contain '.' or '..' segments";
        }
        return null;
    }

    private static void agrees(String path) {
        String refusal = ruleByRule(path);
        if (refusal == null) {
            assertEquals(path, Texts.requirePath("file_path", path));
        } else {
            assertEquals(refusal, assertThrows(InvalidInputException.class, () -> Texts.requirePath("file_path", path),
                    () -> "accepted: " + escaped(path)).getMessage(), () -> escaped(path));
        }
    }

    @Test
    void everyPathOfUpToFourCharactersFromTheTrickyOnesIsJudgedAsRuleByRule() {
        int n = ALPHABET.length;
        StringBuilder path = new StringBuilder();
        for (int length = 0; length <= 4; length++) {
            int combinations = (int) Math.pow(n, length);
            for (int k = 0; k < combinations; k++) {
                path.setLength(0);
                for (int i = 0, rest = k; i < length; i++, rest /= n) path.append(ALPHABET[rest % n]);
                agrees(path.toString());
                agrees("/array/" + path); // behind a real prefix too
            }
        }
        agrees(null);
    }

    @Test
    void theLengthBoundAndLongUnicodePathsAreJudgedAsRuleByRule() {
        agrees("/" + "a".repeat(4095));
        agrees("/" + "a".repeat(4096));
        agrees("/media/\uD83C\uDFAC Movies/Am\u00e9lie \"2001\"/'quoted' \u4e2d\u6587.mkv");
        agrees("/media/\uD83C\uDFAC/..");
        agrees("/media/\uD83C\uDFAC/.\uD83C\uDFAC/x");
    }

    @Test
    void aPlacementWithoutANoteIsKeptAsItIs() {
        Placement placement = new Placement("/m/a.mkv", "/array/a.mkv", "/cache/a.mkv", CacheMethod.ATOMIC_COPY, 1, null);
        assertSame(placement, placement.withoutNote());
        Placement noted = new Placement("/m/a.mkv", "/array/a.mkv", "/cache/a.mkv", CacheMethod.ATOMIC_COPY, 1, "why");
        assertEquals(placement, noted.withoutNote());
    }

    private static String formatted(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 1024) return bytes + " B";
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (Math.round(value * 10) >= 10240 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    @Test
    void sizesNextToEveryRoundingTieAreWrittenAsTheFormatterWroteThem() {
        for (int unit = 1; unit <= 5; unit++) {
            double scale = Math.pow(1024, unit);
            for (int tenths = 0; tenths < 10240; tenths += (unit == 1 ? 1 : 7)) {
                long tie = Math.round((tenths + 0.5) / 10 * scale);
                for (long bytes = tie - 3; bytes <= tie + 3; bytes++) {
                    if (bytes >= 0) assertEquals(formatted(bytes), ByteSizes.humanReadable(bytes), () -> "" + tie);
                }
            }
        }
    }

    @Test
    void randomSizesOfEveryMagnitudeAreWrittenAsTheFormatterWroteThem() {
        Random random = new Random(15);
        for (int i = 0; i < 200_000; i++) {
            long bytes = random.nextLong() >>> (1 + random.nextInt(63));
            assertEquals(formatted(bytes), ByteSizes.humanReadable(bytes), () -> "" + bytes);
        }
        for (long bytes : new long[] {Long.MAX_VALUE, (1L << 53) - 1, 1L << 53, (1L << 53) + 1, 1024L * 1024 - 52,
                1024L * 1024 - 51, 1024L * 1024 * 1024 * 1024 - 1}) {
            assertEquals(formatted(bytes), ByteSizes.humanReadable(bytes), () -> "" + bytes);
        }
    }

    @Test
    void theQuickFormAnswersForOrdinarySizes() {
        assertNotNull(ByteSizes.oneDecimal(1536, 10, 1.5), "1.5 KB is no tie");
        assertEquals("1.5", ByteSizes.oneDecimal(1536, 10, 1.5));
        assertEquals("29.3", ByteSizes.oneDecimal(31_460_000_000L, 30, 31_460_000_000.0 / (1 << 30)));
        assertEquals(null, ByteSizes.oneDecimal(1280, 10, 1.25), "1.25 KB is a tie: the formatter decides");
        assertEquals("1.3 KB", ByteSizes.humanReadable(1280));
    }

    private static String escaped(String text) {
        if (text == null) return "null";
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : c);
        return out.toString();
    }
}
