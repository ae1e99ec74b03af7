package dev.railyard.profile;

import java.util.Locale;
import java.util.Optional;

/**
 * What a profile may be called. A name is a folder name (its backup catalog), a command-line
 * argument and a label people tell apart on screen, so: 1 to 64 printable characters, no path or
 * shell-special characters, no control, format (bidirectional overrides, zero-width) or
 * surrounding space characters, not starting with - or . — and unique without regard to case, as
 * "Shop" and "shop" would share one backup folder on a case-insensitive disk.
 */
public final class ProfileNames {

    private static final String FORBIDDEN = "/\\:*?\"<>|";

    public static final String RULE = "use up to 64 letters, digits, spaces, dots, dashes or underscores, "
            + "not starting with - or . and without spaces around it";

    private ProfileNames() {
    }

    /** Why {@code name} cannot be a profile's name; empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("A profile needs a name");
        }
        if (name.length() > 64 || name.startsWith("-") || name.startsWith(".") || !name.equals(name.strip())
                || name.codePoints().anyMatch(ProfileNames::unprintable)) {
            return Optional.of("'" + visible(name) + "' cannot be a profile name: " + RULE);
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with the rule when the name is not allowed. */
    public static void require(String name) {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** True when both names stand for the same profile: they differ at most in case. */
    public static boolean same(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) || a.equalsIgnoreCase(b);
    }

    private static boolean unprintable(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || FORBIDDEN.indexOf(c) >= 0
                || type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || ((Character.isWhitespace(c) || type == Character.SPACE_SEPARATOR) && c != ' ');
    }

    /** The name with invisible characters shown as \\u escapes, for messages. */
    private static String visible(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (unprintable(c) && FORBIDDEN.indexOf(c) < 0) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
