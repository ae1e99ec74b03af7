package dev.railyard.cli.profile;

import dev.railyard.cli.OutputOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "profile",
        description = "Saved connections: add from a Railway URL or variables, list, show, edit, remove, test.")
public final class ProfileCommand implements Callable<Integer> {

    /** The commands under profile, in the order help lists them (added by RailyardCli, see RootCommand.COMMANDS). */
    public static final List<Class<?>> SUBCOMMANDS = List.of(ProfileAddCommand.class, ProfileImportCommand.class,
            ProfileListCommand.class, ProfileShowCommand.class, ProfileRemoveCommand.class, ProfileTestCommand.class,
            ProfileEditCommand.class);

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
