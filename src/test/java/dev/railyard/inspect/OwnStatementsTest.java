package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import org.junit.jupiter.api.Test;

class OwnStatementsTest {

    @Test
    void railyardsSessionSetUpAndHealthChecksAreItsOwn() {
        for (String own : new String[] {"BEGIN READ ONLY", "SET application_name = $1", "SELECT $1", "SELECT 1",
                "select set_config($1, $2, $3), set_config($4, $5, $6)", "SET SESSION `max_execution_time` = ?",
                "START TRANSACTION READ ONLY", "SET SESSION TRANSACTION READ ONLY", "/* railyard */ SELECT n.nspname FROM pg_class",
                // the plan viewer's EXPLAIN around a statement
                "EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS) SELECT * FROM orders", "EXPLAIN (FORMAT JSON, GENERIC_PLAN) SELECT $1",
                "EXPLAIN FORMAT = JSON SELECT * FROM `orders`", "EXPLAIN ANALYZE FORMAT = JSON SELECT ?",
                "ANALYZE FORMAT = JSON SELECT * FROM `orders`", "SET default_transaction_read_only = off", "SET @@SESSION . `explain_json_format_version` = ?",
                // a built-in backup's sessions (MySQL digests drop the mark)
                "SET NAMES `utf8mb4`", "SET SESSION `sql_mode` = ? , SESSION `time_zone` = ?", "START TRANSACTION WITH CONSISTENT SNAPSHOT",
                "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SELECT VERSION ( )",
                "/* railyard */ SET TRANSACTION SNAPSHOT '00000003-0000001B-1'"}) {
            assertTrue(OwnStatements.isRailyards(Dialect.POSTGRESQL, own) || OwnStatements.isRailyards(Dialect.MYSQL, own), own);
        }
    }

    @Test
    void mysqlDigestsOfItsCatalogQueriesAreRecognisedWithoutTheirComment() {
        // A digest: no comments, keywords upper case, identifiers quoted, literals as '?', spaced punctuation.
        String source = SqlResources.load(Dialect.MYSQL, "tables");
        String body = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ").strip();
        String digest = body.replaceAll("'[^']*'", "?").replaceAll("\\b(\\d+)\\b", "?")
                .replaceAll("([(),])", " $1 ").replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
        assertTrue(OwnStatements.isRailyards(Dialect.MYSQL, digest), digest.substring(0, 80));
    }

    /** A new MySQL catalog query is recognised from the day it is written: the list names every file. */
    @Test
    void everyMysqlStatementFileIsKnown() throws java.io.IOException {
        java.util.Set<String> files;
        try (var listing = java.nio.file.Files.list(java.nio.file.Path.of("resources/sql/mysql"))) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
        org.junit.jupiter.api.Assertions.assertEquals(files, new java.util.TreeSet<>(OwnStatements.CATALOG_QUERIES));
    }

    @Test
    void theUsersStatementsAreNot() {
        for (String theirs : new String[] {"SELECT * FROM orders WHERE customer_id = $1", "BEGIN", "COMMIT",
                "SET search_path = $1", "select count(*) from events", "UPDATE `shop` . `orders` SET `note` = ? WHERE `id` = ?",
                "BEGIN ISOLATION LEVEL SERIALIZABLE", "EXPLAIN SELECT * FROM orders", "EXPLAIN ANALYZE SELECT 1"}) {
            assertFalse(OwnStatements.isRailyards(Dialect.POSTGRESQL, theirs), theirs);
            assertFalse(OwnStatements.isRailyards(Dialect.MYSQL, theirs), theirs);
        }
    }
}
