package dev.railyard.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class OutputOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(names = "--debug", description = "Print the stack trace of an error.")
    boolean debug;

    public boolean json() {
        return json;
    }
}
