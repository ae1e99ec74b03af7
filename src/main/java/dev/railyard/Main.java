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
     * Loads the logging, JSON and PostgreSQL driver libraries on another core while the JavaFX
     * toolkit starts, or while the CLI parses its command: the first window and most commands
     * need them, and each takes a few hundred milliseconds to load in a new JVM.
     */
    private static void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            org.slf4j.LoggerFactory.getLogger(Main.class).info("Railyard starting");
            try {
                dev.railyard.home.Json.mapper().readTree("{\"warm\": [1, \"up\"]}");
                Class.forName("org.postgresql.Driver");
            } catch (java.io.IOException | ClassNotFoundException ignored) {
                // Only loading classes here.
            }
        }, "railyard-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** --version and --help print text and exit: they need none of what the warm-up loads. */
    private static boolean onlyAsksForHelpOrVersion(String[] args) {
        for (String arg : args) {
            if (!arg.equals("--version") && !arg.equals("-V") && !arg.equals("--help") && !arg.equals("-h")) {
                return false;
            }
        }
        return args.length > 0;
    }

    public static void main(String[] args) {
        // Before the first logger exists: logs belong in RAILYARD_HOME/logs, never on stdout.
        if (System.getProperty(dev.railyard.home.LogSetup.LOG_DIR) == null) {
            System.setProperty(dev.railyard.home.LogSetup.LOG_DIR, RailyardHome.fromEnvironment().logs().toString());
        }
        // A command that logs while the warm-up thread is still starting the logging library gets its
        // calls replayed, and SLF4J says so on stderr: three lines of noise in the middle of a CLI's output.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        if (!onlyAsksForHelpOrVersion(args)) {
            warmUpInBackground();
        }
        // Private files a killed run left (a native client's option file holds a password).
        dev.railyard.home.RunFiles.sweep(RailyardHome.fromEnvironment().run());
        if (args.length == 0) {
            dev.railyard.ui.RailyardApp.launchApp(args);
        } else {
            int code = RailyardCli.run(args);
            preloadForTheArchive();
            System.exit(code);
        }
    }

    /** In the run that writes the launcher's class-data archive for commands: what other commands need goes in it too. */
    private static void preloadForTheArchive() {
        if (ArchivePreload.requested()) {
            ArchivePreload.load();
        }
    }
}
