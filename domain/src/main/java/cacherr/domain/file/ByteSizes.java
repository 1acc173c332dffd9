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
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
