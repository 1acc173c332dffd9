package cacherr.domain.file;

import java.util.Locale;

/** The one way the project writes a size for people: {@code 0 B}, {@code 512 B}, {@code 1.5 KB}, {@code 1.4 GB}. */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSizes() {
    }

    /** Binary multiples (1 KB = 1024 B), one decimal from KB up; negative sizes are refused. */
    public static String humanReadable(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        if (bytes < 1024) return bytes + " B";
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        // 1023.95 KB would print as "1024.0 KB": carry it to the next unit instead.
        if (Math.round(value * 10) >= 10240 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String tenths = oneDecimal(bytes, 10 * unit, value);
        return (tenths != null ? tenths : String.format(Locale.ROOT, "%.1f", value)) + " " + UNITS[unit];
    }

    /**
     * {@code String.format("%.1f", value)} for {@code value = bytes / 2^shift} (exact: dividing by 1024 only moves the
     * exponent), in integer arithmetic: every row of a page is sent with its size in words, and the formatter was a
     * tenth of the page's CPU. The formatter rounds half up the shortest decimal that reads back as {@code value}, not
     * {@code value} itself; the two roundings agree unless {@code value} lies within a rounding error of a tie
     * ({@code x.x5}). Null there (and for sizes a double does not hold exactly), for the formatter to decide.
     */
    static String oneDecimal(long bytes, int shift, double value) {
        if (bytes >= (1L << 53) || shift < 1 || shift > 62 || bytes != (long) Math.scalb(value, shift)) return null;
        long scaled = bytes * 10; // value × 10 × 2^shift, below 2^57
        long tenths = scaled >>> shift;
        long rest = scaled & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        // value × 2^-52 in units of 2^-shift / 10, and then some: a tie closer than that is left to the formatter
        long margin = (scaled >>> 52) + 2;
        if (Math.abs(rest - half) <= margin) return null;
        if (rest > half) tenths++;
        return (tenths / 10) + "." + (tenths % 10);
    }
}
