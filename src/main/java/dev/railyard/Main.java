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

    public static void main(String[] args) {
        // Before the first logger exists: logs belong in RAILYARD_HOME/logs, never on stdout.
        if (System.getProperty("railyard.logDir") == null) {
            System.setProperty("railyard.logDir", RailyardHome.fromEnvironment().logs().toString());
        }
        if (args.length == 0) {
            dev.railyard.ui.RailyardApp.launchApp(args);
        } else {
            System.exit(RailyardCli.run(args));
        }
    }
}
