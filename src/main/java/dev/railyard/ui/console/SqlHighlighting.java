package dev.railyard.ui.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the SQL editor colours: keywords, strings (quoted, E'', dollar-quoted), comments, numbers
 * and quoted identifiers, as one pass over the text; and which bracket matches the one at the
 * caret, brackets in strings and comments not counted. Plain Java: the view turns the tokens
 * into RichTextFX style spans.
 */
public final class SqlHighlighting {

    public enum Kind {
        KEYWORD("sql-keyword"), STRING("sql-string"), COMMENT("sql-comment"), NUMBER("sql-number"),
        IDENTIFIER("sql-identifier"), BRACKET("sql-bracket");

        private final String styleClass;

        Kind(String styleClass) {
            this.styleClass = styleClass;
        }

        public String styleClass() {
            return styleClass;
        }
    }

    /** A coloured stretch of text: [start, end). */
    public record Token(int start, int end, Kind kind) {
    }

    static final Set<String> KEYWORDS = Set.of(
            "add", "all", "alter", "analyze", "and", "any", "as", "asc", "begin", "between", "by", "call", "case",
            "cast", "check", "collate", "column", "commit", "concurrently", "constraint", "copy", "create", "cross",
            "current_date", "current_timestamp", "cursor", "database", "default", "delete", "desc", "distinct", "do",
            "drop", "else", "end", "except", "exists", "explain", "extension", "false", "fetch", "filter", "first",
            "for", "foreign", "from", "full", "function", "grant", "group", "having", "if", "ilike", "in", "index",
            "inner", "insert", "intersect", "interval", "into", "is", "join", "key", "last", "lateral", "left",
            "like", "limit", "materialized", "natural", "not", "null", "nulls", "offset", "on", "only", "or",
            "order", "outer", "over", "partition", "primary", "procedure", "recursive", "references", "refresh",
            "reindex", "release", "rename", "replace", "returning", "revoke", "right", "role", "rollback", "row",
            "rows", "savepoint", "schema", "select", "sequence", "set", "show", "start", "table", "then", "to",
            "transaction", "trigger", "true", "truncate", "union", "unique", "update", "use", "user", "using",
            "vacuum", "values", "view", "when", "where", "window", "with", "without");

    private SqlHighlighting() {
    }

    /** The coloured stretches of {@code text}, in order, not overlapping. */
    public static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            int end;
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-' || c == '#') {
                end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                tokens.add(new Token(i, end, Kind.COMMENT));
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                tokens.add(new Token(i, end, Kind.COMMENT));
            } else if (c == '\'' || (c == 'E' || c == 'e') && i + 1 < n && text.charAt(i + 1) == '\'') {
                int quote = c == '\'' ? i : i + 1;
                end = quoted(text, quote, '\'', quote > i);
                tokens.add(new Token(i, end, Kind.STRING));
            } else if (c == '"' || c == '`') {
                end = quoted(text, i, c, false);
                tokens.add(new Token(i, end, Kind.IDENTIFIER));
            } else if (c == '$' && dollarTag(text, i) > 0) {
                int tagEnd = dollarTag(text, i);
                String tag = text.substring(i, tagEnd);
                int close = text.indexOf(tag, tagEnd);
                end = close < 0 ? n : close + tag.length();
                tokens.add(new Token(i, end, Kind.STRING));
            } else if (Character.isDigit(c) && (i == 0 || !isWordPart(text.charAt(i - 1)))) {
                end = i;
                while (end < n && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(i, end, Kind.NUMBER));
            } else if (isWordStart(c)) {
                end = i;
                while (end < n && isWordPart(text.charAt(end))) {
                    end++;
                }
                if (KEYWORDS.contains(text.substring(i, end).toLowerCase(Locale.ROOT))
                        && (i == 0 || text.charAt(i - 1) != '.')) {
                    tokens.add(new Token(i, end, Kind.KEYWORD));
                }
            } else {
                end = i + 1;
            }
            i = Math.max(end, i + 1);
        }
        return tokens;
    }

    /**
     * The bracket matching the one just before or at {@code caret}, as {opening, closing}; null when
     * the caret is at no bracket or its partner is missing.
     */
    public static int[] matchingBrackets(String text, int caret, List<Token> tokens) {
        for (int at : new int[] {caret - 1, caret}) {
            if (at < 0 || at >= text.length() || inToken(tokens, at)) {
                continue;
            }
            char c = text.charAt(at);
            int partner = switch (c) {
                case '(', '[', '{' -> scan(text, tokens, at, +1, c, closing(c));
                case ')', ']', '}' -> scan(text, tokens, at, -1, c, opening(c));
                default -> -2;
            };
            if (partner == -2) {
                continue;
            }
            return partner < 0 ? null : new int[] {Math.min(at, partner), Math.max(at, partner)};
        }
        return null;
    }

    private static int scan(String text, List<Token> tokens, int from, int step, char self, char partner) {
        int depth = 0;
        for (int i = from; i >= 0 && i < text.length(); i += step) {
            char c = text.charAt(i);
            if ((c == self || c == partner) && !inToken(tokens, i)) {
                depth += c == self ? 1 : -1;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean inToken(List<Token> tokens, int at) {
        int lo = 0;
        int hi = tokens.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Token t = tokens.get(mid);
            if (at < t.start()) {
                hi = mid - 1;
            } else if (at >= t.end()) {
                lo = mid + 1;
            } else {
                return t.kind() == Kind.STRING || t.kind() == Kind.COMMENT || t.kind() == Kind.IDENTIFIER;
            }
        }
        return false;
    }

    private static char closing(char c) {
        return c == '(' ? ')' : c == '[' ? ']' : '}';
    }

    private static char opening(char c) {
        return c == ')' ? '(' : c == ']' ? '[' : '{';
    }

    /**
     * After the closing quote (a doubled quote stays inside; so does a backslash escape in an E''
     * string); the end when unclosed.
     */
    private static int quoted(String text, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** The end of a dollar-quote tag ($$ or $tag$) starting at {@code at}, or -1. */
    private static int dollarTag(String text, int at) {
        int i = at + 1;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '$' && (i == at + 1 || !Character.isDigit(text.charAt(at + 1)))) {
            return i + 1;
        }
        return -1;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
