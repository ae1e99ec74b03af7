package dev.railyard.backup.script;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MySQL or MariaDB server's version, as far as scripts care: which executable comments
 * ({@code /*!40101 ... *}{@code /}, {@code /*M!100000 ... *}{@code /}) it runs.
 *
 * @param mariaDb true for MariaDB
 * @param major   e.g. 10
 * @param minor   e.g. 11
 * @param patch   e.g. 19
 * @param text    what the server reported, e.g. "10.11.19-MariaDB-0+deb12u1"
 */
public record MysqlVersion(boolean mariaDb, int major, int minor, int patch, String text) {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * Reads {@code SELECT VERSION()} output. Connector/J's metadata reports MariaDB as
     * "5.5.5-10.11.19-MariaDB": the "5.5.5-" prefix is skipped.
     */
    public static MysqlVersion parse(String version) {
        String text = version == null ? "" : version.trim();
        String rest = text.startsWith("5.5.5-") ? text.substring(6) : text;
        boolean maria = rest.toLowerCase(Locale.ROOT).contains("mariadb");
        Matcher m = NUMBERS.matcher(rest);
        if (!m.find()) {
            throw new IllegalArgumentException("Not a MySQL or MariaDB version: '" + version + "'");
        }
        return new MysqlVersion(maria, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), text);
    }

    /** The number executable comments are compared with: 10.11.19 -> 101119, 8.0.36 -> 80036. */
    public int id() {
        return major * 10000 + minor * 100 + patch;
    }

    /** "MariaDB 10.11.19" or "MySQL 8.0.36". */
    public String display() {
        return (mariaDb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }

    /** MySQL before 8.1 reads exactly five digits after {@code /*!}; later servers and MariaDB read a sixth. */
    public boolean readsSixDigitVersions() {
        return mariaDb || id() >= 80100;
    }

    /**
     * Whether this server runs the content of an executable comment.
     *
     * @param commentVersion the number after {@code /*!} or {@code /*M!}, or 0 when there is none
     * @param mariaSyntax    the comment is {@code /*M!}: MariaDB only
     */
    public boolean executes(int commentVersion, boolean mariaSyntax) {
        if (mariaSyntax) {
            return mariaDb && commentVersion <= id();
        }
        if (commentVersion > id()) {
            return false;
        }
        // MariaDB treats five-digit numbers from 5.7.0 up as MySQL-only features and skips them
        // (measured on 10.11: /*!50699 runs, /*!50700 and /*!80000 do not).
        return !mariaDb || commentVersion < 50700 || commentVersion > 99999;
    }
}
