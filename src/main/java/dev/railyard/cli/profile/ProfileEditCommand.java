package dev.railyard.cli.profile;

import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "edit", description = "Change a saved profile's settings that are not part of its URL.",
        footer = {"", "Example: railyard profile edit shop-prod --migrate-command \"npx prisma migrate deploy\""})
final class ProfileEditCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MigrateCommandChange change;

    static final class MigrateCommandChange {
        @Option(names = "--migrate-command", paramLabel = "COMMAND",
                description = "The command that runs this database's migrator, used by railyard release without --run.")
        String command;

        @Option(names = "--no-migrate-command", description = "Forget the migration command.")
        boolean remove;
    }

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileEditCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ProfileStore store = context.profiles();
        if (store.isReadOnly()) {
            throw new CliException(store.problem().orElse("The profiles are read-only"));
        }
        ConnectionProfile saved = store.require(name);
        if (change.command != null && change.command.isBlank()) {
            throw new CliException("--migrate-command needs a command (or use --no-migrate-command)", RailyardCli.USAGE);
        }
        ConnectionProfile edited = saved.withMigrations(saved.migrations()
                .withMigrateCommand(change.remove ? null : change.command));
        store.replace(name, edited);
        if (output.json()) {
            context.printJson(ProfileJson.of(context.json(), edited));
        } else {
            context.println(edited.migrations().hasMigrateCommand()
                    ? "Profile '" + name + "' migrates with: " + edited.migrations().migrateCommand()
                    : "Profile '" + name + "' has no migration command");
        }
        return 0;
    }
}
