package dev.railyard.cli.inspect;

import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.inspect.Finding;
import dev.railyard.profile.ConnectionProfile;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every inspect view shares: the target, --json, --limit, one connection, worded errors. */
abstract class InspectView implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Mixin
    OutputOptions output;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N rows (largest or most expensive first).")
    Integer limit;

    protected final CliContext context;

    InspectView(CliContext context) {
        this.context = context;
    }

    /** "tables view", for error messages. */
    abstract String what();

    /** Reads the view on the open connection and prints it. */
    abstract void show(Connection connection, ConnectionProfile profile) throws SQLException;

    @Override
    public Integer call() {
        if (limit != null && limit <= 0) {
            throw new CliException("--limit must be at least 1, not " + limit, RailyardCli.USAGE);
        }
        ResolvedConnection target = database.resolve();
        ConnectionProfile profile = target.profile();
        try (Connection connection = InspectConnector.open(profile, target.password())) {
            show(connection, profile);
        } catch (SQLException e) {
            throw new CliException("Could not read the " + what() + " of " + profile.address() + ": " + e.getMessage()
                    + (e.getSQLState() != null && e.getSQLState().equals("57014")
                            ? " - the statement timeout (30 s) stopped it; the server may be overloaded" : ""));
        }
        return RailyardCli.OK;
    }

    int limitOr(int fallback) {
        return limit == null ? fallback : limit;
    }

    void findings(List<Finding> findings) {
        if (findings.isEmpty()) {
            context.println("No findings.");
            return;
        }
        context.println("Findings:");
        for (Finding f : findings) {
            context.println("  [" + f.severity().displayName() + "] " + f.message());
            if (f.hasFix()) {
                f.fix().lines().forEach(line -> context.println("      " + line));
            }
        }
    }
}
