package dev.railyard.cli;

import dev.railyard.cli.inspect.InspectCommand;
import dev.railyard.cli.profile.ProfileCommand;
import dev.railyard.cli.backup.BackupCommand;
import dev.railyard.cli.backup.ReleaseCommand;
import dev.railyard.cli.migrate.MigrateCommand;
import dev.railyard.cli.sandbox.SandboxCommand;
import dev.railyard.cli.sql.SqlCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "railyard",
        versionProvider = Version.class,
        description = "A DBA console for PostgreSQL and MySQL on Railway. Without arguments, railyard opens the window.",
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error. RAILYARD_HOME sets where profiles and the vault live."})
final class RootCommand implements Callable<Integer> {

    /**
     * The commands under railyard, in the order help lists them. Added by {@link
     * RailyardCli#commandLine}, not by the annotation, so that a run builds only the tree of
     * the command it runs: picocli reads every command's annotations when it adds it, which
     * took a third of a second of each CLI call for trees the call never uses.
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(HelpCommand.class, ProfileCommand.class,
            BackupCommand.class, InspectCommand.class, MigrateCommand.class, ReleaseCommand.class, SqlCommand.class,
            SandboxCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Override
    public Integer call() {
        throw RailyardCli.missingSubcommand(spec.commandLine());
    }
}
