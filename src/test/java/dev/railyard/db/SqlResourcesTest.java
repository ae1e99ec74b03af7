package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SqlResourcesTest {

    @Test
    void loadsByNameWithoutTheTrailingSemicolonAndCaches() {
        String sql = SqlResources.load(Dialect.POSTGRESQL, "queries_reset");
        assertEquals(SqlResources.MARK + "SELECT pg_stat_statements_reset()", sql, "comment lines are not sent");
        assertEquals("SELECT pg_stat_statements_reset()", SqlResources.shown(Dialect.POSTGRESQL, "queries_reset"));
        assertSame(sql, SqlResources.load(Dialect.POSTGRESQL, "queries_reset"));
        assertTrue(sql.startsWith(SqlResources.MARK), "marked as Railyard's own: " + sql);
        assertEquals("SELECT 1", SqlResources.strip("  SELECT 1 ;\n;\n"));
        assertEquals("SELECT a,\n  b -- trailing comments stay\nFROM t",
                SqlResources.strip("-- what it is\nSELECT a,\n  -- why b\n  b -- trailing comments stay\nFROM t;"));
    }

    @Test
    void unknownOrSuspiciousNamesFailClearly() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SqlResources.load(Dialect.MYSQL, "no_such_statement"));
        assertTrue(missing.getMessage().contains("sql/mysql/no_such_statement.sql"));
        assertThrows(IllegalArgumentException.class, () -> SqlResources.load(Dialect.MYSQL, "../secret"));
    }

    /**
     * Drivers scan SQL text for bind markers and quotes; comments sent along are safest without
     * either, and every file holds one statement (no semicolon inside) unless its first line says it is a
     * multi-statement batch.
     */
    @Test
    void everyFileIsOneStatementWithPlainComments() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("resources", "sql"))) {
            files = walk.filter(p -> p.toString().endsWith(".sql")).toList();
        }
        assertTrue(files.size() >= 20, "found " + files.size());
        for (Path file : files) {
            String text = Files.readString(file);
            for (String line : text.lines().toList()) {
                int comment = line.indexOf("--");
                // Whole-line comments are dropped before sending; comments after SQL are sent.
                if (comment > 0 && !line.substring(0, comment).isBlank()) {
                    String c = line.substring(comment);
                    assertFalse(c.contains("?") || c.contains("'"), file + ": comment with ? or ': " + line);
                }
            }
            String body = SqlResources.strip(text.lines().filter(l -> !l.strip().startsWith("--"))
                    .reduce("", (a, b) -> a + "\n" + b));
            boolean batch = text.lines().findFirst().orElse("").contains("multi-statement");
            assertFalse(!batch && body.contains(";"), file + " holds more than one statement");
            assertTrue(text.startsWith("--"), file + " starts with a comment saying what it is for");
        }
    }
}
