package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.ScriptItem;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The objects a plain backup script creates, in the order it creates them: read from the CREATE
 * (and ALTER TABLE ... ADD CONSTRAINT) statements the script runner would run, whoever wrote the
 * file (Railyard's built-in engine or pg_dump). A restore uses it to drop exactly those objects
 * first ({@code --clean}) and to find what already exists in the target before changing anything.
 */
public final class BackupObjects {

    /** Kinds of objects, with the words a DROP statement and a person use for them. */
    public enum Kind {
        SCHEMA("SCHEMA", "schema"),
        EXTENSION("EXTENSION", "extension"),
        TYPE("TYPE", "type"),
        DOMAIN("DOMAIN", "domain"),
        FUNCTION("FUNCTION", "function"),
        PROCEDURE("PROCEDURE", "procedure"),
        AGGREGATE("AGGREGATE", "aggregate"),
        SEQUENCE("SEQUENCE", "sequence"),
        TABLE("TABLE", "table"),
        FOREIGN_TABLE("FOREIGN TABLE", "foreign table"),
        VIEW("VIEW", "view"),
        MATERIALIZED_VIEW("MATERIALIZED VIEW", "materialized view"),
        INDEX("INDEX", "index"),
        CONSTRAINT("CONSTRAINT", "constraint"),
        TRIGGER("TRIGGER", "trigger"),
        POLICY("POLICY", "policy"),
        PUBLICATION("PUBLICATION", "publication"),
        EVENT_TRIGGER("EVENT TRIGGER", "event trigger"),
        LARGE_OBJECT("LARGE OBJECT", "large object"),
        COLLATION("COLLATION", "collation"),
        TEXT_SEARCH_DICTIONARY("TEXT SEARCH DICTIONARY", "text search dictionary"),
        TEXT_SEARCH_CONFIGURATION("TEXT SEARCH CONFIGURATION", "text search configuration"),
        STATISTICS("STATISTICS", "statistics object");

        private final String sql;
        private final String label;

        Kind(String sql, String label) {
            this.sql = sql;
            this.label = label;
        }

        public String sql() {
            return sql;
        }

        public String label() {
            return label;
        }

        /** Objects in a schema, named schema.name. */
        public boolean inSchema() {
            return this != SCHEMA && this != EXTENSION && this != PUBLICATION && this != EVENT_TRIGGER && this != LARGE_OBJECT;
        }

        /** Objects named with the table they are on (trigger, policy, constraint). */
        public boolean onTable() {
            return this == TRIGGER || this == POLICY || this == CONSTRAINT;
        }
    }

    /**
     * One object the backup creates.
     *
     * @param schema    its schema; null for objects outside schemas
     * @param name      its name (a large object: its oid)
     * @param table     the table a trigger, policy, constraint or index is on (in {@code schema}); else null
     * @param arguments a routine's arguments as DROP FUNCTION takes them (no defaults); else null
     * @param ifNotExists written with IF NOT EXISTS (or OR REPLACE): running it over an existing object is no clash
     */
    public record PgObject(Kind kind, String schema, String name, String table, String arguments, boolean ifNotExists) {

        /** As a person reads it: "table public.orders", "trigger audit on public.orders". */
        public String display() {
            String where = kind.inSchema() && schema != null ? schema + "." : "";
            String base = kind.label() + " " + (kind.onTable() ? name + " on " + where + table : where + name);
            return arguments != null ? base + "(" + arguments + ")" : base;
        }
    }

    /** A backup not read (a restore into a new database needs no list). */
    static final BackupObjects NONE = new BackupObjects(List.of(), Set.of(), false, List.of(), java.util.Map.of());

    private final List<PgObject> objects;
    /** Tables (schema.name) whose rows the script loads with COPY. */
    private final Set<String> dataTables;
    private final boolean createsDatabase;
    /** Each COPY's table and the rows its data holds, in file order (bytes unknown: -1). */
    private final List<dev.railyard.backup.Manifest.TableEntry> copiedRows;
    /** Sequences a table owns (serial, identity), schema.name to the table's schema.name. */
    private final java.util.Map<String, String> sequenceOwners;

    private BackupObjects(List<PgObject> objects, Set<String> dataTables, boolean createsDatabase,
                          List<dev.railyard.backup.Manifest.TableEntry> copiedRows, java.util.Map<String, String> sequenceOwners) {
        this.objects = List.copyOf(objects);
        this.dataTables = Set.copyOf(dataTables);
        this.createsDatabase = createsDatabase;
        this.copiedRows = List.copyOf(copiedRows);
        this.sequenceOwners = java.util.Map.copyOf(sequenceOwners);
    }

    /** The sequences tables own (a serial's, an identity column's): schema.name of the sequence to its table's. */
    public java.util.Map<String, String> sequenceOwners() {
        return sequenceOwners;
    }

    /** The rows the file itself holds for each table it loads with COPY: what a restore of it must end up with. */
    public List<dev.railyard.backup.Manifest.TableEntry> copiedRows() {
        return copiedRows;
    }

    public List<PgObject> objects() {
        return objects;
    }

    public Set<String> dataTables() {
        return dataTables;
    }

    /** True when the script holds a CREATE DATABASE (made with pg_dump --create). */
    public boolean createsDatabase() {
        return createsDatabase;
    }

    /** The same backup reduced to these objects (a partial restore). */
    BackupObjects selected(List<PgObject> chosen) {
        return new BackupObjects(chosen, dataTables, createsDatabase, copiedRows, sequenceOwners);
    }

    /** Reads a plain script whole (its COPY data skipped, not parsed). */
    public static BackupObjects read(ScriptFile script, JobContext context) throws BackupException {
        try (InputStream in = script.open()) {
            return read(in, context);
        } catch (IOException e) {
            throw unreadable(script, e);
        }
    }

    private static BackupException unreadable(ScriptFile script, IOException e) {
        return new BackupException("Reading " + script.path().getFileName() + " to list its objects failed: " + e.getMessage()
                + " — the file is damaged or truncated; use a complete copy of the backup. Nothing was changed.", e);
    }

    static BackupObjects read(InputStream in, JobContext context) throws IOException {
        Reading reading = new Reading(context);
        ScriptHazards.scanPsql(in, reading);
        return reading.result();
    }

    /**
     * The objects of a script, from the statements of a reading made for other checks too
     * ({@link dev.railyard.backup.script.ScriptCheck}): the file is not read again for them.
     */
    public static final class Reading implements ScriptHazards.Statements {
        private final JobContext context;
        private final List<PgObject> objects = new ArrayList<>();
        private final Set<String> data = new LinkedHashSet<>();
        private final List<dev.railyard.backup.Manifest.TableEntry> rows = new ArrayList<>();
        private final java.util.Map<String, String> owners = new java.util.HashMap<>();
        private boolean createsDatabase;
        private IOException failure;
        private boolean ended;

        public Reading(JobContext context) {
            this.context = context;
        }

        @Override
        public void statement(ScriptItem.Sql sql, long copyLines) {
            context.checkCancelled();
            if (sql.copyFromStdin()) {
                String[] q = copyTarget(sql.text());
                if (q != null) {
                    data.add(q[0] + "." + q[1]);
                    rows.add(new dev.railyard.backup.Manifest.TableEntry(q[0], q[1], copyLines, -1));
                }
                return;
            }
            Tokens t = new Tokens(sql.text());
            if (t.peekWord("CREATE") && t.peekWordAt(1, "DATABASE")) {
                createsDatabase = true;
                return;
            }
            PgObject object = parse(sql.text());
            if (object != null) {
                objects.add(object);
            }
            for (String[][] owned : sequenceOwners(sql.text())) {
                owners.put(owned[0][0] + "." + owned[0][1], owned[1][0] + "." + owned[1][1]);
            }
        }

        @Override
        public void end(IOException why) {
            failure = why;
            ended = true;
        }

        /** What the script creates; the reason when it could not be read to its end. */
        BackupObjects result() throws IOException {
            if (!ended) {
                throw new IllegalStateException("The script was not read to its end");
            }
            if (failure != null) {
                throw failure;
            }
            return new BackupObjects(objects, data, createsDatabase, rows, owners);
        }

        /** As {@link BackupObjects#read(ScriptFile, JobContext)}, from this reading. */
        BackupObjects result(ScriptFile script) throws BackupException {
            try {
                return result();
            } catch (IOException e) {
                throw unreadable(script, e);
            }
        }
    }

    /** The object a statement creates, or null when it creates none this restore cares about. */
    static PgObject parse(String statement) {
        Tokens t = new Tokens(statement);
        if (t.acceptWord("ALTER")) {
            return alterTable(t);
        }
        if (t.acceptWord("SELECT") || t.acceptWord("DO")) {
            return largeObject(statement);
        }
        if (!t.acceptWord("CREATE")) {
            return null;
        }
        boolean orReplace = false;
        if (t.acceptWord("OR")) {
            t.acceptWord("REPLACE");
            orReplace = true;
        }
        t.acceptWord("UNLOGGED");
        t.acceptWord("TEMP");
        t.acceptWord("TEMPORARY");
        t.acceptWord("RECURSIVE");
        t.acceptWord("TRUSTED");
        t.acceptWord("PROCEDURAL");
        String word = t.nextWord();
        if (word == null) {
            return null;
        }
        switch (word) {
            case "SCHEMA" -> {
                boolean ine = ifNotExists(t);
                if (t.peekWord("AUTHORIZATION")) {
                    return null; // CREATE SCHEMA AUTHORIZATION role: not written by pg_dump
                }
                return new PgObject(Kind.SCHEMA, null, t.name(), null, null, ine);
            }
            case "EXTENSION" -> {
                boolean ine = ifNotExists(t);
                return new PgObject(Kind.EXTENSION, null, t.name(), null, null, ine);
            }
            case "PUBLICATION" -> {
                return new PgObject(Kind.PUBLICATION, null, t.name(), null, null, false);
            }
            case "EVENT" -> {
                if (!t.acceptWord("TRIGGER")) {
                    return null;
                }
                return new PgObject(Kind.EVENT_TRIGGER, null, t.name(), null, null, false);
            }
            case "TABLE", "SEQUENCE", "TYPE", "DOMAIN", "VIEW" -> {
                Kind kind = switch (word) {
                    case "TABLE" -> Kind.TABLE;
                    case "SEQUENCE" -> Kind.SEQUENCE;
                    case "TYPE" -> Kind.TYPE;
                    case "DOMAIN" -> Kind.DOMAIN;
                    default -> Kind.VIEW;
                };
                boolean ine = ifNotExists(t) || orReplace;
                String[] q = qualifiedName(t);
                return q == null ? null : new PgObject(kind, q[0], q[1], null, null, ine);
            }
            case "FOREIGN", "MATERIALIZED" -> {
                String next = t.nextWord();
                boolean foreign = word.equals("FOREIGN");
                if (!(foreign ? "TABLE" : "VIEW").equals(next)) {
                    return null;
                }
                boolean ine = ifNotExists(t);
                String[] q = qualifiedName(t);
                return q == null ? null : new PgObject(foreign ? Kind.FOREIGN_TABLE : Kind.MATERIALIZED_VIEW, q[0], q[1],
                        null, null, ine);
            }
            case "FUNCTION", "PROCEDURE", "AGGREGATE" -> {
                String[] q = qualifiedName(t);
                String args = t.parenthesized();
                if (q == null || args == null) {
                    return null;
                }
                Kind kind = word.equals("FUNCTION") ? Kind.FUNCTION : word.equals("PROCEDURE") ? Kind.PROCEDURE : Kind.AGGREGATE;
                return new PgObject(kind, q[0], q[1], null, dropArguments(args), orReplace);
            }
            case "UNIQUE", "INDEX" -> {
                if (word.equals("UNIQUE") && !t.acceptWord("INDEX")) {
                    return null;
                }
                t.acceptWord("CONCURRENTLY");
                boolean ine = ifNotExists(t);
                if (t.peekWord("ON")) {
                    return null; // an unnamed index: pg_dump never writes one
                }
                String name = t.name();
                if (!t.acceptWord("ON")) {
                    return null;
                }
                t.acceptWord("ONLY");
                String[] table = qualifiedName(t);
                return table == null ? null : new PgObject(Kind.INDEX, table[0], name, table[1], null, ine);
            }
            case "CONSTRAINT", "TRIGGER" -> {
                if (word.equals("CONSTRAINT") && !t.acceptWord("TRIGGER")) {
                    return null;
                }
                String name = t.name();
                if (!t.skipToWord("ON")) {
                    return null;
                }
                String[] table = qualifiedName(t);
                return table == null ? null : new PgObject(Kind.TRIGGER, table[0], name, table[1], null, orReplace);
            }
            case "COLLATION" -> {
                boolean ine = ifNotExists(t);
                String[] q = qualifiedName(t);
                return q == null ? null : new PgObject(Kind.COLLATION, q[0], q[1], null, null, ine);
            }
            case "TEXT" -> {
                if (!t.acceptWord("SEARCH")) {
                    return null;
                }
                String what = t.nextWord();
                Kind kind = "DICTIONARY".equals(what) ? Kind.TEXT_SEARCH_DICTIONARY
                        : "CONFIGURATION".equals(what) ? Kind.TEXT_SEARCH_CONFIGURATION : null;
                String[] q = kind == null ? null : qualifiedName(t);
                return q == null ? null : new PgObject(kind, q[0], q[1], null, null, false);
            }
            case "STATISTICS" -> {
                boolean ine = ifNotExists(t);
                String[] q = qualifiedName(t);
                if (q == null || !t.skipToWord("FROM")) {
                    return null;
                }
                String[] table = qualifiedName(t);
                return table == null ? null : new PgObject(Kind.STATISTICS, q[0], q[1], table[1], null, ine);
            }
            case "POLICY" -> {
                String name = t.name();
                if (!t.acceptWord("ON")) {
                    return null;
                }
                String[] table = qualifiedName(t);
                return table == null ? null : new PgObject(Kind.POLICY, table[0], name, table[1], null, false);
            }
            default -> {
                return null;
            }
        }
    }

    /** The table a COPY ... FROM stdin loads: {schema, name}. */
    static String[] copyTarget(String statement) {
        Tokens t = new Tokens(statement);
        return t.acceptWord("COPY") ? qualifiedName(t) : null;
    }

    private static final java.util.regex.Pattern SEQUENCE_LITERAL = java.util.regex.Pattern.compile(
            "\\b(setval|nextval)\\s*\\(\\s*'([^']+)'", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * What a statement that creates nothing is about: the first schema-qualified name in it that is
     * not in pg_catalog (ALTER TABLE ONLY public.t ..., COMMENT ON COLUMN public.t.c), or the sequence
     * of a setval; {schema, name}, or null when it names none (SET, set_config).
     */
    static String[] subject(String statement) {
        java.util.regex.Matcher m = SEQUENCE_LITERAL.matcher(statement);
        if (m.find()) {
            String[] q = qualifiedName(new Tokens(m.group(2)));
            if (q != null) {
                return q;
            }
        }
        Tokens t = new Tokens(statement);
        String token;
        String previous = null;
        while ((token = t.raw(true)) != null) {
            if (token.equals(".") && previous != null && !previous.equals(".")) {
                String first = previous.startsWith("\"") ? previous.substring(1) : previous.toLowerCase(Locale.ROOT);
                String second = t.name();
                if (second != null && !first.equals("pg_catalog")) {
                    return new String[] {first, second};
                }
                previous = null;
                continue;
            }
            if (token.equals("'")) {
                t.skipString();
                previous = null;
                continue;
            }
            previous = token.startsWith("\"") || Character.isLetter(token.charAt(0)) || token.charAt(0) == '_' ? token : null;
        }
        return null;
    }

    /** ALTER TABLE [ONLY] [IF EXISTS] t ADD CONSTRAINT c ... : a constraint the backup creates. */
    private static PgObject alterTable(Tokens t) {
        if (!t.acceptWord("TABLE")) {
            return null;
        }
        t.acceptWord("IF");
        t.acceptWord("EXISTS");
        t.acceptWord("ONLY");
        String[] table = qualifiedName(t);
        if (table == null || !t.acceptWord("ADD") || !t.acceptWord("CONSTRAINT")) {
            return null;
        }
        String name = t.name();
        return name == null ? null : new PgObject(Kind.CONSTRAINT, table[0], name, table[1], null, false);
    }

    private static final java.util.regex.Pattern IDENTITY_SEQUENCE = java.util.regex.Pattern.compile(
            "\\bAS\\s+IDENTITY\\s*\\(\\s*SEQUENCE\\s+NAME\\s+", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * The sequences a statement makes a table own, as {sequence, table} pairs of {schema, name}:
     * {@code ALTER SEQUENCE s OWNED BY t.column} (a serial), and each identity column's {@code
     * SEQUENCE NAME} in a CREATE TABLE or ALTER TABLE; empty for any other statement.
     */
    static List<String[][]> sequenceOwners(String statement) {
        Tokens t = new Tokens(statement);
        boolean create = t.acceptWord("CREATE");
        if (!create && !t.acceptWord("ALTER")) {
            return List.of();
        }
        if (!create && t.acceptWord("SEQUENCE")) {
            if (t.peekWord("IF") && t.peekWordAt(1, "EXISTS")) {
                t.nextWord();
                t.nextWord();
            }
            String[] sequence = qualifiedName(t);
            if (sequence == null || !t.acceptWord("OWNED") || !t.acceptWord("BY")) {
                return List.of();
            }
            String first = t.name();
            if (first == null || !t.acceptSymbol('.')) {
                return List.of(); // OWNED BY NONE
            }
            String second = t.name();
            if (second == null) {
                return List.of();
            }
            if (!t.acceptSymbol('.')) {
                return List.<String[][]>of(new String[][] {sequence, {"public", first}});
            }
            return t.name() == null ? List.of() : List.<String[][]>of(new String[][] {sequence, {first, second}});
        }
        if (create) {
            t.acceptWord("UNLOGGED");
        }
        if (!t.acceptWord("TABLE")) {
            return List.of();
        }
        if (create) {
            ifNotExists(t);
        } else {
            t.acceptWord("ONLY");
        }
        String[] table = qualifiedName(t);
        if (table == null) {
            return List.of();
        }
        List<String[][]> owned = new ArrayList<>();
        java.util.regex.Matcher identity = IDENTITY_SEQUENCE.matcher(statement);
        while (identity.find()) {
            String[] sequence = qualifiedName(new Tokens(statement.substring(identity.end())));
            if (sequence != null) {
                owned.add(new String[][] {sequence, table});
            }
        }
        return owned;
    }

    private static final java.util.regex.Pattern LO_CREATE =
            java.util.regex.Pattern.compile("\\blo_create\\s*\\(\\s*'?(\\d+)'?\\s*\\)", java.util.regex.Pattern.CASE_INSENSITIVE);

    private static PgObject largeObject(String statement) {
        java.util.regex.Matcher m = LO_CREATE.matcher(statement);
        return m.find() ? new PgObject(Kind.LARGE_OBJECT, null, m.group(1), null, null, false) : null;
    }

    private static boolean ifNotExists(Tokens t) {
        if (t.peekWord("IF") && t.peekWordAt(1, "NOT")) {
            t.nextWord();
            t.nextWord();
            t.acceptWord("EXISTS");
            return true;
        }
        return false;
    }

    /** schema.name (a bare name is in public, as pg_dump never writes one but a hand-made script may). */
    private static String[] qualifiedName(Tokens t) {
        String first = t.name();
        if (first == null) {
            return null;
        }
        if (t.acceptSymbol('.')) {
            String second = t.name();
            return second == null ? null : new String[] {first, second};
        }
        return new String[] {"public", first};
    }

    /**
     * The argument list as DROP FUNCTION takes it: defaults cut off; OUT arguments stay (DROP
     * ignores them), so "a integer DEFAULT 1, OUT b text" gives "a integer, OUT b text".
     */
    static String dropArguments(String inner) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\'' || c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        List<String> args = new ArrayList<>();
        for (String part : parts) {
            String p = part.strip().replaceAll("\\s+", " ");
            int cut = indexOfWord(p, "DEFAULT");
            int eq = p.indexOf(" = ");
            if (eq >= 0 && (cut < 0 || eq < cut)) {
                cut = eq;
            }
            args.add((cut >= 0 ? p.substring(0, cut) : p).strip());
        }
        return String.join(", ", args);
    }

    private static int indexOfWord(String text, String word) {
        String upper = text.toUpperCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int i = upper.indexOf(" " + word, from);
            if (i < 0) {
                return -1;
            }
            int end = i + 1 + word.length();
            if (end == upper.length() || upper.charAt(end) == ' ') {
                // Not inside a quoted identifier: the count of quotes before it is even.
                long quotes = text.substring(0, i).chars().filter(ch -> ch == '"' || ch == '\'').count();
                if (quotes % 2 == 0) {
                    return i;
                }
            }
            from = i + 1;
        }
    }

    /** A small tokenizer over a statement's head: words (upper-cased), quoted identifiers, symbols. */
    private static final class Tokens {
        private final String text;
        private int pos;

        Tokens(String text) {
            this.text = text;
        }

        private void skipSpace() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '-') {
                    while (pos < text.length() && text.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (c == '/' && pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
                    int end = text.indexOf("*/", pos + 2);
                    pos = end < 0 ? text.length() : end + 2;
                } else {
                    return;
                }
            }
        }

        /** The next token: an identifier as written (unquoted, case kept), a symbol, or null at the end. */
        String raw(boolean consume) {
            skipSpace();
            int start = pos;
            if (pos >= text.length()) {
                return null;
            }
            char c = text.charAt(pos);
            String token;
            int end;
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                int i = pos + 1;
                while (i < text.length()) {
                    char d = text.charAt(i);
                    if (d == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            b.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(d);
                    i++;
                }
                token = "\"" + b;
                end = i;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                int i = pos;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '$')) {
                    i++;
                }
                token = text.substring(pos, i);
                end = i;
            } else {
                token = String.valueOf(c);
                end = pos + 1;
            }
            pos = consume ? end : start;
            return token;
        }

        String nextWord() {
            String token = raw(true);
            return token == null || token.startsWith("\"") ? null : token.toUpperCase(Locale.ROOT);
        }

        boolean peekWord(String word) {
            String token = raw(false);
            return token != null && !token.startsWith("\"") && token.equalsIgnoreCase(word);
        }

        boolean peekWordAt(int ahead, String word) {
            int saved = pos;
            for (int i = 0; i < ahead; i++) {
                raw(true);
            }
            boolean result = peekWord(word);
            pos = saved;
            return result;
        }

        boolean acceptWord(String word) {
            if (peekWord(word)) {
                raw(true);
                return true;
            }
            return false;
        }

        boolean acceptSymbol(char symbol) {
            String token = raw(false);
            if (token != null && token.equals(String.valueOf(symbol))) {
                raw(true);
                return true;
            }
            return false;
        }

        /** An identifier: a quoted one as it is, an unquoted one folded to lower case as the server does. */
        String name() {
            String token = raw(false);
            if (token == null || !(token.startsWith("\"") || Character.isLetter(token.charAt(0)) || token.charAt(0) == '_')) {
                return null;
            }
            raw(true);
            return token.startsWith("\"") ? token.substring(1) : token.toLowerCase(Locale.ROOT);
        }

        /** Past a string literal whose opening quote was just read. */
        void skipString() {
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (pos < text.length() && text.charAt(pos) == '\'') {
                        pos++;
                        continue;
                    }
                    return;
                }
            }
        }

        /** Skips tokens up to and past the word, outside parentheses. */
        boolean skipToWord(String word) {
            int depth = 0;
            String token;
            while ((token = raw(true)) != null) {
                if (token.equals("(")) {
                    depth++;
                } else if (token.equals(")")) {
                    depth--;
                } else if (depth == 0 && !token.startsWith("\"") && token.equalsIgnoreCase(word)) {
                    return true;
                } else if (token.equals("'")) {
                    skipString();
                }
            }
            return false;
        }

        /** The text inside the next balanced parentheses, or null when none follow. */
        String parenthesized() {
            skipSpace();
            if (pos >= text.length() || text.charAt(pos) != '(') {
                return null;
            }
            int depth = 0;
            boolean quoted = false;
            char quote = 0;
            int start = pos + 1;
            for (int i = pos; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == quote) {
                        quoted = false;
                    }
                } else if (c == '\'' || c == '"') {
                    quoted = true;
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        pos = i + 1;
                        return text.substring(start, i);
                    }
                }
            }
            return null;
        }
    }
}
