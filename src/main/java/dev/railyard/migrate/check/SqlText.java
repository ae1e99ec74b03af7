package dev.railyard.migrate.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Statement text reduced for matching: comments out, whitespace outside quotes made single spaces. */
final class SqlText {

    private SqlText() {
    }

    /** The statement without comments, on one line, quoted text and dollar-quoted bodies kept as they are. */
    static String clean(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        boolean space = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                space = true;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 1;
                i += 2;
                while (i < n && depth > 0) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                }
                space = true;
            } else if (Character.isWhitespace(c)) {
                space = true;
                i++;
            } else {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                int end = quotedEnd(sql, i);
                out.append(sql, i, end);
                i = end;
            }
        }
        return out.toString().strip();
    }

    /** Index after the token at {@code i}: a whole quoted string or dollar-quoted body, else one character. */
    private static int quotedEnd(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (c == '$') {
            int j = i + 1;
            while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                j++;
            }
            if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
                String tag = sql.substring(i, j + 1);
                int close = sql.indexOf(tag, j + 1);
                return close < 0 ? sql.length() : close + tag.length();
            }
        }
        return i + 1;
    }

    /** Splits at commas outside parentheses and quotes (the actions of one ALTER TABLE). */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '$') {
                i = quotedEnd(text, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        parts.add(text.substring(start).strip());
        return parts;
    }

    /** An identifier as PostgreSQL folds it: quoted keeps its case, unquoted goes lower case. */
    static String fold(String identifier) {
        String s = identifier.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\"\"", "\"");
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The last part of a possibly qualified name, folded: the key for "the same table" within one run. */
    static String tableKey(String qualified) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < qualified.length()) {
            char c = qualified.charAt(i);
            if (c == '"') {
                i = quotedEnd(qualified, i);
                continue;
            }
            if (c == '.') {
                parts.add(qualified.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(qualified.substring(start));
        return fold(parts.get(parts.size() - 1));
    }

    /** A folded name as SQL writes it: bare when PostgreSQL would fold it to itself, else double-quoted. */
    static String quote(String folded) {
        if (folded.matches("[a-z_][a-z0-9_$]*")) {
            return folded;
        }
        return "\"" + folded.replace("\"", "\"\"") + "\"";
    }

    /**
     * The statements a DO block runs, when its body is plain: {@code DO $$ BEGIN stmt; stmt; EXCEPTION ... END $$}
     * gives the statements between BEGIN and EXCEPTION (or END). Empty when the body is not of that form.
     */
    static List<String> doBlockStatements(String cleaned) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^DO (?:LANGUAGE \\S+ )?(\\$[A-Za-z_0-9]*\\$)(.*)\\1",
                java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL).matcher(cleaned);
        if (!m.find()) {
            return List.of();
        }
        String body = clean(m.group(2));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("^BEGIN (.*?)(?: EXCEPTION .*)? ?END ?;?$",
                java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL).matcher(body);
        if (!block.matches()) {
            return List.of();
        }
        List<String> statements = new ArrayList<>();
        String inner = block.group(1);
        int start = 0;
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '\'' || c == '"' || c == '$') {
                i = quotedEnd(inner, i);
                continue;
            }
            if (c == ';') {
                statements.add(inner.substring(start, i).strip());
                start = i + 1;
            }
            i++;
        }
        if (!inner.substring(start).isBlank()) {
            statements.add(inner.substring(start).strip());
        }
        return statements.stream().filter(st -> !st.isEmpty()).toList();
    }
}
