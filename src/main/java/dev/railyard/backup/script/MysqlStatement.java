package dev.railyard.backup.script;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One statement of a MySQL script, as the server will receive it: executable comments that
 * apply to the server opened up, the others and the delimiter removed.
 *
 * <p>{@code text} holds the script's bytes one char per byte (ISO-8859-1), so a statement goes to
 * the server byte for byte, whatever its encoding, as the {@code mysql} client sends it; see
 * {@link MysqlScriptRunner}. {@link #preview()} decodes it for people.
 *
 * @param text the statement, one char per byte of the script
 * @param line the 1-based line of the script where it starts
 */
public record MysqlStatement(String text, int line) {

    /** The first words, readable, for messages: "INSERT INTO `orders` (`id`,`total`) VALUES ...". */
    public String preview() {
        int n = Math.min(text.length(), 240);
        byte[] head = text.substring(0, n).getBytes(StandardCharsets.ISO_8859_1);
        String flat = new String(head, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return flat.length() <= 100 && n == text.length() ? flat : flat.substring(0, Math.min(flat.length(), 97)) + "...";
    }

    /** True when the statement starts with these words, compared case-insensitively, any run of blanks matching one space. */
    public boolean startsWithWords(String words) {
        int i = 0;
        int length = text.length();
        for (int w = 0; w < words.length(); w++) {
            char expected = words.charAt(w);
            if (expected == ' ') {
                if (i >= length || !Character.isWhitespace(text.charAt(i))) {
                    return false;
                }
                while (i < length && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (i >= length || Character.toUpperCase(text.charAt(i)) != Character.toUpperCase(expected)) {
                return false;
            }
            i++;
        }
        return i == length || !isWordChar(text.charAt(i)) || !isWordChar(words.charAt(words.length() - 1));
    }

    /** The statement's first word in upper case ("INSERT", "SET", "CREATE"), or "" when it starts otherwise. */
    public String firstWord() {
        int end = 0;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toUpperCase(Locale.ROOT);
    }

    /** Length in bytes as sent to the server. */
    public int bytes() {
        return text.length();
    }

    static boolean isWordChar(char c) {
        return c == '_' || c == '$' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
