package dev.railyard.cli.sql;

import dev.railyard.cli.TerminalText;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.DurationConverter;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.console.ConsoleSqlException;
import dev.railyard.console.ExplainResult;
import dev.railyard.db.ConnectFailure;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sql",
        description = {"Runs SQL on one session and streams the rows: an aligned table, CSV (RFC 4180) or JSON Lines"
                + " (--json: one JSON object per row and line).",
                "On production (a profile tagged so, or its database by URL) the session is read-only, enforced by the"
                + " server, with a 30 s statement timeout; --read-write --confirm DBNAME lifts it, and a read-write"
                + " script runs as one transaction, rolled back at its first error.",
                "--explain prints the plan as a tree, the most expensive node marked; --analyze runs the statement in a"
                + " transaction that is rolled back (on production with --confirm DBNAME).",
                "Ctrl-C stops the statement on the server."},
        footer = {"", "Exit codes: 0 ok, 1 SQL error (with its line and column when the server gives one), 2 usage or"
                + " production guard."})
public final class SqlCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "-c", paramLabel = "SQL", required = true, description = "The statement(s) to run.")
        String command;

        @Option(names = "-f", paramLabel = "FILE", required = true, description = "A script to run ('-' for stdin).")
        Path file;
    }

    @Mixin
    DatabaseOptions database;

    @Mixin
    OutputOptions output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--csv", description = "Rows as CSV (RFC 4180: CRLF, quoted where needed, a header line per result).")
    boolean csv;

    @Option(names = "--read-write", description = "Allow writes on production (needs --confirm DBNAME there).")
    boolean readWrite;

    @Option(names = "--confirm", paramLabel = "DBNAME",
            description = "The database name, required on production for --read-write and --explain --analyze.")
    String confirm;

    @Option(names = "--explain", description = "Print the statement's plan instead of running it.")
    boolean explain;

    @Option(names = "--analyze", description = "With --explain: run the statement (rolled back) and show actual rows and times.")
    boolean analyze;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Statement timeout (default 30s on production, none elsewhere; 0 for none).")
    Duration timeout;

    private final CliContext context;

    SqlCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (csv && output.json()) {
            throw new CliException("--csv and --json exclude each other", RailyardCli.USAGE);
        }
        if (analyze && !explain) {
            throw new CliException("--analyze goes with --explain", RailyardCli.USAGE);
        }
        if (confirm != null && !readWrite && !analyze) {
            throw new CliException("--confirm goes with --read-write or --explain --analyze", RailyardCli.USAGE);
        }
        String script = script();
        ResolvedConnection resolved = database.resolve();
        ConnectionProfile profile = resolved.profile();
        // The guard decides before anything connects: a refusal is exit 2 naming --confirm.
        Clearance write = readWrite ? context.clear(profile, GuardedAction.SQL_WRITE, confirm) : null;
        Clearance analyzed = explain && analyze
                ? (write != null ? write : context.clear(profile, GuardedAction.EXPLAIN_ANALYZE, confirm)) : null;
        ProductionGuard guard = new ProductionGuard(context.profiles());
        ConsoleSettings settings = new ConsoleSettings(timeout, ConsoleSettings.DEFAULT_FETCH_SIZE);
        try (ConsoleSession session = ConsoleSession.open(guard, profile, resolved.password(), write, settings);
             CliProgress interrupts = new CliProgress(context.err(), false);
             JobContext.Registration cancel = interrupts.onCancel(session::cancel)) {
            if (session.readOnly() && analyzed != null) {
                // Confirmed: the statement runs for real inside a transaction that is rolled back, not read-only.
                context.err().println("railyard: EXPLAIN ANALYZE runs the statement, then rolls it back ("
                        + session.protection().reason() + ")");
            } else if (session.readOnly()) {
                context.err().println("railyard: read-only session (" + session.protection().reason() + ")");
            }
            if (explain) {
                ExplainResult plan = session.explain(script, analyze, analyzed);
                if (output.json()) {
                    context.printJson(plan);
                } else {
                    dev.railyard.console.PlanText.lines(plan).forEach(line -> context.println(TerminalText.cell(line)));
                }
            } else {
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(context.out(), StandardCharsets.UTF_8), 1 << 16);
                ResultPrinter printer = csv ? new CsvPrinter(out, context.err())
                        : output.json() ? new JsonLinesPrinter(out, context.err(), context.json())
                        : new TablePrinter(out);
                try {
                    session.run(script, printer);
                } finally {
                    out.flush();
                }
            }
        } catch (ConsoleSqlException e) {
            String advice = e.readOnlyRefusal()
                    ? ": run with --read-write --confirm " + confirmationWord(profile, guard) : "";
            throw new CliException(e.getMessage() + advice, RailyardCli.FAILURE);
        } catch (ConnectFailure e) {
            throw new CliException(e.problem().summary() + (e.problem().fix() == null ? "" : " - " + e.problem().fix()));
        } catch (SQLException e) {
            throw new CliException("Could not open the SQL session on " + profile.address() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the results: " + e.getMessage(), e);
        }
        return RailyardCli.OK;
    }

    private static String confirmationWord(ConnectionProfile profile, ProductionGuard guard) {
        return guard.protectionOf(profile).confirmationWord();
    }

    private String script() {
        if (source.command != null) {
            return source.command;
        }
        if (source.file.toString().equals("-")) {
            return context.stdinText();
        }
        try {
            return Files.readString(source.file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("Cannot read " + source.file + ": " + e.getMessage(), RailyardCli.USAGE);
        }
    }
}
