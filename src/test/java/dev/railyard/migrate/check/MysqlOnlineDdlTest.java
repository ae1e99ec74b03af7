package dev.railyard.migrate.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.migrate.check.MysqlOnlineDdl.Algorithm;
import dev.railyard.migrate.check.MysqlOnlineDdl.Judgement;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The online-DDL rules against a real MySQL 9.7: for each ALTER, the algorithm the rules predict is
 * the fastest one the server accepts when asked for it explicitly (ALGORITHM=INSTANT/INPLACE), so
 * the rules cannot drift from the server unnoticed.
 */
class MysqlOnlineDdlTest {

    private static final AtomicInteger TABLES = new AtomicInteger();

    /** A fresh table with rows, so nothing is judged on an empty one. */
    private static String freshTable(Statement s) throws SQLException {
        String name = "t" + TABLES.incrementAndGet();
        s.execute("CREATE TABLE parent_" + name + " (id int PRIMARY KEY)");
        s.execute("CREATE TABLE " + name + " (id int PRIMARY KEY, qty int NOT NULL, status enum('new','paid') NOT NULL, "
                + "name varchar(20), parent_id int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        s.execute("INSERT INTO " + name + " VALUES (1, 1, 'new', 'a', NULL), (2, 2, 'paid', 'b', NULL)");
        return name;
    }

    /** Judges the ALTER, then asks the server for that algorithm (must work) and the next faster one (must be refused). */
    private static Judgement agreesWithServer(Connection c, String alterBody, Algorithm expected) throws SQLException {
        try (Statement s = c.createStatement()) {
            String table = freshTable(s);
            String sql = "ALTER TABLE " + table + " " + alterBody.replace("PARENT", "parent_" + table);
            Judgement judged = MysqlOnlineDdl.judge(sql, MysqlOnlineDdl.columnTypes(c, table), false);
            assertEquals(expected, judged.algorithm(), sql + ": " + judged.reasons());
            if (expected != Algorithm.INSTANT) {
                Algorithm faster = Algorithm.values()[expected.ordinal() - 1];
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(sql + ", ALGORITHM=" + faster),
                        "the server refuses " + faster + " for " + sql);
                assertTrue(refused.getMessage().contains("ALGORITHM=" + faster) || refused.getMessage().contains("not supported"),
                        refused.getMessage());
            }
            s.execute(sql + ", ALGORITHM=" + expected); // the server runs it so
            return judged;
        }
    }

    @Test
    void theRulesPickTheAlgorithmMysql9Uses() throws Exception {
        MysqlServer mysql = MysqlServer.sharedMysql9();
        String db = mysql.createDatabase("online_ddl");
        try (Connection c = mysql.connect(db)) {
            // The two MODIFYs the issue names: a type change copies the table, an ENUM member added at the end is instant.
            Judgement copy = agreesWithServer(c, "MODIFY qty bigint NOT NULL", Algorithm.COPY);
            assertTrue(copy.rebuilds() && copy.blocksWrites(), copy.toString());
            Judgement instant = agreesWithServer(c, "MODIFY status enum('new','paid','shipped') NOT NULL", Algorithm.INSTANT);
            assertTrue(!instant.rebuilds() && !instant.blocksWrites(), instant.toString());

            agreesWithServer(c, "MODIFY name varchar(60)", Algorithm.INPLACE);
            agreesWithServer(c, "MODIFY name varchar(20) CHARACTER SET latin1", Algorithm.COPY);
            agreesWithServer(c, "MODIFY qty int NULL", Algorithm.INPLACE);
            agreesWithServer(c, "ADD COLUMN note text", Algorithm.INSTANT);
            agreesWithServer(c, "DROP COLUMN name", Algorithm.INSTANT);
            agreesWithServer(c, "RENAME COLUMN name TO title", Algorithm.INSTANT);
            agreesWithServer(c, "ADD INDEX by_qty (qty)", Algorithm.INPLACE);
            agreesWithServer(c, "CONVERT TO CHARACTER SET latin1", Algorithm.COPY);
            Judgement fk = agreesWithServer(c, "ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES PARENT (id)", Algorithm.COPY);
            assertTrue(fk.foreignKey(), fk.toString());
        }
    }

    @Test
    void optimizeTableRebuildsTheTable() {
        Judgement j = MysqlOnlineDdl.judge("OPTIMIZE TABLE orders", java.util.Map.of(), false);
        assertEquals(Algorithm.INPLACE, j.algorithm());
        assertTrue(j.rebuilds(), j.toString());
        assertEquals("orders", MysqlOnlineDdl.table("OPTIMIZE TABLE `orders`"));
        assertEquals("orders", MysqlOnlineDdl.table("ALTER TABLE shop.`orders` ADD COLUMN x int"));
    }
}
