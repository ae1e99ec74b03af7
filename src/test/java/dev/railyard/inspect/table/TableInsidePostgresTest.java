package dev.railyard.inspect.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.TableDefinition;
import dev.railyard.backup.postgres.BuiltinPgDump;
import dev.railyard.backup.postgres.PgEndpoint;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.InspectionScope;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A look inside a table on PostgreSQL 17 and 13 (attgenerated, identity and catalog columns differ
 * across versions): its details in one statement, its rows filtered with bind parameters and
 * sorted on the server, and its DDL equal to a backup's text.
 */
public class TableInsidePostgresTest {

    /** A database with customers, orders (identity, generated column, index, trigger, keys both ways) and shipments. */
    public static String shop(EmbeddedPostgres pg) throws SQLException {
        String db = pg.createDatabase("inside");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                    + "customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE, "
                    + "amount numeric(10,2) NOT NULL DEFAULT 0, "
                    + "amount_with_tax numeric GENERATED ALWAYS AS (amount * 1.2) STORED, note text)");
            s.execute("COMMENT ON COLUMN orders.note IS 'what the customer wrote'");
            s.execute("COMMENT ON TABLE orders IS 'one row per order'");
            s.execute("CREATE INDEX orders_customer ON orders (customer_id)");
            s.execute("CREATE TABLE shipments (id int PRIMARY KEY, order_id bigint REFERENCES orders (id))");
            s.execute("CREATE FUNCTION touch_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$");
            s.execute("CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_order()");
            s.execute("INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob'), (3, '''; DROP TABLE customers; --')");
            s.execute("INSERT INTO orders (customer_id, amount, note) SELECT 1 + g % 3, g, CASE WHEN g % 2 = 0 THEN 'even' END "
                    + "FROM generate_series(1, 300) g");
            s.execute("SELECT count(*) FROM orders WHERE customer_id = 1"); // an index scan is not guaranteed: the figure only has to be read
            s.execute("ANALYZE");
        }
        return db;
    }

    private static <T> T inspect(EmbeddedPostgres pg, String db, InspectionScope.View<T> view) throws SQLException {
        try (Connection c = pg.connect(db)) {
            return InspectionScope.read(c, Dialect.POSTGRESQL, view);
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"17", "13"})
    void detailsOfATableWithKeysBothWaysATriggerAGeneratedColumnAndAnIndex(String major) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String db = shop(pg);
        TableDetails orders = inspect(pg, db, c -> new TableDetailsReader(Dialect.POSTGRESQL).read(c, "public", "orders"));

        assertEquals("table", orders.kind());
        assertEquals("one row per order", orders.comment());
        assertEquals(List.of("id", "customer_id", "amount", "amount_with_tax", "note"),
                orders.columns().stream().map(TableColumn::name).toList());
        TableColumn id = orders.column("id");
        assertEquals("bigint", id.type());
        assertEquals("GENERATED ALWAYS AS IDENTITY", id.identity());
        assertFalse(id.nullable());
        assertEquals("0", orders.column("amount").defaultValue());
        assertEquals("numeric(10,2)", orders.column("amount").type());
        TableColumn tax = orders.column("amount_with_tax");
        assertEquals("(amount * 1.2) STORED", tax.generated());
        assertNull(tax.defaultValue(), "a generated column's expression is not its default");
        assertEquals("what the customer wrote", orders.column("note").comment());
        assertTrue(orders.column("note").nullable());

        assertEquals(List.of("orders_pkey", "orders_customer"), orders.indexes().stream().map(TableIndex::name).toList(),
                "the primary key first");
        TableIndex byCustomer = orders.indexes().get(1);
        assertEquals("CREATE INDEX orders_customer ON public.orders USING btree (customer_id)", byCustomer.definition());
        assertTrue(byCustomer.bytes() > 0);
        assertNotNull(byCustomer.uses(), "idx_scan is read");
        assertTrue(orders.indexes().get(0).primary());

        assertEquals(1, orders.references().size());
        ForeignKey out = orders.references().get(0);
        assertEquals("customers", out.toTable());
        assertEquals(List.of("customer_id"), out.fromColumns());
        assertEquals(List.of("id"), out.toColumns());
        assertTrue(out.definition().contains("ON DELETE CASCADE"), out.definition());
        assertEquals(1, orders.referencedBy().size());
        assertEquals("shipments", orders.referencedBy().get(0).fromTable());
        assertEquals(List.of("order_id"), orders.referencedBy().get(0).fromColumns());

        assertEquals(1, orders.triggers().size());
        TableTrigger trigger = orders.triggers().get(0);
        assertEquals("orders_touch", trigger.name());
        assertEquals("BEFORE UPDATE FOR EACH ROW", trigger.timing());
        assertTrue(trigger.definition().contains("EXECUTE FUNCTION touch_order()"), trigger.definition());
        assertTrue(trigger.enabled());

        SQLException missing = assertThrows(SQLException.class,
                () -> inspect(pg, db, c -> new TableDetailsReader(Dialect.POSTGRESQL).read(c, "public", "nowhere")));
        assertEquals("42P01", missing.getSQLState());
    }

    @Test
    void aFilterValueIsABindParameterThatFindsNothingAndDropsNothing() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shop(pg);
        TableRowReader reader = new TableRowReader(Dialect.POSTGRESQL);
        RowRequest hostile = RowRequest.first().filteredBy(List.of(
                new RowFilter("name", FilterOperator.EQUALS, "x'; DROP TABLE customers; --")));
        TableRows none = inspect(pg, db, c -> reader.read(c, "public", "customers", hostile));
        assertEquals(0, none.rows().size());
        assertEquals("SELECT * FROM public.customers WHERE name = ? LIMIT 201", none.sql(), "the value is not in the SQL");
        try (Connection c = pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the table is still there, with its rows");
        }

        // A value with a quote in it, stored as such, is found as it is: compared, never run.
        TableRows stored = inspect(pg, db, c -> reader.read(c, "public", "customers", RowRequest.first().filteredBy(List.of(
                new RowFilter("name", FilterOperator.EQUALS, "'; DROP TABLE customers; --")))));
        assertEquals(List.of(List.of("3", "'; DROP TABLE customers; --")), stored.rows());
        TableRows like = inspect(pg, db, c -> reader.read(c, "public", "customers", RowRequest.first().filteredBy(List.of(
                new RowFilter("name", FilterOperator.LIKE, "'; DROP%")))));
        assertEquals(stored.rows(), like.rows(), "LIKE matches the stored text");
    }

    @Test
    void filtersCombineTypedValuesAndNullsAndSortOnTheServerBothWays() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shop(pg);
        TableRowReader reader = new TableRowReader(Dialect.POSTGRESQL);
        RowRequest request = RowRequest.first().sortedBy("amount", true);
        TableRows first = inspect(pg, db, c -> reader.read(c, "public", "orders", request));
        assertEquals(200, first.rows().size());
        assertTrue(first.more(), "300 rows: more than the first 200");
        assertEquals("300.00", first.rows().get(0).get(first.columns().indexOf("amount")), "largest first");

        TableRows ascending = inspect(pg, db, c -> reader.read(c, "public", "orders", request.sortedBy("amount", false)));
        assertEquals("1.00", ascending.rows().get(0).get(2));

        // An integer column compared with typed text, several conditions ANDed, IS NULL without a value.
        RowRequest filtered = request.filteredBy(List.of(new RowFilter("customer_id", FilterOperator.EQUALS, "2"),
                new RowFilter("note", FilterOperator.IS_NULL, null), new RowFilter("amount", FilterOperator.LESS, "20")));
        TableRows some = inspect(pg, db, c -> reader.read(c, "public", "orders", filtered));
        assertFalse(some.more());
        // customer 2: amounts 1, 4, 7, ...; odd ones have no note: 19, 13, 7, 1.
        assertEquals(List.of("19.00", "13.00", "7.00", "1.00"), some.rows().stream().map(r -> r.get(2)).toList());
        assertEquals("SELECT * FROM public.orders WHERE customer_id = ? AND note IS NULL AND amount < ? ORDER BY amount DESC LIMIT 201",
                some.sql());

        SQLException wrongType = assertThrows(SQLException.class, () -> inspect(pg, db, c -> reader.read(c, "public", "orders",
                RowRequest.first().filteredBy(List.of(new RowFilter("customer_id", FilterOperator.EQUALS, "two"))))));
        assertEquals("22P02", wrongType.getSQLState(), "the server says the value is not an integer");
    }

    @Test
    void rowsAreReadInAReadOnlyTransaction() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shop(pg);
        String readOnly = inspect(pg, db, c -> {
            new TableRowReader(Dialect.POSTGRESQL).read(c, "public", "customers", RowRequest.first());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW transaction_read_only")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertEquals("on", readOnly, "the server refuses a write in this session");
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"17", "13"})
    void ddlIsTheTextABackupOfTheTableWrites(String major, @TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String db = shop(pg);
        TableDefinition inScope = inspect(pg, db, c -> TableDdl.of(c, Dialect.POSTGRESQL, "public", "orders"));
        TableDefinition alone;
        try (Connection c = pg.connect(db)) {
            alone = TableDdl.of(c, Dialect.POSTGRESQL, "public", "orders");
            assertTrue(c.getAutoCommit(), "the connection is left as it was");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW search_path")) {
                rs.next();
                assertEquals("\"$user\", public", rs.getString(1), "the backup's empty search_path was local to the read");
            }
        }
        assertEquals(alone.text(), inScope.text());

        Path file = dir.resolve("orders.sql");
        new BuiltinPgDump(new PgEndpoint("127.0.0.1", pg.port(), db, "postgres", null, SslMode.DISABLE),
                BackupOptions.defaults().withTables(List.of("public.orders")).withSchemaOnly(true), file, null)
                .run(JobContext.silent());
        String backup = Files.readString(file, StandardCharsets.UTF_8);
        String ddl = inScope.text();
        assertTrue(ddl.contains("CREATE TABLE public.orders ("), ddl);
        assertTrue(ddl.contains("CREATE INDEX orders_customer ON public.orders USING btree (customer_id);"), ddl);
        assertTrue(ddl.contains("CREATE TRIGGER orders_touch"), ddl);
        assertTrue(ddl.contains("FOREIGN KEY (customer_id) REFERENCES public.customers(id) ON DELETE CASCADE"), ddl);
        assertTrue(backup.contains(ddl), "the backup of the table holds exactly this text:\n" + ddl);
    }
}
