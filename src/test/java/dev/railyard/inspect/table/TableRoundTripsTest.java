package dev.railyard.inspect.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.db.Dialect;
import dev.railyard.inspect.InspectSession;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Railway's proxy adds 30-150 ms per round trip: the details and the rows are one each, counted
 * through a proxy on an open inspection connection; the DDL, which reads the backup's catalog,
 * is four on PostgreSQL (settings, the catalog's two batches, putting the settings back) and
 * eight on MySQL for a table with one trigger.
 */
class TableRoundTripsTest {

    @FunctionalInterface
    interface Read {
        Object apply(Connection c) throws Exception;
    }

    private static long roundTrips(LatencyProxy proxy, Connection c, Read read) throws Exception {
        read.apply(c); // the driver's one-time type lookups are not the view's
        proxy.resetCounts();
        read.apply(c);
        return proxy.roundTrips();
    }

    @Test
    void detailsAndRowsAreOneRoundTripEachOnPostgres() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = TableInsidePostgresTest.shop(pg);
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ofMillis(2))) {
            Properties properties = InspectSession.inspectionProperties(Dialect.POSTGRESQL);
            properties.setProperty("user", "postgres");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db, properties)) {
                assertEquals(1L, roundTrips(proxy, c, conn -> new TableDetailsReader(Dialect.POSTGRESQL).read(conn, "public", "orders")));
                assertEquals(1L, roundTrips(proxy, c, conn -> new TableRowReader(Dialect.POSTGRESQL).read(conn, "public", "orders",
                        RowRequest.first().sortedBy("amount", true))));
                assertEquals(4L, roundTrips(proxy, c, conn -> TableDdl.of(conn, Dialect.POSTGRESQL, "public", "orders")));
            }
        }
    }

    @Test
    void detailsAndRowsAreOneRoundTripEachOnMysql() throws Exception {
        MysqlServer server = MysqlServer.sharedMysql9();
        String db = TableInsideMysqlTest.shop(server);
        try (LatencyProxy proxy = new LatencyProxy(server.port(), Duration.ofMillis(2))) {
            String url = server.jdbcUrl(db).replace("127.0.0.1:" + server.port(), "127.0.0.1:" + proxy.port());
            try (Connection c = DriverManager.getConnection(url,
                    InspectSession.inspectionProperties(Dialect.MYSQL, false, Duration.ofSeconds(30)))) {
                assertEquals(1L, roundTrips(proxy, c, conn -> new TableDetailsReader(Dialect.MYSQL).read(conn, db, "orders")));
                assertEquals(1L, roundTrips(proxy, c, conn -> new TableRowReader(Dialect.MYSQL).read(conn, db, "orders",
                        RowRequest.first().sortedBy("amount", true))));
                // The backup's catalog code: settings, database, columns, tables, SHOW CREATE TABLE, triggers, one SHOW
                // CREATE TRIGGER per trigger (no multi-statement batches on an inspection connection), settings back.
                assertEquals(8L, roundTrips(proxy, c, conn -> TableDdl.of(conn, Dialect.MYSQL, db, "orders")));
            }
        }
    }
}
