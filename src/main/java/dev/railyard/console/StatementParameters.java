package dev.railyard.console;

import dev.railyard.backup.mysql.MysqlNames;
import dev.railyard.backup.postgres.PgNames;
import dev.railyard.db.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of a normalised statement, as statistics keep it: pg_stat_statements writes
 * {@code $1, $2} where the constants were, MySQL's digests {@code ?} (and {@code (...)} for a
 * list). To explain such a statement on a server without generic plans, the user gives a value
 * for each; {@link #substitute} puts them in as literals quoted by the dialect's helper, numbers
 * and NULL / TRUE / FALSE verbatim, so a value can never end the literal and add SQL of its own.
 *
 * <p>The text is scanned as the server would: nothing inside a string, a quoted name, a comment
 * or (PostgreSQL) a dollar-quoted body is taken for a parameter.
 */
public final class StatementParameters {

    /** A value the user gives, or a comma-separated list of them (MySQL's {@code IN (...)}). */
    public enum Kind { VALUE, LIST }

    /**
     * One parameter of the statement.
     *
     * @param name       "$1" (PostgreSQL) or "?1" (MySQL: the first question mark)
     * @param kind       a value, or a list of values
     * @param context    the words before it, for the question ("id =", "LIMIT"); may be ""
     * @param suggestion what the field starts with: "10" after LIMIT, "0" after OFFSET, "%" after LIKE; else ""
     */
    public record Parameter(String name, Kind kind, String context, String suggestion) {
    }

    /** Where a parameter sits in the text. */
    private record Occurrence(int start, int end, int parameter) {
    }

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final List<String> KEYWORDS = List.of("NULL", "TRUE", "FALSE");

    private final String sql;
    private final Dialect dialect;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<Occurrence> occurrences = new ArrayList<>();

    private StatementParameters(String sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    /** Finds the parameters of {@code sql}. */
    public static StatementParameters of(String sql, Dialect dialect) {
        StatementParameters found = new StatementParameters(sql, dialect);
        found.scan();
        return found;
    }

    /** The parameters in order ($1, $2, ... or each ? from left to right); empty when there are none. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    /** The suggestions, one per parameter, as the fields start. */
    public List<String> suggestions() {
        return parameters.stream().map(Parameter::suggestion).toList();
    }

    /**
     * The statement with every parameter replaced by the value given for it.
     *
     * @param values one per {@link #parameters()}, in the same order
     * @throws IllegalArgumentException naming the parameter when a value is missing or blank
     */
    public String substitute(List<String> values) {
        if (values.size() != parameters.size()) {
            throw new IllegalArgumentException("The statement has " + parameters.size() + " parameters; got "
                    + values.size() + " values");
        }
        List<String> literals = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("Give a value for " + p.name()
                        + (p.context().isEmpty() ? "" : " (" + p.context() + " …)"));
            }
            if (p.kind() == Kind.LIST) {
                List<String> items = new ArrayList<>();
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        items.add(literal(item.strip()));
                    }
                }
                literals.add(String.join(", ", items));
            } else {
                literals.add(literal(value.strip()));
            }
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int at = 0;
        for (Occurrence o : occurrences) {
            out.append(sql, at, o.start()).append(literals.get(o.parameter()));
            at = o.end();
        }
        return out.append(sql.substring(at)).toString();
    }

    /** A number or NULL / TRUE / FALSE as written; anything else a quoted string literal of the dialect. */
    String literal(String value) {
        if (NUMBER.matcher(value).matches()) {
            // In brackets when signed, so "x -$1" cannot become the comment "x --5".
            return value.startsWith("-") || value.startsWith("+") ? "(" + value + ")" : value;
        }
        if (KEYWORDS.contains(value.toUpperCase(Locale.ROOT))) {
            return value.toUpperCase(Locale.ROOT);
        }
        return dialect == Dialect.POSTGRESQL ? PgNames.literal(value) : MysqlNames.literal(value);
    }

    // ---- scanning

    private void scan() {
        Map<String, Integer> byName = new LinkedHashMap<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int skip = skipQuotedOrComment(i);
            if (skip > i) {
                i = skip;
            } else if (dialect == Dialect.POSTGRESQL && c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))
                    && !identifierChar(i - 1)) {
                int end = i + 1;
                while (end < n && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i, end);
                Integer index = byName.get(name);
                if (index == null) {
                    index = parameters.size();
                    byName.put(name, index);
                    parameters.add(parameter(name, Kind.VALUE, i));
                }
                occurrences.add(new Occurrence(i, end, index));
                i = end;
            } else if (dialect == Dialect.MYSQL && c == '?') {
                occurrences.add(new Occurrence(i, i + 1, parameters.size()));
                parameters.add(parameter("?" + (parameters.size() + 1), Kind.VALUE, i));
                i++;
            } else if (dialect == Dialect.MYSQL && sql.startsWith("(...)", i)) {
                occurrences.add(new Occurrence(i + 1, i + 4, parameters.size()));
                parameters.add(parameter("?" + (parameters.size() + 1), Kind.LIST, i));
                i += 5;
            } else {
                i++;
            }
        }
        // pg_stat_statements numbers in order of appearance, but a hand-written $2 before $1 is sorted.
        if (dialect == Dialect.POSTGRESQL) {
            sortByNumber();
        }
    }

    private void sortByNumber() {
        List<Parameter> sorted = new ArrayList<>(parameters);
        sorted.sort(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.name().substring(1))));
        List<Occurrence> renumbered = new ArrayList<>();
        for (Occurrence o : occurrences) {
            renumbered.add(new Occurrence(o.start(), o.end(), sorted.indexOf(parameters.get(o.parameter()))));
        }
        parameters.clear();
        parameters.addAll(sorted);
        occurrences.clear();
        occurrences.addAll(renumbered);
    }

    private Parameter parameter(String name, Kind kind, int at) {
        String context = contextBefore(at);
        String last = lastWord(context).toUpperCase(Locale.ROOT);
        String suggestion = switch (last) {
            case "LIMIT", "FIRST", "NEXT" -> "10";
            case "OFFSET" -> "0";
            case "LIKE", "ILIKE" -> "%";
            default -> "";
        };
        return new Parameter(name, kind, context, suggestion);
    }

    /** Up to three words before the parameter on its line ("WHERE id =", "LIMIT"), for the question. */
    private String contextBefore(int at) {
        int lineStart = Math.max(sql.lastIndexOf('\n', at - 1) + 1, 0);
        String before = sql.substring(Math.max(lineStart, at - 60), at).replaceAll("[(,]\\s*$", "").strip();
        String[] words = before.split("\\s+");
        int from = Math.max(0, words.length - 3);
        return String.join(" ", java.util.Arrays.asList(words).subList(from, words.length)).strip();
    }

    private static String lastWord(String context) {
        int space = context.lastIndexOf(' ');
        return space < 0 ? context : context.substring(space + 1);
    }

    private boolean identifierChar(int at) {
        if (at < 0) {
            return false;
        }
        char c = sql.charAt(at);
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The index after the string, quoted name or comment starting at {@code i}; {@code i} when none starts there. */
    private int skipQuotedOrComment(int i) {
        int n = sql.length();
        char c = sql.charAt(i);
        if (c == '-' && sql.startsWith("--", i)) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? n : end + 1;
        }
        if (c == '#' && dialect == Dialect.MYSQL) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? n : end + 1;
        }
        if (c == '/' && sql.startsWith("/*", i)) {
            int depth = 0;
            int j = i;
            while (j < n) {
                if (sql.startsWith("/*", j)) {
                    depth += dialect == Dialect.POSTGRESQL || depth == 0 ? 1 : 0; // PostgreSQL's comments nest
                    j += 2;
                } else if (sql.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return n;
        }
        if (c == '\'') {
            boolean backslashes = dialect == Dialect.MYSQL || (i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e'));
            return closing(i, '\'', backslashes);
        }
        if (c == '"') {
            return closing(i, '"', dialect == Dialect.MYSQL);
        }
        if (c == '`' && dialect == Dialect.MYSQL) {
            return closing(i, '`', false);
        }
        if (c == '$' && dialect == Dialect.POSTGRESQL && !identifierChar(i - 1)) {
            int tagEnd = i + 1;
            while (tagEnd < n && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
                tagEnd++;
            }
            if (tagEnd < n && sql.charAt(tagEnd) == '$' && !Character.isDigit(sql.charAt(i + 1))) {
                String tag = sql.substring(i, tagEnd + 1);
                int close = sql.indexOf(tag, tagEnd + 1);
                return close < 0 ? n : close + tag.length();
            }
        }
        return i;
    }

    /** After the quote that closes the one at {@code i}: a doubled quote stays inside, as does a backslash-escaped one. */
    private int closing(int i, char quote, boolean backslashes) {
        int n = sql.length();
        int j = i + 1;
        while (j < n) {
            char c = sql.charAt(j);
            if (backslashes && c == '\\') {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return n;
    }
}
