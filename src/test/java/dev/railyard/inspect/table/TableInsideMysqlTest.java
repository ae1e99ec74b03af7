package dev.railyard.inspect.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.TableDefinition;
import dev.railyard.backup.mysql.BuiltinMysqlDump;
import dev.railyard.backup.mysql.MysqlEndpoint;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.InspectSession;
import dev.railyard.inspect.InspectionScope;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A look inside a table on MySQL 9 and MariaDB: the details in one statement, rows filtered with
 * bind parameters and sorted on the server, the DDL equal to a backup's text.
 */
class TableInsideMysqlTest {

    static String shop(MysqlServer server) throws SQLException {
        String db = server.createDatabase("inside");
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            s.execute("CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, "
                    + "amount DECIMAL(10,2) NOT NULL DEFAULT 0, "
                    + "amount_with_tax DECIMAL(12,2) GENERATED ALWAYS AS (amount * 1.2) STORED, "
                    + "note VARCHAR(200) NULL COMMENT 'what the customer wrote', "
                    + "KEY orders_customer (customer_id), "
                    + "CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE"
                    + ") COMMENT 'one row per order'");
            s.execute("CREATE TABLE shipments (id INT PRIMARY KEY, order_id BIGINT, "
                    + "CONSTRAINT shipments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id))");
            s.execute("CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW SET NEW.note = COALESCE(NEW.note, '')");
            s.execute("INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob'), (3, '''; DROP TABLE customers; --')");
            StringBuilder rows = new StringBuilder("INSERT INTO orders (customer_id, amount, note) VALUES ");
            for (int g = 1; g <= 300; g++) {
                rows.append(g == 1 ? "" : ", ").append("(").append(1 + g % 3).append(", ").append(g).append(", ")
                        .append(g % 2 == 0 ? "'even'" : "NULL").append(")");
            }
            s.execute(rows.toString());
            s.execute("ANALYZE TABLE orders, customers, shipments");
        }
        return db;
    }

    /** A connection as the inspection pool makes one, read through InspectionScope as the window does. */
    private static <T> T inspect(MysqlServer server, String db, InspectionScope.View<T> view) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(db), InspectSession.inspectionProperties(Dialect.MYSQL,
                server.flavour() == MysqlServer.Flavour.MARIADB, Duration.ofSeconds(30)))) {
            return InspectionScope.read(c, Dialect.MYSQL, view);
        }
    }

    private static MysqlServer server(MysqlServer.Flavour flavour) {
        return flavour == MysqlServer.Flavour.MARIADB ? MysqlServer.sharedMariadb() : MysqlServer.sharedMysql9();
    }

    @ParameterizedTest
    @EnumSource(MysqlServer.Flavour.class)
    void detailsOfATableWithKeysBothWaysATriggerAGeneratedColumnAndAnIndex(MysqlServer.Flavour flavour) throws Exception {
        MysqlServer server = server(flavour);
        String db = shop(server);
        TableDetails orders = inspect(server, db, c -> new TableDetailsReader(Dialect.MYSQL).read(c, db, "orders"));

        assertEquals("table", orders.kind());
        assertEquals("one row per order", orders.comment());
        assertEquals(List.of("id", "customer_id", "amount", "amount_with_tax", "note"),
                orders.columns().stream().map(TableColumn::name).toList());
        assertEquals("AUTO_INCREMENT", orders.column("id").identity());
        assertEquals("bigint", orders.column("id").type().replace("(20)", ""), "MariaDB still prints a display width");
        assertFalse(orders.column("id").nullable());
        assertEquals("0.00", orders.column("amount").defaultValue());
        TableColumn tax = orders.column("amount_with_tax");
        assertTrue(tax.generated().endsWith(" STORED"), tax.generated());
        assertTrue(tax.generated().contains("amount") && tax.generated().contains("1.2"), tax.generated());
        assertNull(tax.defaultValue());
        assertNull(orders.column("note").defaultValue(), "a default of NULL is no default");
        assertEquals("what the customer wrote", orders.column("note").comment());

        assertEquals(List.of("PRIMARY", "orders_customer"), orders.indexes().stream().map(TableIndex::name).toList());
        TableIndex byCustomer = orders.indexes().get(1);
        assertEquals("INDEX `orders_customer` USING BTREE (`customer_id`)", byCustomer.definition());
        assertTrue(byCustomer.bytes() != null && byCustomer.bytes() > 0, "size from mysql.innodb_index_stats");

        assertEquals(1, orders.references().size());
        ForeignKey out = orders.references().get(0);
        assertEquals("orders_customer_fk", out.name());
        assertEquals("customers", out.toTable());
        assertEquals("FOREIGN KEY (`customer_id`) REFERENCES `" + db + "`.`customers` (`id`) ON UPDATE RESTRICT ON DELETE CASCADE",
                out.definition().replace("ON UPDATE NO ACTION", "ON UPDATE RESTRICT"));
        assertEquals(1, orders.referencedBy().size());
        assertEquals("shipments", orders.referencedBy().get(0).fromTable());

        assertEquals(1, orders.triggers().size());
        assertEquals("orders_touch", orders.triggers().get(0).name());
        assertEquals("BEFORE UPDATE FOR EACH ROW", orders.triggers().get(0).timing());
        assertTrue(orders.triggers().get(0).definition().contains("COALESCE"));

        SQLException missing = assertThrows(SQLException.class,
                () -> inspect(server, db, c -> new TableDetailsReader(Dialect.MYSQL).read(c, db, "nowhere")));
        assertEquals("42S02", missing.getSQLState());
    }

    @ParameterizedTest
    @EnumSource(MysqlServer.Flavour.class)
    void filterValuesAreBindParametersAndSortingIsTheServers(MysqlServer.Flavour flavour) throws Exception {
        MysqlServer server = server(flavour);
        String db = shop(server);
        TableRowReader reader = new TableRowReader(Dialect.MYSQL);
        TableRows none = inspect(server, db, c -> reader.read(c, db, "customers", RowRequest.first().filteredBy(List.of(
                new RowFilter("name", FilterOperator.EQUALS, "x'; DROP TABLE customers; --")))));
        assertEquals(0, none.rows().size());
        assertEquals("SELECT * FROM `" + db + "`.`customers` WHERE `name` = ? LIMIT 201", none.sql());
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the table is still there, with its rows");
        }
        TableRows stored = inspect(server, db, c -> reader.read(c, db, "customers", RowRequest.first().filteredBy(List.of(
                new RowFilter("name", FilterOperator.EQUALS, "'; DROP TABLE customers; --")))));
        assertEquals(List.of(List.of("3", "'; DROP TABLE customers; --")), stored.rows());

        RowRequest largestFirst = RowRequest.first().sortedBy("amount", true);
        TableRows first = inspect(server, db, c -> reader.read(c, db, "orders", largestFirst));
        assertEquals(200, first.rows().size());
        assertTrue(first.more());
        assertEquals("300.00", first.rows().get(0).get(2));
        TableRows some = inspect(server, db, c -> reader.read(c, db, "orders", largestFirst.filteredBy(List.of(
                new RowFilter("customer_id", FilterOperator.EQUALS, "2"), new RowFilter("note", FilterOperator.IS_NULL, null),
                new RowFilter("amount", FilterOperator.LESS, "20")))));
        assertEquals(List.of("19.00", "13.00", "7.00", "1.00"), some.rows().stream().map(r -> r.get(2)).toList());
    }

    @ParameterizedTest
    @EnumSource(MysqlServer.Flavour.class)
    void ddlIsTheTextABackupOfTheTableWrites(MysqlServer.Flavour flavour, @TempDir Path dir) throws Exception {
        MysqlServer server = server(flavour);
        String db = shop(server);
        TableDefinition ddl = inspect(server, db, c -> {
            TableDefinition definition = TableDdl.of(c, Dialect.MYSQL, db, "orders");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@SESSION.sql_mode")) {
                rs.next();
                assertFalse(rs.getString(1).isEmpty(), "the session's sql_mode is put back after the read");
            }
            return definition;
        });
        // From a connection to another database: switched for the read, and back.
        TableDefinition elsewhere;
        String other = server.createDatabase("other");
        try (Connection c = server.connect(other)) {
            elsewhere = TableDdl.of(c, Dialect.MYSQL, db, "orders");
            assertEquals(other, c.getCatalog());
        }
        assertEquals(ddl.text(), elsewhere.text());

        Path file = dir.resolve("orders.sql");
        new BuiltinMysqlDump(new MysqlEndpoint(null, "127.0.0.1", server.port(), db, "root", "", SslMode.DISABLE),
                BackupOptions.defaults().withTables(List.of("orders")).withSchemaOnly(true), file).run(JobContext.silent());
        String backup = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(ddl.text().contains("CREATE TABLE `orders` ("), ddl.text());
        assertTrue(ddl.text().contains("orders_touch"), ddl.text());
        assertTrue(backup.contains(ddl.text()), "the backup of the table holds exactly this text:\n" + ddl.text());
    }

    @ParameterizedTest
    @EnumSource(MysqlServer.Flavour.class)
    void anApplicationUserGetsTheDetailsWithoutIndexFiguresAndTheGrantsThatWouldShowThem(MysqlServer.Flavour flavour)
            throws Exception {
        MysqlServer server = server(flavour);
        String db = shop(server);
        String user = "app_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000;
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'app-pass'");
            s.execute("GRANT SELECT ON `" + db + "`.* TO '" + user + "'@'%'");
        }
        java.util.Properties properties = InspectSession.inspectionProperties(Dialect.MYSQL,
                flavour == MysqlServer.Flavour.MARIADB, Duration.ofSeconds(30));
        properties.setProperty("user", user);
        properties.setProperty("password", "app-pass");
        properties.setProperty("allowPublicKeyRetrieval", "true");
        properties.setProperty("useSSL", "false");
        TableDetails orders;
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port() + "/" + db, properties)) {
            orders = new TableDetailsReader(Dialect.MYSQL).read(c, db, "orders");
        }
        assertEquals(5, orders.columns().size());
        assertEquals(2, orders.indexes().size());
        assertNull(orders.indexes().get(1).bytes());
        assertTrue(orders.usageNote().contains("GRANT SELECT ON mysql.innodb_index_stats / SELECT ON performance_schema.*"),
                orders.usageNote());
        assertEquals(List.of(), orders.triggers(), "MySQL shows triggers only to users with the TRIGGER privilege");
        assertEquals("MySQL lists a table's triggers only to a user with the TRIGGER privilege on it.", orders.triggerNote());
    }
}
