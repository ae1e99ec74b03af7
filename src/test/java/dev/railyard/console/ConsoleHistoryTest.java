package dev.railyard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleHistoryTest {

    @TempDir
    Path home;

    @Test
    void entriesSurviveAReopenAndSearchFindsTheNewestFirst() throws Exception {
        Path file = home.resolve("console").resolve("shop.jsonl");
        ConsoleHistory history = new ConsoleHistory(file);
        history.add("SELECT * FROM orders", Instant.parse("2026-12-07T10:00:00Z"), 12, 150, ConsoleHistory.Outcome.OK);
        history.add("select count(*) from customers", Instant.parse("2026-12-07T10:01:00Z"), 3, 1, ConsoleHistory.Outcome.OK);
        history.add("SELECT pg_sleep(60)", Instant.parse("2026-12-07T10:02:00Z"), 900, -1, ConsoleHistory.Outcome.CANCELLED);

        ConsoleHistory reopened = new ConsoleHistory(file).load();
        assertEquals(3, reopened.entries().size());
        assertEquals(List.of("select count(*) from customers", "SELECT * FROM orders"),
                reopened.search("FROM").stream().map(ConsoleHistory.Entry::statement).toList());
        assertEquals(ConsoleHistory.Outcome.CANCELLED, reopened.search("").get(0).outcome());
        assertEquals(150, reopened.entries().get(0).rows());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void passwordsInStatementsAreNeverWritten() throws Exception {
        Path file = home.resolve("h.jsonl");
        ConsoleHistory history = new ConsoleHistory(file);
        history.add("ALTER ROLE app PASSWORD 's3cret-one'", Instant.now(), 1, -1, ConsoleHistory.Outcome.OK);
        history.add("CREATE USER 'x'@'%' IDENTIFIED BY \"s3cret-two\"", Instant.now(), 1, -1, ConsoleHistory.Outcome.OK);
        history.add("ALTER USER x IDENTIFIED WITH caching_sha2_password BY 's3cret-3'", Instant.now(), 1, -1,
                ConsoleHistory.Outcome.FAILED);
        history.add("CREATE ROLE r LOGIN PASSWORD $$s3cret-four$$", Instant.now(), 1, -1, ConsoleHistory.Outcome.OK);
        history.add("SET PASSWORD = 's3cret-five'", Instant.now(), 1, -1, ConsoleHistory.Outcome.OK);
        String written = Files.readString(file);
        assertFalse(written.contains("s3cret"), written);
        assertTrue(history.entries().get(0).statement().endsWith("PASSWORD " + ConsoleHistory.HIDDEN),
                history.entries().get(0).statement());
        assertEquals("SELECT password FROM users WHERE name = 'a'",
                ConsoleHistory.hideSecrets("SELECT password FROM users WHERE name = 'a'"));
    }
}
