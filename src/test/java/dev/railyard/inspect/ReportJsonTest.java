package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.db.Dialect;
import dev.railyard.home.Json;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The reports are what `railyard inspect ... --json` prints: they must serialize and read back. */
class ReportJsonTest {

    private final ObjectMapper json = Json.mapper();

    @Test
    void reportsOfEveryViewSerializeAndReadBack() throws Exception {
        try (Connection c = PgWorkload.inspect()) {
            TableSizeReport tables = new TableSizes(Dialect.POSTGRESQL).read(c);
            TableSizeReport tablesBack = json.readValue(json.writeValueAsString(tables), TableSizeReport.class);
            assertEquals(tables, tablesBack);

            IndexReport indexes = new IndexHealth(Dialect.POSTGRESQL).read(c);
            assertEquals(indexes, json.readValue(json.writeValueAsString(indexes), IndexReport.class));

            OverviewReport overview = new OverviewTracker().accept(new Overview(Dialect.POSTGRESQL).read(c));
            JsonNode tree = json.readTree(json.writeValueAsString(overview));
            assertTrue(tree.path("snapshot").path("serverVersion").asText().startsWith("17."));
            assertTrue(tree.path("snapshot").path("findings").isArray());
            assertEquals(overview, json.readValue(json.writeValueAsString(overview), OverviewReport.class));

            QueryStatsReport queries = new SlowQueries(Dialect.POSTGRESQL).read(c, 5);
            assertEquals(queries, json.readValue(json.writeValueAsString(queries), QueryStatsReport.class));

            ActivityReport activity = new Activity(Dialect.POSTGRESQL).read(c);
            assertEquals(activity, json.readValue(json.writeValueAsString(activity), ActivityReport.class));
        }
    }
}
