package dev.railyard.backup.script;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a script does beyond its own database, found by reading it before anything runs:
 * statements that reach the server's operating system (run programs, read or write its files,
 * load libraries, change the server's configuration), and transaction control statements that
 * would end a single-transaction restore half-way. A logical backup of one database contains
 * none of either: pg_dump and mysqldump write none, nor do Railyard's engines.
 *
 * <p>The scan is a safety net for people, not a sandbox: dynamic SQL can hide a statement from
 * it. Deep verification therefore also restores as an unprivileged user (see DeepVerifier).
 */
public final class ScriptHazards {

    /** A statement of the script, by line. */
    public record Finding(int line, String statement, String why) {
        @Override
        public String toString() {
            return "line " + line + ": " + statement + " (" + why + ")";
        }
    }

    /** What the scan found; {@code extensions} are the names of CREATE EXTENSION statements, in order. */
    public record Report(List<Finding> serverAccess, List<Finding> transactionControl, List<String> extensions) {
        public Report {
            serverAccess = List.copyOf(serverAccess);
            transactionControl = List.copyOf(transactionControl);
            extensions = List.copyOf(extensions);
        }

        public boolean clean() {
            return serverAccess.isEmpty() && transactionControl.isEmpty();
        }

        /** The findings of a list, one a line, at most {@code max} of them. */
        public static String describe(List<Finding> findings, int max) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < findings.size() && i < max; i++) {
                text.append(i == 0 ? "" : "; ").append(findings.get(i));
            }
            if (findings.size() > max) {
                text.append("; and ").append(findings.size() - max).append(" more");
            }
            return text.toString();
        }
    }

    /**
     * A hazard and the pattern that finds it. A statement can be an INSERT of a megabyte, so two
     * shortcuts keep the scan from trying a pattern at every offset of it: {@code anchored} (every
     * branch starts with {@code ^}) tries it at the start only, and {@code keywords} (one of them,
     * ASCII, upper case, must be in any text it matches) skips it where none is.
     */
    private record Rule(Pattern pattern, String why, boolean anchored, List<String> keywords) {
        Rule(Pattern pattern, String why) {
            this(pattern, why, false, List.of());
        }

        static Rule atStart(String regex, String why) {
            return new Rule(Pattern.compile(regex, FLAGS), why, true, List.of());
        }

        static Rule needing(String regex, String why, String... keywords) {
            return new Rule(Pattern.compile(regex, FLAGS), why, false, List.of(keywords));
        }

        /** As {@code pattern.matcher(text).find()}; {@code holds} tells whether the text holds a keyword. */
        boolean foundIn(String text, java.util.function.Predicate<String> holds) {
            if (!keywords.isEmpty() && keywords.stream().noneMatch(holds)) {
                return false;
            }
            java.util.regex.Matcher m = pattern.matcher(text);
            return anchored ? m.lookingAt() : m.find();
        }
    }

    /**
     * Whether {@code text} holds {@code upper} (ASCII, upper case) in any case, as CASE_INSENSITIVE
     * compares ASCII. Over the text's bytes (a statement's chars are its bytes, see MysqlStatement),
     * looking for the keyword's second letter first: the first of FILE-like words is a hex digit,
     * common in row data, the second is not.
     */
    static boolean containsIgnoringCase(String text, String upper) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] k = upper.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int n = k.length;
        int second = k[1];
        int last = b.length - n;
        for (int i = 0; i <= last; i++) {
            if ((b[i + 1] & 0xdf) != second) {
                continue;
            }
            int j = 0;
            while (j < n && (j == 1 || (b[i + j] == k[j] || (k[j] >= 'A' && k[j] <= 'Z' && (b[i + j] & 0xdf) == k[j])))) {
                j++;
            }
            if (j == n) {
                return true;
            }
        }
        return false;
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

    /**
     * Rows written straight into the system catalogs (pg_catalog is searched first, qualified or
     * not): some are the whole server's (roles, their passwords, shared comments), and no dump
     * writes them.
     */
    private static final Rule CATALOG_WRITE = new Rule(Pattern.compile(
            "^(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(\\s+TABLE)?|MERGE\\s+INTO|COPY)\\s+(ONLY\\s+)?"
                    + "(\"?pg_catalog\"?\\s*\\.\\s*)?\"?pg_\\w+", FLAGS), "writes the server's system catalogs");

    private static final List<Rule> POSTGRES = List.of(
            new Rule(Pattern.compile("^COPY\\b.*\\bPROGRAM\\b", FLAGS), "runs a program on the database server"),
            new Rule(Pattern.compile("^COPY\\b(?!.*\\b(STDIN|STDOUT)\\b)", FLAGS), "reads or writes a file on the database server"),
            new Rule(Pattern.compile("\\blo_(import|export)\\s*\\(", FLAGS), "reads or writes a file on the database server"),
            new Rule(Pattern.compile("\\bpg_(read_file|read_binary_file|ls_dir|stat_file|file_write|file_rename|file_unlink)\\s*\\(",
                    FLAGS), "reads or writes a file on the database server"),
            new Rule(Pattern.compile("^ALTER\\s+SYSTEM\\b", FLAGS), "changes the server's configuration"),
            new Rule(Pattern.compile("^CREATE\\s+EXTENSION\\s+(IF\\s+NOT\\s+EXISTS\\s+)?\"?(pl\\w*u|adminpack|file_fdw)\"?(\\s|;|$)",
                    FLAGS), "an extension for code in an untrusted language or for the server's files (superuser only)"),
            new Rule(Pattern.compile("^LOAD\\b", FLAGS), "loads a library into the server"),
            new Rule(Pattern.compile("^CREATE\\s+(OR\\s+REPLACE\\s+)?(TRUSTED\\s+)?(PROCEDURAL\\s+)?LANGUAGE\\b", FLAGS),
                    "creates a procedural language (superuser only)"),
            new Rule(Pattern.compile("^(CREATE|DO)\\b.*\\bLANGUAGE\\s+'?(c|internal|plpython3?u|plperlu|pltclu|plsh|plv8u|\\w+u)'?(\\s|;|$)",
                    FLAGS), "code in an untrusted language, which runs with the server's operating system rights"),
            new Rule(Pattern.compile("^(CREATE|ALTER)\\s+(ROLE|USER)\\b.*\\bSUPERUSER\\b", FLAGS), "grants superuser"),
            ScriptHazards.CATALOG_WRITE);

    private static final Pattern PG_TRANSACTION = Pattern.compile(
            "^(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\\s+TRANSACTION)\\b", FLAGS);
    private static final Pattern PG_EXTENSION = Pattern.compile(
            "^CREATE\\s+EXTENSION\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\"(?:[^\"]|\"\")+\"|[\\w$]+)", FLAGS);

    private static final List<Rule> MYSQL = List.of(
            Rule.needing("\\bINTO\\s+(OUTFILE|DUMPFILE)\\b", "writes a file on the database server", "FILE"),
            Rule.atStart("^LOAD\\s+(DATA|XML)\\b", "reads a file (on the server, or on this machine with LOCAL)"),
            Rule.needing("\\bLOAD_FILE\\s*\\(", "reads a file on the database server", "FILE"),
            Rule.atStart("^INSTALL\\s+(PLUGIN|SONAME)\\b", "loads a library into the server"),
            Rule.atStart("^CREATE\\s+(OR\\s+REPLACE\\s+)?(AGGREGATE\\s+)?FUNCTION\\b.*\\bSONAME\\b",
                    "loads a library into the server"),
            // Not the replication state mysqldump writes: the runner skips it (see MysqlScriptRunner).
            Rule.atStart("^SET\\s+(GLOBAL|PERSIST|PERSIST_ONLY)\\b"
                    + "|^SET\\s+@@(GLOBAL|PERSIST)(?!\\.(GTID_PURGED|gtid_slave_pos)\\b)",
                    "changes the server's configuration"),
            Rule.atStart("^(SYSTEM|SOURCE)\\s|^\\\\[!.]",
                    "a mysql client command that runs programs or reads files on this machine"),
            Rule.atStart("^(SHUTDOWN|RESTART)\\b", "stops the server"),
            Rule.atStart("^(PREPARE|EXECUTE)\\b", "dynamic SQL, which this check cannot read"),
            Rule.atStart("^GRANT\\b.*\\b(FILE|SUPER|ALL)\\b.*\\bON\\s+\\*\\.\\*", "grants server-wide rights"));

    private static final Pattern MYSQL_TRANSACTION = Pattern.compile(
            "^(BEGIN|START\\s+TRANSACTION|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|XA)\\b", FLAGS);

    private ScriptHazards() {
    }

    /**
     * Reads a backup file of either dialect (compressed or not). Archives (pg_dump's custom,
     * directory and tar formats) are not read: nothing is found in them.
     *
     * @throws IOException when the file cannot be read to its end
     */
    public static Report scan(java.nio.file.Path file, boolean postgres) throws IOException {
        ScriptFile script;
        try {
            script = ScriptFile.inspect(file);
        } catch (dev.railyard.backup.BackupException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (script.kind() != ScriptFile.Kind.PLAIN_SQL) {
            return new Report(List.of(), List.of(), List.of());
        }
        try (InputStream in = script.open()) {
            return postgres ? scanPsql(in) : scanMysql(in);
        }
    }

    /**
     * Reads a psql script (a plain pg_dump file, a Railyard PostgreSQL backup) to its end, or to
     * where it cannot be read further: a damaged file is the restore's to report, with what was
     * found before the damage kept.
     */
    public static Report scanPsql(InputStream in) throws IOException {
        return scanPsql(in, Statements.NONE);
    }

    /**
     * Another reader of a psql script's statements, fed by the scan's own reading (see {@link
     * ScriptCheck}): what else a restore must know before anything runs, at no second read.
     */
    public interface Statements {
        Statements NONE = new Statements() {
            @Override
            public void statement(ScriptItem.Sql sql, long copyLines) {
            }

            @Override
            public void end(IOException failure) {
            }
        };

        /** Each statement in order; {@code copyLines} the lines of a COPY's data, -1 for any other statement. */
        void statement(ScriptItem.Sql sql, long copyLines);

        /** The end of the scan: {@code failure} is why the script could not be read further, null at its end. */
        void end(IOException failure);
    }

    /** As above, each statement also handed to {@code statements}. */
    public static Report scanPsql(InputStream in, Statements statements) throws IOException {
        PsqlScriptReader reader = new PsqlScriptReader(in);
        List<Finding> server = new ArrayList<>();
        List<Finding> transactions = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        IOException[] failure = new IOException[1];
        ScriptItem item;
        while ((item = next(reader, failure)) != null) {
            if (item instanceof ScriptItem.Meta meta) {
                if (meta.command().equals("encoding")) {
                    continue;
                }
                if (meta.command().equals("!") || meta.command().startsWith("copy") || meta.command().equals("o")
                        || meta.command().equals("i") || meta.command().equals("ir") || meta.command().equals("w")) {
                    server.add(new Finding(meta.line(), preview(meta.text()), "a psql command that runs programs or reads "
                            + "and writes files on this machine"));
                }
                continue;
            }
            ScriptItem.Sql sql = (ScriptItem.Sql) item;
            long copyLines = sql.copyFromStdin() ? skipCopyData(reader, failure) : -1;
            if (failure[0] != null) {
                break;
            }
            statements.statement(sql, copyLines);
            String text = sql.text().strip();
            if (sql.copyFromStdin() || sql.copyToStdout()) {
                // A table's data names its columns: one called "program" is not a program.
                if (!isTableData(sql) && POSTGRES.get(0).pattern().matcher(text).find()) {
                    server.add(new Finding(sql.line(), sql.preview(), POSTGRES.get(0).why()));
                } else if (CATALOG_WRITE.pattern().matcher(text).find()) {
                    server.add(new Finding(sql.line(), sql.preview(), CATALOG_WRITE.why()));
                }
                continue;
            }
            for (Rule rule : POSTGRES) {
                if (rule.pattern().matcher(text).find()) {
                    server.add(new Finding(sql.line(), sql.preview(), rule.why()));
                    break;
                }
            }
            if (PG_TRANSACTION.matcher(text).find()) {
                transactions.add(new Finding(sql.line(), sql.preview(), "transaction control"));
            }
            var extension = PG_EXTENSION.matcher(text);
            if (extension.find()) {
                String name = extension.group(2);
                extensions.add(name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"")
                        : name.toLowerCase(Locale.ROOT));
            }
        }
        statements.end(failure[0]);
        return new Report(server, transactions, extensions);
    }

    /** An identifier as a dump writes it: quoted (any character, "" for a quote) or plain. */
    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final Pattern TABLE_DATA = Pattern.compile("^COPY\\s+(" + IDENTIFIER + ")(?:\\s*\\.\\s*(" + IDENTIFIER + "))?"
            + "\\s*(?:\\(\\s*" + IDENTIFIER + "(?:\\s*,\\s*" + IDENTIFIER + ")*\\s*\\)\\s*)?FROM\\s+STDIN\\s*;?$", FLAGS);

    /**
     * Whether a statement is a table's data as a dump writes it, and nothing more: COPY into a
     * named table (and its columns) FROM stdin, with no query, program, file or option.
     */
    public static boolean isTableData(ScriptItem.Sql sql) {
        return sql.copyFromStdin() && TABLE_DATA.matcher(sql.text().strip()).matches();
    }

    /**
     * The table a table's data is copied into, as the server reads its name: {schema, name}
     * (schema null when the name is not qualified); empty when the statement is not table data.
     */
    public static java.util.Optional<String[]> tableOfData(ScriptItem.Sql sql) {
        java.util.regex.Matcher m = TABLE_DATA.matcher(sql.text().strip());
        if (!sql.copyFromStdin() || !m.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(m.group(2) == null ? new String[] {null, identifier(m.group(1))}
                : new String[] {identifier(m.group(1)), identifier(m.group(2))});
    }

    /** An identifier's name: a quoted one as written (its "" a quote), a plain one folded to lower case. */
    private static String identifier(String written) {
        if (written.startsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        StringBuilder folded = new StringBuilder(written.length()); // as the server folds: ASCII letters only
        for (char c : written.toCharArray()) {
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    /** Reads a MySQL script (mysqldump, mariadb-dump, Railyard's MySQL backups) to its end. */
    public static Report scanMysql(InputStream in) throws IOException {
        List<Finding> server = new ArrayList<>();
        List<Finding> transactions = new ArrayList<>();
        // Every versioned comment counts: a hazard must not hide behind a version number.
        try (MysqlStatementReader reader = new MysqlStatementReader(in, MysqlVersion.parse("99.99.99"), Long.MAX_VALUE)) {
            MysqlStatement statement;
            SqlModeTracker mode = new SqlModeTracker();
            while ((statement = next(reader)) != null) {
                if (statement.firstWord().equals("SET")) {
                    reader.backslashEscapes(mode.after(statement.text()));
                }
                String text = withoutStrings(statement.text()).strip();
                // Each keyword is looked for once per statement, however many rules need it.
                java.util.Map<String, Boolean> held = new java.util.HashMap<>(4);
                java.util.function.Predicate<String> holds = k -> held.computeIfAbsent(k, w -> containsIgnoringCase(text, w));
                for (Rule rule : MYSQL) {
                    if (rule.foundIn(text, holds)) {
                        server.add(new Finding(statement.line(), statement.preview(), rule.why()));
                        break;
                    }
                }
                if (MYSQL_TRANSACTION.matcher(text).lookingAt()) {
                    transactions.add(new Finding(statement.line(), statement.preview(), "transaction control"));
                }
            }
        }
        return new Report(server, transactions, List.of());
    }

    /** The next item; null at the end, or where the script cannot be read further ({@code failure} says why). */
    private static ScriptItem next(PsqlScriptReader reader, IOException[] failure) {
        try {
            return reader.next();
        } catch (IOException e) {
            failure[0] = e;
            return null;
        }
    }

    /** The lines of the pending COPY's data; -1 with {@code failure} set where they cannot be read. */
    private static long skipCopyData(PsqlScriptReader reader, IOException[] failure) {
        try {
            return reader.skipCopyData();
        } catch (IOException e) {
            failure[0] = e;
            return -1;
        }
    }

    /** The next statement; null at the end, or where the file cannot be read further (the restore says why). */
    private static MysqlStatement next(MysqlStatementReader reader) {
        try {
            return reader.next();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Follows sql_mode through a dump as the server would, for the one thing the reader needs:
     * whether a backslash escapes in strings (NO_BACKSLASH_ESCAPES, set around routines).
     */
    private static final class SqlModeTracker {
        private static final Pattern SAVE = Pattern.compile("@\\w+\\s*=\\s*@@(SESSION\\.)?sql_mode", FLAGS);
        private static final Pattern SET_LITERAL = Pattern.compile("(?<![@\\w])sql_mode\\s*=\\s*'([^']*)'", FLAGS);
        private static final Pattern SET_VARIABLE = Pattern.compile("(?<![@\\w])sql_mode\\s*=\\s*@(?!@)", FLAGS);
        private boolean escapes = true;
        private boolean saved = true;

        boolean after(String text) {
            if (SAVE.matcher(text).find()) {
                saved = escapes;
            }
            var literal = SET_LITERAL.matcher(text);
            if (literal.find()) {
                escapes = !literal.group(1).toUpperCase(Locale.ROOT).contains("NO_BACKSLASH_ESCAPES");
            } else if (SET_VARIABLE.matcher(text).find()) {
                escapes = saved;
            }
            return escapes;
        }
    }

    /** The text with its quoted strings emptied: row data in INSERTs must not look like statements. */
    private static String withoutStrings(String text) {
        if (text.indexOf('\'') < 0 && text.indexOf('"') < 0) {
            return text;
        }
        // Over bytes, not chars: the INSERTs of a dump run to a megabyte each, and this is read for every one.
        // A statement's chars are its bytes (MysqlStatementReader), so ISO-8859-1 gives them back exactly.
        byte[] in = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] out = new byte[in.length];
        int o = 0;
        byte quote = 0;
        int n = in.length;
        for (int i = 0; i < n; i++) {
            byte c = in[i];
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    if (i + 1 < n && in[i + 1] == quote) {
                        i++;
                    } else {
                        quote = 0;
                        out[o++] = c;
                    }
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            }
            out[o++] = c;
        }
        return new String(out, 0, o, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String preview(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 90 ? flat : flat.substring(0, 87) + "...";
    }
}
