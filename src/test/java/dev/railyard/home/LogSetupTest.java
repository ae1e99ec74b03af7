package dev.railyard.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product's logging: a private file in the folder Main names, the libraries' chatter kept down. */
class LogSetupTest {

    @Test
    void aRunThatMainStartedLogsToAPrivateFileInItsFolder(@TempDir Path dir) throws Exception {
        Path logs = dir.resolve("logs");
        String before = System.getProperty(LogSetup.LOG_DIR);
        System.setProperty(LogSetup.LOG_DIR, logs.toString());
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as logback's provider does
        try {
            LogSetup setup = new LogSetup();
            setup.setContext(context);
            assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
            context.getLogger("dev.railyard.Test").info("restored {}", "shop");
            context.getLogger("com.zaxxer.hikari.pool").info("pool chatter"); // below WARN: not written
            assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
            context.stop();

            Path file = logs.resolve("railyard.log");
            String text = Files.readString(file);
            assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO  \\[[^]]+\\] dev\\.railyard\\.Test - restored shop\\n"),
                    text);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)));
        } finally {
            if (before == null) {
                System.clearProperty(LogSetup.LOG_DIR);
            } else {
                System.setProperty(LogSetup.LOG_DIR, before);
            }
        }
    }

    @Test
    void anythingElseGetsLogbacksOwnSearch() {
        LoggerContext context = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        String before = System.getProperty(LogSetup.LOG_DIR);
        System.clearProperty(LogSetup.LOG_DIR);
        try {
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context), "tests, embedding");
        } finally {
            if (before != null) {
                System.setProperty(LogSetup.LOG_DIR, before);
            }
        }
    }
}
