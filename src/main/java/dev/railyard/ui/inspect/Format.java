package dev.railyard.ui.inspect;

import dev.railyard.task.Sizes;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How the inspect tabs write numbers, durations and ages: the way a DBA reads them at a glance. */
final class Format {

    private Format() {
    }

    /** "30,000". */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** "0.42 ms", "12.3 ms", "850 ms", "1.4 s", "3 min 05 s". */
    static String millis(double millis) {
        if (millis < 1) {
            return String.format(Locale.ROOT, "%.2f ms", millis);
        }
        if (millis < 100) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        if (millis < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        }
        return Sizes.duration(Duration.ofMillis(Math.round(millis)));
    }

    /** "12.5 %", "<0.1 %" for small non-zero shares. */
    static String percent(double share) {
        double value = share * 100;
        if (value > 0 && value < 0.1) {
            return "<0.1 %";
        }
        return String.format(Locale.ROOT, value >= 99.95 || value == 0 ? "%.0f %%" : "%.1f %%", value);
    }

    /** A ratio as a hit rate: "99.87 %" (two decimals: the difference between 99 and 99.9 matters). */
    static String hitRatio(double ratio) {
        return String.format(Locale.ROOT, "%.2f %%", ratio * 100);
    }

    /** A number for CSV: no grouping, no trailing zeros. */
    static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** "just now", "5 min ago", "3 h ago", "9 days ago"; "never" for null. */
    static String ago(Instant when, Instant now) {
        if (when == null) {
            return "never";
        }
        Duration age = Duration.between(when, now == null ? Instant.now() : now);
        long seconds = Math.max(0, age.getSeconds());
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " days ago";
    }

    /** An uptime or age: "42 s", "17 min", "5 h 12 min", "12 days 4 h". */
    static String span(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
        }
        long days = seconds / 86_400;
        return days + (days == 1 ? " day " : " days ") + (seconds % 86_400) / 3600 + " h";
    }

    /** The first line of a statement, whitespace collapsed, cut to {@code max} characters. */
    static String oneLine(String sql, int max) {
        if (sql == null) {
            return "";
        }
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
