package dev.railyard.cli.inspect;

import dev.railyard.cli.CliContext;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.Overview;
import dev.railyard.inspect.OverviewReport;
import dev.railyard.inspect.OverviewSnapshot;
import dev.railyard.inspect.OverviewTracker;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "overview", description = "Server, size, connections, cache, longest transaction, replication and findings.")
final class OverviewCommand extends InspectView {

    OverviewCommand(CliContext context) {
        super(context);
    }

    @Override
    String what() {
        return "overview";
    }

    @Override
    void show(Connection connection, ConnectionProfile profile) throws SQLException {
        OverviewSnapshot o = new Overview(profile.dialect()).read(connection);
        if (output.json()) {
            // One reading: rates need two, so they are null here (the window refreshes and shows them).
            OverviewReport report = new OverviewTracker().accept(o);
            context.printJson(report);
            return;
        }
        boolean pg = profile.dialect() == Dialect.POSTGRESQL;
        String product = pg ? "PostgreSQL" : o.mariaDb() ? "MariaDB" : "MySQL";
        context.println(product + " " + o.serverVersion()
                + (o.uptime() == null ? "" : ", up " + Sizes.duration(o.uptime()))
                + (o.database() == null ? "" : ", database " + o.database()
                + (o.databaseBytes() == null ? "" : " (" + Sizes.human(o.databaseBytes()) + ")")));
        row("Connections", o.connectionsUsed() + " in use"
                + (o.connectionsActive() == null ? "" : " (" + o.connectionsActive() + " active)")
                + " of " + (o.maxConnections() - o.reservedConnections()) + " available"
                + " (max_connections " + o.maxConnections() + (o.reservedConnections() > 0 ? ", " + o.reservedConnections() + " reserved" : "") + ")");
        row("Cache hits", pg
                ? "tables " + ratio(o.tableCacheHitRatio()) + ", indexes " + ratio(o.indexCacheHitRatio())
                : "InnoDB buffer pool " + ratio(o.tableCacheHitRatio()));
        row("Transactions", (o.transactions() == null ? "unknown" : o.transactions() + " so far")
                + " (per second: run the window, which compares refreshes)");
        if (o.longestTransaction() != null) {
            OverviewSnapshot.LongTransaction t = o.longestTransaction();
            row("Longest transaction", (pg ? "pid " : "connection ") + t.sessionId()
                    + (t.user() == null ? "" : " (" + t.user() + ")") + ", open "
                    + Sizes.duration(Duration.ofMillis(t.millis())) + (t.state() == null ? "" : ", " + t.state()));
        } else {
            row("Longest transaction", o.limited() ? "unknown (needs GRANT PROCESS ON *.*)" : "none open");
        }
        OverviewSnapshot.Replication r = o.replication();
        if (r == null) {
            row("Replication", "unknown (needs GRANT PROCESS ON *.*)");
        } else {
            row("Replication", (r.standby() ? (pg ? "standby" : "replica") : (pg ? "primary" : "source"))
                    + ", " + r.replicas() + (r.replicas() == 1 ? " replica" : " replicas") + " connected"
                    + (r.replayLagMillis() == null ? "" : ", replay lag " + Sizes.duration(Duration.ofMillis(r.replayLagMillis())))
                    + (r.readOnly() ? ", read_only" : ""));
        }
        if (!o.extensions().isEmpty()) {
            row("Extensions", o.extensions().stream().map(e -> e.name() + " " + e.version()).collect(Collectors.joining(", ")));
        }
        o.settings().forEach((name, value) -> row(name, value));
        findings(o.findings());
    }

    private void row(String label, String value) {
        context.println(String.format(Locale.ROOT, "  %-22s %s", label, value));
    }

    private static String ratio(Double ratio) {
        return ratio == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }
}
