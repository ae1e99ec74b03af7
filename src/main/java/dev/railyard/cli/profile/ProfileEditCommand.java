package dev.railyard.cli.profile;

import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SslMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "edit", description = "Change a saved profile's settings that are not part of its URL; the others stay as"
        + " they are (its password too).",
        footer = {"", "Examples:", "  railyard profile edit shop-prod --env production",
                "  railyard profile edit shop-prod --migrate-command \"npx prisma migrate deploy\""})
final class ProfileEditCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
    String name;

    @Option(names = "--env", paramLabel = "ENV",
            description = "production, staging or development. Production asks before anything destructive.")
    EnvironmentTag environment;

    @Option(names = "--ssl", paramLabel = "MODE", description = "disable, prefer, require, verify-ca or verify-full.")
    SslMode ssl;

    @ArgGroup(exclusive = true)
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
        if (environment == null && ssl == null && change == null) {
            throw new CliException("Say what to change: --env, --ssl, --migrate-command or --no-migrate-command",
                    RailyardCli.USAGE);
        }
        if (change != null && change.command != null && change.command.isBlank()) {
            throw new CliException("--migrate-command needs a command (or use --no-migrate-command)", RailyardCli.USAGE);
        }
        ConnectionProfile edited = saved;
        List<String> said = new ArrayList<>();
        if (environment != null && environment != saved.environment()) {
            edited = edited.withEnvironment(environment);
            said.add("is " + environment.id() + (environment == EnvironmentTag.PRODUCTION
                    ? ": destructive actions now ask for the database name"
                    : saved.environment() == EnvironmentTag.PRODUCTION ? ": destructive actions no longer ask for the database name"
                    : ""));
        }
        if (ssl != null && ssl != saved.sslMode()) {
            edited = edited.withSslMode(ssl);
            said.add("connects with sslmode " + ssl.id());
        }
        if (change != null) {
            edited = edited.withMigrations(saved.migrations().withMigrateCommand(change.remove ? null : change.command));
            said.add(edited.migrations().hasMigrateCommand()
                    ? "migrates with: " + edited.migrations().migrateCommand() : "has no migration command");
        }
        if (!edited.equals(saved)) {
            store.replace(name, edited);
        }
        if (output.json()) {
            context.printJson(ProfileJson.of(context.json(), edited));
        } else if (said.isEmpty()) {
            context.println("Profile '" + name + "' already has these settings; nothing was changed");
        } else {
            said.forEach(line -> context.println("Profile '" + name + "' " + line));
        }
        return 0;
    }
}
