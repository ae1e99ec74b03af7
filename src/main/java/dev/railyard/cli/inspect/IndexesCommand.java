package dev.railyard.cli.inspect;

import dev.railyard.cli.CliContext;
import dev.railyard.inspect.IndexHealth;
import dev.railyard.inspect.IndexReport;
import dev.railyard.inspect.IndexRow;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "indexes", description = "Every index with size and scans, and findings with the DDL that would fix them (never run).")
final class IndexesCommand extends InspectView {

    IndexesCommand(CliContext context) {
        super(context);
    }

    @Override
    String what() {
        return "indexes view";
    }

    @Override
    void show(Connection connection, ConnectionProfile profile) throws SQLException {
        IndexReport report = new IndexHealth(profile.dialect()).read(connection);
        List<IndexRow> largest = report.indexes().stream()
                .sorted(Comparator.comparing((IndexRow i) -> i.bytes() == null ? 0 : i.bytes()).reversed())
                .limit(limitOr(Integer.MAX_VALUE))
                .toList();
        if (output.json()) {
            context.printJson(new IndexReport(report.dialect(), largest, report.tables(), report.findings(),
                    report.statsSince(), report.notes()));
            return;
        }
        TextTable table = new TextTable("TABLE", "INDEX", "COLUMNS", "SIZE", "SCANS", "").right(3, 4);
        for (IndexRow i : largest) {
            List<String> flags = new ArrayList<>();
            if (i.primary()) {
                flags.add("primary");
            } else if (i.unique()) {
                flags.add("unique");
            }
            if (!i.valid()) {
                flags.add("INVALID");
            }
            if (i.partial()) {
                flags.add("partial");
            }
            table.add(i.qualifiedTable(), i.name(), String.join(", ", i.columns()),
                    i.bytes() == null ? "?" : Sizes.human(i.bytes()), i.scans() == null ? "?" : Long.toString(i.scans()),
                    String.join(" ", flags));
        }
        if (table.isEmpty()) {
            context.println("No indexes.");
        } else {
            table.print(context::println);
        }
        if (report.statsSince() != null) {
            context.println("Scans counted since " + report.statsSince() + ".");
        }
        report.notes().forEach(context::println);
        findings(report.findings());
    }
}
