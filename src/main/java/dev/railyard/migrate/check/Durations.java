package dev.railyard.migrate.check;

/** Seconds and bytes in the words the check's messages use. */
final class Durations {

    private Durations() {
    }

    /** "42 s", "5 min", "3 h 10 min", "2 days". */
    static String words(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h " + (minutes % 60) + " min";
        }
        return (hours / 24) + " days";
    }

    /** "0 bytes", "812 kB", "42 MB", "1.3 GB" (powers of 1024, as pg_size_pretty). */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value < 10 ? String.format(java.util.Locale.ROOT, "%.1f", value) : Long.toString(Math.round(value)))
                + " " + units[unit];
    }

    /** "1,000,000". */
    static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
