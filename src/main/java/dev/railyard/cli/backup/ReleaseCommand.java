package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.backup.BackupService;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.DatabaseSession;
import dev.railyard.cli.MigrationTimeoutOptions;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.release.ReleaseFlow;
import dev.railyard.release.ReleaseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Before a release, in a CI pipeline: back up, verify the backup, migrate. Exit 0 only when
 * all three succeeded; when the migration fails, the backup to restore from is printed.
 */
@Command(name = "release", description = "Back up, verify the backup, then migrate. Exit 0 only if all succeeded; "
        + "on a failed migration, prints the backup id to restore from.")
public final class ReleaseCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "A saved profile.")
    String profile;

    @Option(names = "--locations", arity = "1..*", paramLabel = "DIR", description = "Migration folders; default: the profile's.")
    List<String> locations = new ArrayList<>();

    @Option(names = "--target", paramLabel = "VERSION", description = "Migrate up to this version.")
    String target;

    @Option(names = "--confirm", paramLabel = "DBNAME", description = "The database name, required for a production profile.")
    String confirm;

    @Mixin
    MigrationTimeoutOptions timeouts;

    private final CliContext context;

    public ReleaseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ConnectionProfile saved = context.profiles().require(profile);
        MigrationSettings settings = locations.isEmpty() ? saved.migrations()
                : new MigrationSettings(locations, saved.migrations().schemas(), saved.migrations().historyTable(),
                saved.migrations().placeholders(), saved.migrations().toolFolder());
        if (settings.locations().isEmpty()) {
            throw new CliException("No migration folder: give --locations DIR (or set the profile's migration locations)",
                    RailyardCli.USAGE);
        }
        // Before any password is asked or any connection made: production needs --confirm.
        Clearance clearance = context.clear(saved, GuardedAction.RELEASE, confirm);
        ResolvedConnection resolved = DatabaseOptions.resolveSaved(context, saved);
        BackupService service = BackupServices.service(context);
        ObjectNode report = context.json().createObjectNode();
        report.put("profile", profile);

        try (DatabaseSession session = new DatabaseSession(resolved, true);
             CliProgress progress = new CliProgress(context.err(), false)) {
            FlywayMigrations flyway = new FlywayMigrations(session.dataSource(), session.profile(), settings);
            ReleaseResult result = new ReleaseFlow(service)
                    .backUpThenMigrate(saved, resolved.password(), flyway, target, "before release", clearance,
                            timeouts.timeouts(clearance))
                    .run(progress);
            if (result.backup() != null) {
                report.put("backup", result.backup().id());
            }
            if (result.verification() != null) {
                report.put("verified", result.verification().passed());
            }
            if (result.outcome() != null) {
                report.set("migrate", context.json().valueToTree(result.outcome()));
            }
            if (result.succeeded()) {
                return finish(report, 0, result.summary());
            }
            if (result.restoreFrom() != null) {
                String id = result.restoreFrom().id();
                if (result.outcome() != null && result.outcome().failure() != null) {
                    context.err().println(dev.railyard.cli.TerminalText.safe(result.outcome().failure().inWords()));
                }
                report.put("restoreFrom", id);
                return finish(report, RailyardCli.FAILURE, result.summary() + "\nRestore from backup " + id
                        + ": railyard backup restore " + id + " --to-profile " + profile + " --create-database <name>");
            }
            if (result.backup() != null) {
                report.put("backupKept", result.backup().id());
            }
            return finish(report, RailyardCli.FAILURE, result.summary());
        }
    }

    private int finish(ObjectNode report, int code, String text) {
        report.put("ok", code == 0);
        report.put("summary", text);
        if (output.json()) {
            context.printJson(report);
        } else {
            context.println(text);
        }
        return code;
    }
}
