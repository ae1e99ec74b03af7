package dev.railyard.migrate.check;

import dev.railyard.backup.script.PsqlScriptReader;
import dev.railyard.backup.script.ScriptItem;
import dev.railyard.migrate.check.PgStatement.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks pending PostgreSQL migrations against the live database: splits each script into
 * statements (with the restore's psql script reader), reads the live facts of every table they
 * touch in one round trip, and judges each statement and script with {@link PgRules}. Read-only.
 */
public final class MigrationChecker {

    private final CheckSettings settings;

    public MigrationChecker(CheckSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The check for the database's dialect: PostgreSQL's lock rules, or MySQL's and MariaDB's
     * online-DDL rules ({@link MysqlChecker}). The one place that chooses, for the CLI and the window.
     */
    public static CheckReport checkFor(dev.railyard.db.Dialect dialect, CheckSettings settings, Connection connection,
                                       String database, List<PendingScript> scripts, List<String> notes) throws SQLException {
        return dialect == dev.railyard.db.Dialect.POSTGRESQL
                ? new MigrationChecker(settings).check(connection, database, scripts, notes)
                : new MysqlChecker(settings).check(connection, database, scripts, notes);
    }

    /**
     * @param connection an auto-commit connection to the database the scripts would run against
     * @param scripts    the pending migrations, in the order their tools would run them
     * @param notes      what finding them left to say (carried into the report)
     */
    public CheckReport check(Connection connection, String database, List<PendingScript> scripts, List<String> notes)
            throws SQLException {
        List<List<Parsed>> parsed = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        for (PendingScript script : scripts) {
            List<Parsed> statements = split(script.text());
            parsed.add(statements);
            statements.forEach(p -> tables.addAll(p.statement.tables));
        }
        LiveFacts facts = LiveFacts.read(connection, tables, settings.longTransaction());
        PgRules rules = new PgRules(settings);
        List<ScriptCheck> checks = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            checks.add(checkScript(scripts.get(i), parsed.get(i), facts, rules));
        }
        return new CheckReport(database, checks, facts.longTransactions(), notes);
    }

    private ScriptCheck checkScript(PendingScript script, List<Parsed> statements, LiveFacts facts, PgRules rules) {
        List<PgStatement> real = statements.stream().map(Parsed::statement)
                .filter(s -> s.kind != Kind.BEGIN && s.kind != Kind.COMMIT).toList();
        boolean flywayOutside = script.mode() == TransactionMode.FLYWAY
                && !real.isEmpty() && real.stream().allMatch(PgStatement::flywayRunsOutsideTransaction);
        boolean flywayMixed = script.mode() == TransactionMode.FLYWAY && !flywayOutside
                && real.stream().anyMatch(PgStatement::flywayRunsOutsideTransaction);
        boolean wrapped = switch (script.mode()) {
            case FLYWAY -> !flywayOutside;
            case NONE, RUNNER -> false;
            case ONE_QUERY -> real.size() > 1;
            case ALL_PENDING -> true;
        };
        List<Finding> scriptFindings = new ArrayList<>();
        if (flywayMixed) {
            scriptFindings.add(new Finding(Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS,
                    "Flyway refuses this script: it mixes statements that cannot run in a transaction ("
                            + String.join(", ", real.stream().filter(PgStatement::flywayRunsOutsideTransaction)
                            .map(s -> s.text.length() > 60 ? s.text.substring(0, 57) + "..." : s.text).toList())
                            + ") with others, and it runs scripts in a transaction unless told otherwise",
                    PgRules.outsideTransaction(script)));
        }
        List<StatementCheck> checks = new ArrayList<>();
        boolean explicit = false;
        for (Parsed p : statements) {
            PgStatement st = p.statement;
            if (st.kind == Kind.BEGIN) {
                explicit = true;
            } else if (st.kind == Kind.COMMIT) {
                explicit = false;
            }
            // In a Flyway script that mixes, the refusal above says it; the statement would never run.
            boolean inTransaction = (wrapped && !(flywayMixed && st.flywayRunsOutsideTransaction())) || explicit;
            checks.add(rules.check(st, p.line, facts.of(st.table), inTransaction, script, facts.longTransactions()));
        }
        if (script.mode() == TransactionMode.RUNNER) {
            for (int i = 0; i < checks.size(); i++) {
                PgStatement st = statements.get(i).statement;
                if (st.cannotRunInTransaction() && !checks.get(i).inTransaction()) {
                    scriptFindings.add(new Finding(Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.RISKY,
                            "Line " + checks.get(i).line() + " cannot run inside a transaction; if the runner wraps each file in one,"
                                    + " it fails", PgRules.outsideTransaction(script)));
                }
            }
        }
        List<StatementCheck> heavy = checks.stream()
                .filter(c -> c.inTransaction() && c.verdict().atLeast(Verdict.RISKY) && c.lock().compareTo(PgLock.SHARE) >= 0)
                .toList();
        if (heavy.size() >= 2) {
            scriptFindings.add(new Finding(Rule.RISKY_STATEMENTS_IN_ONE_TRANSACTION, Verdict.RISKY,
                    heavy.size() + " risky statements (lines " + String.join(", ", heavy.stream().map(c -> Integer.toString(c.line())).toList())
                            + ") run in one transaction: each keeps its lock until the whole script commits, so the first table"
                            + " stays locked while the later statements run",
                    "Split them into separate migrations, one risky statement each"));
        }
        TransactionMode effective = flywayOutside ? TransactionMode.NONE : script.mode();
        return new ScriptCheck(script.tool(), script.name(), script.file(), effective, checks, scriptFindings);
    }

    private record Parsed(PgStatement statement, int line) {
    }

    /** The script's SQL statements with their lines; psql meta-commands are left out. */
    static List<Parsed> split(String text) {
        List<Parsed> out = new ArrayList<>();
        PsqlScriptReader reader = new PsqlScriptReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        try {
            for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
                if (item instanceof ScriptItem.Sql sql) {
                    if (sql.copyFromStdin()) {
                        reader.skipCopyData();
                    }
                    String cleaned = SqlText.clean(sql.text());
                    if (cleaned.isEmpty()) {
                        continue;
                    }
                    PgStatement statement = PgStatement.parse(sql.text());
                    // Drizzle and hand-written migrations wrap DDL in DO blocks (to ignore duplicate_object): check what runs inside.
                    List<PgStatement> inner = statement.kind == Kind.OTHER
                            ? SqlText.doBlockStatements(cleaned).stream().map(PgStatement::parse)
                                    .filter(s -> s.kind != Kind.OTHER && s.kind != Kind.BEGIN && s.kind != Kind.COMMIT).toList()
                            : List.of();
                    if (inner.isEmpty()) {
                        out.add(new Parsed(statement, lineOf(sql)));
                    } else {
                        inner.forEach(s -> out.add(new Parsed(s, lineOf(sql))));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory
        }
        return out;
    }

    /** The line of the statement's first word, not of the comment lines in front of it. */
    private static int lineOf(ScriptItem.Sql sql) {
        String text = sql.text();
        int line = sql.line();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end;
            } else {
                break;
            }
        }
        return line;
    }
}
