package dev.railyard;

import dev.railyard.cli.RailyardCli;
import dev.railyard.home.RailyardHome;

/**
 * The entry point of railyard.jar. With no arguments it opens the GUI; with arguments it is
 * the CLI. It does not extend javafx.application.Application, so the JavaFX runtime can be
 * loaded from the class path of a single jar.
 */
public final class Main {

    private Main() {
    }

    /**
     * Loads the logging and JSON libraries on another core while the JavaFX toolkit starts: both
     * are needed before the first window, and each takes a few hundred milliseconds to load.
     */
    private static void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            org.slf4j.LoggerFactory.getLogger(Main.class).info("Railyard starting");
            try {
                dev.railyard.home.Json.mapper().readTree("{\"warm\": [1, \"up\"]}");
            } catch (java.io.IOException ignored) {
                // Only loading classes here.
            }
        }, "railyard-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    public static void main(String[] args) {
        // Before the first logger exists: logs belong in RAILYARD_HOME/logs, never on stdout.
        if (System.getProperty("railyard.logDir") == null) {
            System.setProperty("railyard.logDir", RailyardHome.fromEnvironment().logs().toString());
        }
        if (args.length == 0) {
            warmUpInBackground();
            dev.railyard.ui.RailyardApp.launchApp(args);
        } else {
            System.exit(RailyardCli.run(args));
        }
    }
}
