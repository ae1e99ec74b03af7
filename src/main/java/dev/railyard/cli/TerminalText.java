package dev.railyard.cli;

/**
 * Text from servers and files made safe for a terminal: control characters (ESC, BEL, CR, the
 * C1 controls, DEL) and bidirectional overrides are shown as escapes instead of acting on the
 * terminal, so a table name or a session's query text cannot clear the screen, retitle the
 * window or hide what follows. JSON output does not go through here: it stays exact.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** For a line that may hold several lines: newlines and tabs stay, every other control is escaped. */
    public static String safe(String text) {
        return escape(text, true);
    }

    /** For a table cell or one-line message: newlines and tabs are escaped too. */
    public static String cell(String text) {
        return escape(text, false);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c, keepLines);
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(replacement);
        }
        return out == null ? text : out.toString();
    }

    private static String replacement(char c, boolean keepLines) {
        if (c == '\n' || c == '\t') {
            return keepLines ? null : (c == '\n' ? "\\n" : "\\t");
        }
        if (c == 0x1b) {
            return "\\e";
        }
        if (c == '\r') {
            return "\\r";
        }
        if (c == 0x07) {
            return "\\a";
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
