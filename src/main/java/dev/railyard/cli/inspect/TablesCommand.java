package dev.railyard.cli.inspect;

import dev.railyard.cli.CliContext;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.TableSizeReport;
import dev.railyard.inspect.TableSizeRow;
import dev.railyard.inspect.TableSizes;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import picocli.CommandLine.Command;

@Command(name = "tables", description = "Every table with its size, largest first; partitions under their table.")
final class TablesCommand extends InspectView {

    TablesCommand(CliContext context) {
        super(context);
    }

    @Override
    String what() {
        return "tables view";
    }

    @Override
    void show(Connection connection, ConnectionProfile profile) throws SQLException {
        TableSizeReport report = new TableSizes(profile.dialect()).read(connection);
        if (limit != null) {
            report = report.limit(limit);
        }
        if (output.json()) {
            context.printJson(report);
            return;
        }
        boolean pg = profile.dialect() == Dialect.POSTGRESQL;
        TextTable table = pg
                ? new TextTable("TABLE", "ROWS", "TABLE SIZE", "INDEXES", "TOAST", "TOTAL", "SHARE", "DEAD").right(1, 2, 3, 4, 5, 6, 7)
                : new TextTable("TABLE", "ENGINE", "ROWS", "DATA", "INDEXES", "FREE", "TOTAL", "SHARE").right(2, 3, 4, 5, 6, 7);
        for (TableSizeRow t : report.tables()) {
            add(table, t, "", pg);
            for (TableSizeRow p : t.partitions()) {
                add(table, p, "  └ ", pg);
            }
        }
        if (table.isEmpty()) {
            context.println("No tables.");
        } else {
            table.print(context::println);
        }
        context.println(report.tables().size() + " tables, database " + Sizes.human(report.databaseBytes()));
        if (report.statsNote() != null) {
            context.println(report.statsNote());
        }
    }

    private static void add(TextTable table, TableSizeRow t, String indent, boolean pg) {
        String name = indent + (indent.isEmpty() ? t.qualifiedName() : t.name());
        String rows = t.estimatedRows() == null ? "?" : Long.toString(t.estimatedRows());
        if (pg) {
            table.add(name, rows, Sizes.human(t.tableBytes()), Sizes.human(t.indexBytes()), Sizes.human(t.toastBytes()),
                    Sizes.human(t.totalBytes()), TextTable.percent(t.shareOfDatabase()),
                    t.deadRowShare() == null ? "" : TextTable.percent(t.deadRowShare()));
        } else {
            table.add(name, t.engine() == null ? "" : t.engine(), rows, Sizes.human(t.tableBytes()), Sizes.human(t.indexBytes()),
                    t.freeBytes() == null ? "" : Sizes.human(t.freeBytes()), Sizes.human(t.totalBytes()),
                    TextTable.percent(t.shareOfDatabase()));
        }
    }
}
