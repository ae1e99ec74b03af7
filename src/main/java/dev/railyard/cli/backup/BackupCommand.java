package dev.railyard.cli.backup;

import dev.railyard.cli.OutputOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "backup",
        description = "Back up, list, verify, restore, prune and import backups (PostgreSQL and MySQL).")
public final class BackupCommand implements Callable<Integer> {

    /** The commands under backup, in the order help lists them (added by RailyardCli, see RootCommand.COMMANDS). */
    public static final List<Class<?>> SUBCOMMANDS = List.of(BackupCreateCommand.class, BackupListCommand.class,
            BackupVerifyCommand.class, BackupRestoreCommand.class, BackupPruneCommand.class, BackupImportCommand.class,
            BackupPinCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()));
    }
}
