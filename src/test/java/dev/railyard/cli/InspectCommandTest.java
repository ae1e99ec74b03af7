package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.inspect.PgWorkload;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    @TempDir
    Path home;

    private String url() throws Exception {
        return "postgresql://postgres@localhost:" + PgWorkload.server().port() + "/" + PgWorkload.database();
    }

    private CliRun.Result inspect(String... args) {
        return new CliRun(home).run(args);
    }

    @Test
    void tablesPrintsLargestFirstWithPartitionsNested() throws Exception {
        CliRun.Result r = inspect("inspect", "tables", "--url", url());
        assertEquals(0, r.code(), r.toString());
        int events = r.out().indexOf("public.events ");
        int customers = r.out().indexOf("public.customers ");
        assertTrue(events > 0 && customers > events, r.out());
        assertTrue(r.out().contains("  └ measurements_2025"), r.out());
    }

    @Test
    void tablesAsJsonHonoursTheLimit() throws Exception {
        JsonNode json = inspect("inspect", "tables", "--url", url(), "--json", "--limit", "2").json();
        assertEquals(2, json.path("tables").size());
        assertEquals("events", json.path("tables").get(0).path("name").asText());
        assertEquals("POSTGRESQL", json.path("dialect").asText());
    }

    @Test
    void overviewPrintsFiguresAndFindingsInPlainWords() throws Exception {
        CliRun.Result r = inspect("inspect", "overview", "--url", url());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("PostgreSQL 17."), r.out());
        assertTrue(r.out().contains("[Warning] archive has 50% dead rows (2000 of 4000), never vacuumed."), r.out());
        assertTrue(r.out().contains("VACUUM (ANALYZE) public.archive;"));
    }

    @Test
    void indexesPrintTheFixWithoutRunningIt() throws Exception {
        CliRun.Result r = inspect("inspect", "indexes", "--url", url());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("DROP INDEX CONCURRENTLY public.customers_city_idx2;"), r.out());
        JsonNode again = inspect("inspect", "indexes", "--url", url(), "--json").json();
        boolean stillThere = false;
        for (JsonNode index : again.path("indexes")) {
            stillThere |= index.path("name").asText().equals("customers_city_idx2");
        }
        assertTrue(stillThere, "shown, never run");
    }

    @Test
    void tableShowsItsDetailsItsDdlAndItsFirstRows() throws Exception {
        String db = dev.railyard.inspect.table.TableInsidePostgresTest.shop(dev.railyard.support.EmbeddedPostgres.shared());
        String shop = "postgresql://postgres@localhost:" + dev.railyard.support.EmbeddedPostgres.shared().port() + "/" + db;
        CliRun.Result r = inspect("inspect", "table", "orders", "--url", shop, "--limit", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("public.orders (table, about 300 rows"), r.out());
        assertTrue(r.out().contains("amount_with_tax  numeric"), r.out());
        assertTrue(r.out().contains("AS (amount * 1.2) STORED"), r.out());
        assertTrue(r.out().contains("orders_customer  index"), r.out());
        assertTrue(r.out().contains("orders_touch  BEFORE UPDATE FOR EACH ROW  yes"), r.out());
        assertTrue(r.out().contains("2 rows shown; the table has more"), r.out());

        CliRun.Result ddl = inspect("inspect", "table", "public.orders", "--url", shop, "--ddl");
        assertTrue(ddl.out().startsWith("--\n-- Name: orders; Type: TABLE; Schema: public"), ddl.out());
        JsonNode json = inspect("inspect", "table", "public.orders", "--url", shop, "--json").json();
        assertEquals("shipments", json.path("details").path("referencedBy").get(0).path("fromTable").asText());

        CliRun.Result missing = inspect("inspect", "table", "nowhere", "--url", shop);
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("There is no table public.nowhere"), missing.err());
    }

    @Test
    void queriesAndActivityRunAsJson() throws Exception {
        JsonNode queries = inspect("inspect", "queries", "--url", url(), "--json", "--limit", "3").json();
        assertTrue(queries.path("status").path("available").asBoolean(), queries.toString());
        assertTrue(queries.path("rows").size() <= 3);
        JsonNode activity = inspect("inspect", "activity", "--url", url(), "--json").json();
        boolean self = false;
        for (JsonNode s : activity.path("sessions")) {
            self |= s.path("self").asBoolean() && s.path("application").asText().equals("railyard");
        }
        assertTrue(self, activity.toString());
        CliRun.Result human = inspect("inspect", "activity", "--url", url());
        assertTrue(human.out().contains("* this session"), human.out());
    }

    @Test
    void badLimitIsAUsageErrorAndAnUnreachableServerAFailure() throws Exception {
        CliRun.Result limit = inspect("inspect", "tables", "--url", url(), "--limit", "0");
        assertEquals(2, limit.code(), limit.toString());
        assertTrue(limit.errorLine().contains("--limit must be at least 1"));
        CliRun.Result down = inspect("inspect", "overview", "--url", "postgresql://postgres@127.0.0.1:1/none");
        assertEquals(1, down.code(), down.toString());
        assertTrue(down.errorLine().startsWith("railyard: Connection refused by 127.0.0.1:1"), down.err());
        CliRun.Result noView = inspect("inspect", "--url", url());
        assertEquals(2, noView.code());
    }
}
