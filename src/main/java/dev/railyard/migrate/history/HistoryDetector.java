package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds other tools' history tables in one catalog query (resources/sql/&lt;dialect&gt;/
 * migration-history-tables.sql) and tells the tools apart by table name and columns, e.g.
 * Rails' {@code schema_migrations(version varchar)} from golang-migrate's
 * {@code schema_migrations(version bigint, dirty boolean)}.
 */
final class HistoryDetector {

    /** Most specific first: the hand-rolled heuristics take what nobody else claimed. */
    static final List<HistoryReader> READERS = List.of(
            new FlywayTableReader(), new PrismaReader(), new LiquibaseReader(), new DjangoReader(), new KnexReader(),
            new GolangMigrateReader(), new RailsReader(), new SequelizeReader(), new AlembicReader(),
            new DrizzleReader(), new TypeOrmReader(), new HandRolledReader());

    private HistoryDetector() {
    }

    static List<DetectedTable> detect(Connection connection, Dialect dialect) throws SQLException {
        Map<List<String>, Map<String, String>> tables = new LinkedHashMap<>();
        Queries.list(connection, SqlResources.load(dialect, "migration-history-tables"), rs -> {
            tables.computeIfAbsent(List.of(rs.getString("table_schema"), rs.getString("table_name")), k -> new LinkedHashMap<>())
                    .put(rs.getString("column_name"), rs.getString("data_type"));
            return null;
        });
        List<DetectedTable> found = new ArrayList<>();
        tables.forEach((key, columns) -> classify(new DetectedTable(dialect, key.get(0), key.get(1), null, null, columns))
                .ifPresent(found::add));
        return found;
    }

    static Optional<DetectedTable> classify(DetectedTable table) {
        String name = table.name().toLowerCase(Locale.ROOT);
        Set<String> columns = table.lowerColumns();
        Optional<HistoryTool> companion = companionOf(name, columns);
        if (companion.isPresent()) {
            return Optional.of(table.as(companion.get(), DetectedTable.Role.COMPANION));
        }
        for (HistoryReader reader : READERS) {
            if (reader.recognises(name, columns, table)) {
                return Optional.of(table.as(reader.tool(), DetectedTable.Role.HISTORY));
            }
        }
        return Optional.empty();
    }

    private static Optional<HistoryTool> companionOf(String name, Set<String> columns) {
        if (columns.containsAll(Set.of("index", "is_locked"))) {
            return Optional.of(HistoryTool.KNEX);
        }
        if (name.equals("ar_internal_metadata") && columns.containsAll(Set.of("key", "value"))) {
            return Optional.of(HistoryTool.RAILS);
        }
        if (name.equals("databasechangeloglock") && columns.containsAll(Set.of("id", "locked"))) {
            return Optional.of(HistoryTool.LIQUIBASE);
        }
        return Optional.empty();
    }

    static HistoryReader readerFor(HistoryTool tool) {
        return READERS.stream().filter(r -> r.tool() == tool).findFirst().orElseThrow();
    }
}
