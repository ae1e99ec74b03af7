package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.support.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The publications query for PostgreSQL 13 and 14 has no server of its own here (the embedded
 * binaries start at 15): it runs on 15, where every column it reads exists too, and must give
 * the columns of the 15+ query, which the catalog reader maps by name.
 */
class PublicationsQueryTest {

    @Test
    void theQueryForThirteenAndFourteenRunsAndGivesTheSameColumns() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared("15");
        String db = pg.createDatabase("publications");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, v text)");
            s.execute("CREATE PUBLICATION p FOR TABLE t WITH (publish = 'insert')");
            List<List<String>> rows = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (String name : List.of("backup-publications-13", "backup-publications")) {
                try (ResultSet rs = s.executeQuery(SqlResources.load(Dialect.POSTGRESQL, name))) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnLabel(i));
                    }
                    labels.add(String.join(",", columns));
                    rs.next();
                    rows.add(List.of(rs.getString("name"), rs.getString("publish"), rs.getString("all_tables")));
                }
            }
            assertEquals(labels.get(1), labels.get(0));
            assertEquals(rows.get(1), rows.get(0));
            assertEquals(List.of("p", "insert", "f"), rows.get(0));
        }
    }
}
