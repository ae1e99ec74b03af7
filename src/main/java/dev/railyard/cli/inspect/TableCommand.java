package dev.railyard.cli.inspect;

import dev.railyard.backup.TableDefinition;
import dev.railyard.cli.CliContext;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.table.ForeignKey;
import dev.railyard.inspect.table.RowRequest;
import dev.railyard.inspect.table.TableColumn;
import dev.railyard.inspect.table.TableDdl;
import dev.railyard.inspect.table.TableDetails;
import dev.railyard.inspect.table.TableDetailsReader;
import dev.railyard.inspect.table.TableIndex;
import dev.railyard.inspect.table.TableRef;
import dev.railyard.inspect.table.TableRowReader;
import dev.railyard.inspect.table.TableRows;
import dev.railyard.inspect.table.TableTrigger;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "table", description = "A look inside one table: its columns, indexes with size and use, foreign keys "
        + "both ways and triggers; --ddl its DDL as a backup writes it; --limit N its first N rows.")
final class TableCommand extends InspectView {

    @Parameters(index = "0", paramLabel = "NAME", description = "The table: schema.table, or table alone for PostgreSQL's "
            + "public schema or the MySQL connection's database.")
    String name;

    @Option(names = "--ddl", description = "Print the table's DDL (the text a schema-only backup of it writes) instead of its details.")
    boolean ddl;

    TableCommand(CliContext context) {
        super(context);
    }

    @Override
    String what() {
        return "table " + name;
    }

    @Override
    void show(Connection connection, ConnectionProfile profile) throws SQLException {
        Dialect dialect = profile.dialect();
        TableRef table = table(profile);
        if (ddl) {
            TableDefinition definition = TableDdl.of(connection, dialect, table.schema(), table.name());
            if (output.json()) {
                context.printJson(definition);
            } else {
                context.println(definition.text().stripTrailing());
                definition.warnings().forEach(w -> context.println("-- A backup would warn: " + w));
            }
            return;
        }
        TableDetails details = new TableDetailsReader(dialect).read(connection, table.schema(), table.name());
        TableRows rows = limit == null ? null : new TableRowReader(dialect).read(connection, table.schema(), table.name(),
                new RowRequest(null, false, List.of(), Math.min(limit, RowRequest.MAX_LIMIT)));
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("details", details);
            if (rows != null) {
                json.put("rows", rows);
            }
            context.printJson(json);
            return;
        }
        print(details, dialect);
        if (rows != null) {
            context.println("");
            TextTable grid = new TextTable(rows.columns().toArray(String[]::new));
            rows.rows().forEach(r -> grid.add(r.stream().map(v -> v == null ? "NULL" : TextTable.shorten(v, 60))
                    .toArray(String[]::new)));
            if (grid.isEmpty()) {
                context.println("No rows.");
            } else {
                grid.print(context::println);
            }
            context.println(rows.rows().size() + (rows.more() ? " rows shown; the table has more" : " rows"));
        }
    }

    /** "shop.orders" or "orders": without a schema, public (PostgreSQL) or the connection's database (MySQL). */
    private TableRef table(ConnectionProfile profile) {
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            return new TableRef(name.substring(0, dot), name.substring(dot + 1));
        }
        String schema = profile.dialect() == Dialect.POSTGRESQL ? "public" : profile.database();
        if (schema == null || schema.isBlank()) {
            throw new dev.railyard.cli.CliException("Name the table as database.table: the connection names no database",
                    dev.railyard.cli.RailyardCli.USAGE);
        }
        return new TableRef(schema, name);
    }

    private void print(TableDetails d, Dialect dialect) {
        StringBuilder head = new StringBuilder(d.schema() + "." + d.name() + " (" + d.kind());
        if (d.estimatedRows() != null) {
            head.append(", about ").append(d.estimatedRows()).append(" rows");
        }
        if (d.totalBytes() != null) {
            head.append(", ").append(Sizes.human(d.totalBytes())).append(" with indexes");
        }
        context.println(head.append(')').toString());
        if (d.comment() != null) {
            context.println("Comment: " + d.comment());
        }
        context.println("");
        TextTable columns = new TextTable("#", "COLUMN", "TYPE", "NULL", "DEFAULT", "GENERATED / IDENTITY", "COMMENT").right(0);
        for (TableColumn c : d.columns()) {
            columns.add(Integer.toString(c.position()), c.name(), c.type(), c.nullable() ? "yes" : "NOT NULL",
                    orEmpty(c.defaultValue()), c.generated() != null ? "AS " + c.generated() : orEmpty(c.identity()),
                    orEmpty(c.comment()));
        }
        columns.print(context::println);

        context.println("");
        TextTable indexes = new TextTable("INDEX", "KIND", "SIZE", dialect == Dialect.POSTGRESQL ? "SCANS" : "ROWS READ",
                "DEFINITION").right(2, 3);
        for (TableIndex i : d.indexes()) {
            indexes.add(i.name(), (i.primary() ? "primary key" : i.unique() ? "unique" : "index") + (i.valid() ? "" : " INVALID"),
                    i.bytes() == null ? "" : Sizes.human(i.bytes()), i.uses() == null ? "" : Long.toString(i.uses()),
                    i.definition());
        }
        if (indexes.isEmpty()) {
            context.println("No indexes.");
        } else {
            indexes.print(context::println);
        }
        if (!d.usageNote().isEmpty()) {
            context.println(d.usageNote());
        }

        context.println("");
        keys("References", d.references(), true);
        keys("Referenced by", d.referencedBy(), false);

        context.println("");
        TextTable triggers = new TextTable("TRIGGER", "WHEN", "ENABLED");
        for (TableTrigger t : d.triggers()) {
            triggers.add(t.name(), t.timing(), t.enabled() ? "yes" : "DISABLED");
        }
        if (triggers.isEmpty()) {
            context.println(d.triggerNote().isEmpty() ? "No triggers." : "No triggers visible. " + d.triggerNote());
        } else {
            triggers.print(context::println);
        }
    }

    private void keys(String title, List<ForeignKey> keys, boolean outgoing) {
        if (keys.isEmpty()) {
            context.println(title + ": none.");
            return;
        }
        context.println(title + ":");
        TextTable table = new TextTable("FOREIGN KEY", outgoing ? "TO TABLE" : "FROM TABLE", "DEFINITION");
        for (ForeignKey k : keys) {
            table.add(k.name(), outgoing ? k.toSchema() + "." + k.toTable() : k.fromSchema() + "." + k.fromTable(), k.definition());
        }
        table.print(context::println);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
