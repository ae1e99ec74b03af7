package dev.railyard.cli;

/** The command line: picocli commands over the same services as the GUI. The only code that prints. */
public final class RailyardCli {

    private RailyardCli() {
    }

    /** Runs the CLI and returns its exit code: 0 ok, 1 failure, 2 usage error. */
    public static int run(String... args) {
        System.out.println("Railyard CLI (skeleton)");
        return 0;
    }
}
