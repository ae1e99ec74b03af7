package dev.railyard.backup.mysql;

import dev.railyard.backup.mysql.MysqlCatalog.Column;
import dev.railyard.backup.mysql.MysqlCatalog.Definition;
import dev.railyard.backup.mysql.MysqlCatalog.Table;
import dev.railyard.backup.mysql.MysqlCatalog.ValueKind;
import dev.railyard.backup.script.MysqlScriptRunner;
import dev.railyard.backup.script.MysqlVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Writes a dump in the layout mysqldump uses, so the {@code mysql} and {@code mariadb} clients
 * restore it as well as Railyard does:
 *
 * <ol>
 *   <li>a header saving and setting the session (character set, time zone '+00:00', unique and
 *       foreign-key checks off, sql_mode NO_AUTO_VALUE_ON_ZERO, notes off) in {@code /*!40101}
 *       comments that both families run;</li>
 *   <li>per table: DROP + CREATE (SHOW CREATE TABLE, AUTO_INCREMENT kept), its rows as multi-row
 *       INSERTs of bounded size, then its triggers (after the rows, so loading does not fire them);</li>
 *   <li>a placeholder per view, so views, routines and events can refer to any view;</li>
 *   <li>events and routines between {@code DELIMITER ;;} lines with their sql_mode and character set;</li>
 *   <li>the real views in dependency order, then the footer restoring the session and the
 *       {@code -- Dump completed} line that marks a whole file.</li>
 * </ol>
 */
final class MysqlDumpWriter {

    /** INSERTs stay below this size: restorable with a 1 MB max_allowed_packet, large enough to load fast. */
    static final int DEFAULT_MAX_STATEMENT = 1_000_000;

    /** Header line naming the source database's character set and collation, for a restore into a new database. */
    static final String CHARSET_LINE = "-- Database-Charset: ";

    private final OutputStream out;
    private final int maxStatement;
    private final SqlBytes text = new SqlBytes(1 << 12);

    MysqlDumpWriter(OutputStream out, int maxStatement) {
        this.out = out;
        this.maxStatement = maxStatement;
    }

    void header(String railyardVersion, MysqlVersion server, MysqlCatalog catalog, Instant started) throws IOException {
        text.clear();
        text.ascii(MysqlScriptRunner.RAILYARD_HEADER + " " + railyardVersion + "\n--\n")
                .ascii("-- Server: " + server.display() + " (").utf8(oneLine(server.text())).ascii(")\n")
                .ascii("-- Database: ").utf8(oneLine(catalog.database))
                .ascii(" (" + catalog.charset + ", " + catalog.collation + ")\n")
                .ascii("-- Snapshot: " + started + ", REPEATABLE READ, START TRANSACTION WITH CONSISTENT SNAPSHOT\n")
                .ascii("-- Restore with Railyard (railyard backup restore), or: mysql --comments -D <database> < <this file>\n"
                        + "-- (--comments keeps comments inside routine and trigger bodies; the client strips them by default)\n")
                .ascii("-- ------------------------------------------------------\n")
                .ascii(CHARSET_LINE + catalog.charset + " " + catalog.collation + "\n\n")
                .ascii("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n")
                .ascii("/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;\n")
                .ascii("/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;\n")
                .ascii("/*!40101 SET NAMES utf8mb4 */;\n")
                .ascii("/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n")
                .ascii("/*!40103 SET TIME_ZONE='+00:00' */;\n")
                .ascii("/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n")
                .ascii("/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n")
                .ascii("/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;\n")
                .ascii("/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;\n");
        flushText();
    }

    void sequence(Table t, String rawDdl, String next) throws IOException {
        String name = quotedRaw(t.name());
        text.clear();
        text.ascii("\n--\n-- Sequence ").raw(commentName(t.name())).ascii("\n--\n\n")
                .ascii("DROP SEQUENCE IF EXISTS ").raw(name).ascii(";\n")
                .raw(rawDdl).ascii(";\n");
        if (next != null) {
            text.ascii("DO SETVAL(").raw(name).ascii(", ").raw(next).ascii(", 0);\n");
        }
        flushText();
    }

    void tableDefinition(Table t, String rawDdl) throws IOException {
        String name = quotedRaw(t.name());
        text.clear();
        text.ascii("\n--\n-- Table ").raw(commentName(t.name())).ascii("\n--\n\n")
                .ascii("DROP TABLE IF EXISTS ").raw(name).ascii(";\n")
                .raw(rawDdl).ascii(";\n");
        flushText();
    }

    /** Starts the rows of one table. */
    TableRows rows(Table t) throws IOException {
        List<Column> columns = t.insertedColumns();
        SqlBytes prefix = new SqlBytes(256);
        prefix.ascii("INSERT INTO ").raw(quotedRaw(t.name())).ascii(" (");
        for (int i = 0; i < columns.size(); i++) {
            prefix.ascii(i == 0 ? "" : ",").raw(quotedRaw(columns.get(i).name()));
        }
        prefix.ascii(") VALUES\n");
        byte[] head = java.util.Arrays.copyOf(prefix.array(), prefix.length());
        text.clear();
        text.ascii("\n--\n-- Data of ").raw(commentName(t.name())).ascii("\n--\n\n");
        flushText();
        ValueKind[] kinds = columns.stream().map(Column::kind).toArray(ValueKind[]::new);
        return new TableRows(head, kinds);
    }

    /** One table's rows, batched into INSERT statements of at most {@code maxStatement} bytes. */
    final class TableRows {
        private final byte[] head;
        private final ValueKind[] kinds;
        private final SqlBytes statement;
        private long rows;
        private long bytes;

        TableRows(byte[] head, ValueKind[] kinds) {
            this.head = head;
            this.kinds = kinds;
            this.statement = new SqlBytes(Math.min(maxStatement, 1 << 20) + (1 << 16));
        }

        /** Adds a row; {@code values[i]} are the bytes the server sent for column i, null for NULL. */
        void add(byte[][] values) throws IOException {
            SqlBytes s = statement;
            int start = s.length();
            boolean first = start == 0;
            if (first) {
                s.bytes(head);
            } else {
                s.put(',').put('\n');
            }
            int rowStart = s.length();
            s.put('(');
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    s.put(',');
                }
                byte[] v = values[i];
                if (v == null) {
                    s.ascii("NULL");
                    continue;
                }
                switch (kinds[i]) {
                    case NUMBER, FLOAT -> s.bytes(v);
                    case STRING -> s.quoted(v);
                    case BINARY, SPATIAL -> s.hex(v);
                    case BIT -> s.bits(v);
                    case UNKNOWN -> throw new IllegalStateException("a column of unknown type reached the writer");
                }
            }
            s.put(')');
            rows++;
            if (!first && s.length() + 2 > maxStatement) {
                // This row would make the statement too long: end the statement before it.
                byte[] row = java.util.Arrays.copyOfRange(s.array(), rowStart, s.length());
                s.truncate(start);
                flushStatement();
                s.bytes(head).bytes(row);
            }
            if (s.length() + 2 > maxStatement) {
                flushStatement();
            }
        }

        private void flushStatement() throws IOException {
            if (statement.length() == 0) {
                return;
            }
            statement.put(';').put('\n');
            statement.writeTo(out);
            bytes += statement.length();
            statement.clear();
        }

        /** Ends the last statement; returns the bytes of SQL written for this table's rows. */
        long finish() throws IOException {
            flushStatement();
            return bytes;
        }

        long rows() {
            return rows;
        }

        long bytes() {
            return bytes + statement.length();
        }
    }

    void triggers(List<Definition> triggers) throws IOException {
        for (Definition d : triggers) {
            text.clear();
            text.ascii("\n-- Trigger ").raw(commentName(d.name())).ascii(" on ").raw(commentName(d.table())).ascii("\n");
            saveSession(d, "50003");
            definitionBody(d.statement());
            restoreSession(d, "50003");
            flushText();
        }
    }

    void viewPlaceholders(List<Table> views) throws IOException {
        for (Table v : views) {
            String name = quotedRaw(v.name());
            text.clear();
            text.ascii("\n--\n-- Placeholder for view ").raw(commentName(v.name())).ascii(" (the view itself is created at the end)\n--\n\n")
                    .ascii("DROP TABLE IF EXISTS ").raw(name).ascii(";\n")
                    .raw(versioned("50001", "DROP VIEW IF EXISTS " + name)).ascii(";\n");
            StringBuilder select = new StringBuilder("CREATE VIEW ").append(name).append(" AS SELECT ");
            if (v.columns().isEmpty()) {
                select.append("1 AS `1`");
            }
            for (int i = 0; i < v.columns().size(); i++) {
                select.append(i == 0 ? "" : ", ").append("NULL AS ").append(quotedRaw(v.columns().get(i).name()));
            }
            text.raw(versioned("50001", select.toString())).ascii(";\n");
            flushText();
        }
    }

    void events(List<Definition> events, String databaseCollation) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        text.clear();
        text.ascii("\n--\n-- Events\n--\n\n/*!50106 SET @save_time_zone= @@TIME_ZONE */ ;\n");
        for (Definition d : events) {
            text.raw(versioned("50106", "DROP EVENT IF EXISTS " + quotedRaw(d.name()))).ascii(";\n");
            alterCollation(d, databaseCollation, true);
            saveSession(d, "50106");
            definitionBody(d.statement());
            restoreSession(d, "50106");
            alterCollation(d, databaseCollation, false);
        }
        text.ascii("/*!50106 SET TIME_ZONE= @save_time_zone */ ;\n");
        flushText();
    }

    void routines(List<Definition> routines, String databaseCollation) throws IOException {
        if (routines.isEmpty()) {
            return;
        }
        text.clear();
        text.ascii("\n--\n-- Routines\n--\n");
        for (Definition d : routines) {
            text.ascii("\n").raw(versioned("50003", "DROP " + d.kind() + " IF EXISTS " + quotedRaw(d.name()))).ascii(";\n");
            alterCollation(d, databaseCollation, true);
            saveSession(d, "50003");
            definitionBody(d.statement());
            restoreSession(d, "50003");
            alterCollation(d, databaseCollation, false);
        }
        flushText();
    }

    void views(List<Definition> views) throws IOException {
        for (Definition d : views) {
            String name = quotedRaw(d.name());
            text.clear();
            text.ascii("\n--\n-- View ").raw(commentName(d.name())).ascii("\n--\n\n")
                    .raw(versioned("50001", "DROP VIEW IF EXISTS " + name)).ascii(";\n");
            saveSession(d, "50001");
            text.raw(d.statement()).ascii(";\n");
            restoreSession(d, "50001");
            flushText();
        }
    }

    void footer(Instant finished, int tables, long rows) throws IOException {
        text.clear();
        text.ascii("\n/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;\n")
                .ascii("/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n")
                .ascii("/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;\n")
                .ascii("/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n")
                .ascii("/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;\n")
                .ascii("/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;\n")
                .ascii("/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;\n")
                .ascii("/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;\n\n")
                .ascii("-- Dump completed on " + finished + " (" + tables + " tables, " + rows + " rows)\n");
        flushText();
    }

    /** The settings a trigger, routine, event or view was created under, saved and set. */
    private void saveSession(Definition d, String v) {
        text.ascii("/*!" + v + " SET @saved_cs_client      = @@character_set_client */ ;\n")
                .ascii("/*!" + v + " SET @saved_cs_results     = @@character_set_results */ ;\n")
                .ascii("/*!" + v + " SET @saved_col_connection = @@collation_connection */ ;\n");
        if (d.charsetClient() != null) {
            text.ascii("/*!" + v + " SET character_set_client  = ").raw(d.charsetClient()).ascii(" */ ;\n")
                    .ascii("/*!" + v + " SET character_set_results = ").raw(d.charsetClient()).ascii(" */ ;\n");
        }
        if (d.collationConnection() != null) {
            text.ascii("/*!" + v + " SET collation_connection  = ").raw(d.collationConnection()).ascii(" */ ;\n");
        }
        if (d.sqlMode() != null) {
            text.ascii("/*!" + v + " SET @saved_sql_mode       = @@sql_mode */ ;\n")
                    .ascii("/*!" + v + " SET sql_mode              = ").raw(MysqlNames.literal(d.sqlMode())).ascii(" */ ;\n");
        }
        if (d.timeZone() != null) {
            text.ascii("/*!" + v + " SET @saved_time_zone      = @@time_zone */ ;\n")
                    .ascii("/*!" + v + " SET time_zone             = ").raw(MysqlNames.literal(d.timeZone())).ascii(" */ ;\n");
        }
    }

    private void restoreSession(Definition d, String v) {
        if (d.timeZone() != null) {
            text.ascii("/*!" + v + " SET time_zone             = @saved_time_zone */ ;\n");
        }
        if (d.sqlMode() != null) {
            text.ascii("/*!" + v + " SET sql_mode              = @saved_sql_mode */ ;\n");
        }
        text.ascii("/*!" + v + " SET character_set_client  = @saved_cs_client */ ;\n")
                .ascii("/*!" + v + " SET character_set_results = @saved_cs_results */ ;\n")
                .ascii("/*!" + v + " SET collation_connection  = @saved_col_connection */ ;\n");
    }

    /**
     * A routine or event remembers the database's collation at its creation; when it differs from
     * today's, set it around the CREATE as mysqldump does (without naming the database, so the
     * script restores into any database).
     */
    private void alterCollation(Definition d, String databaseCollation, boolean before) {
        String original = d.databaseCollation();
        if (original == null || original.equalsIgnoreCase(databaseCollation)) {
            return;
        }
        text.ascii("/*!50003 ALTER DATABASE COLLATE ").raw(before ? original : databaseCollation).ascii(" */ ;\n");
    }

    /** A CREATE statement between DELIMITER lines, with a delimiter its text does not contain. */
    private void definitionBody(String raw) {
        String delimiter = ";;";
        for (String candidate : new String[] {";;", "$$", "//", "@@@@", "~~~~"}) {
            if (!raw.contains(candidate)) {
                delimiter = candidate;
                break;
            }
        }
        text.ascii("DELIMITER ").ascii(delimiter).ascii("\n").raw(raw).ascii(delimiter).ascii("\nDELIMITER ;\n");
    }

    private void flushText() throws IOException {
        text.writeTo(out);
        text.clear();
    }

    static String quotedRaw(String name) {
        return MysqlCatalog.rawName(MysqlNames.quote(name));
    }

    /**
     * {@code /*!NNNNN sql *}{@code /} as mysqldump writes it, or plain {@code sql} when a name in it holds
     * the comment's end, which would cut the comment short.
     */
    static String versioned(String version, String sql) {
        return sql.contains("*/") ? sql : "/*!" + version + " " + sql + " */";
    }

    /** A name for a -- comment: a newline in it must not end the comment. */
    static String commentName(String name) {
        return quotedRaw(name).replace('\n', ' ').replace('\r', ' ');
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
    }
}
