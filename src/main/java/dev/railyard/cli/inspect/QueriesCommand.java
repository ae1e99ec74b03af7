package dev.railyard.cli.inspect;

import dev.railyard.cli.CliContext;
import dev.railyard.inspect.QueryStatsReport;
import dev.railyard.inspect.QueryStatsRow;
import dev.railyard.inspect.SlowQueries;
import dev.railyard.profile.ConnectionProfile;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Command;

@Command(name = "queries", description = "The statements that took the most time (pg_stat_statements, "
        + "performance_schema digests or the slow query log). Never resets statistics.")
final class QueriesCommand extends InspectView {

    QueriesCommand(CliContext context) {
        super(context);
    }

    @Override
    String what() {
        return "queries view";
    }

    @Override
    void show(Connection connection, ConnectionProfile profile) throws SQLException {
        QueryStatsReport report = new SlowQueries(profile.dialect()).read(connection, limitOr(20));
        if (output.json()) {
            context.printJson(report);
            return;
        }
        context.println(report.status().message());
        if (report.status().fix() != null) {
            context.println("To change that (Railyard does not run this):");
            report.status().fix().lines().forEach(line -> context.println("    " + line));
        }
        if (report.status().note() != null) {
            context.println(report.status().note());
        }
        if (report.rows().isEmpty()) {
            return;
        }
        TextTable table = new TextTable("CALLS", "TOTAL MS", "MEAN MS", "SHARE", "ROWS", "QUERY").right(0, 1, 2, 3, 4);
        for (QueryStatsRow r : report.rows()) {
            table.add(Long.toString(r.calls()), TextTable.millis(r.totalMillis()),
                    r.meanMillis() == null ? "" : TextTable.millis(r.meanMillis()), TextTable.percent(r.shareOfTotal()),
                    r.rows() == null ? "" : Long.toString(r.rows()), TextTable.shorten(r.query(), 100));
        }
        table.print(context::println);
    }
}
