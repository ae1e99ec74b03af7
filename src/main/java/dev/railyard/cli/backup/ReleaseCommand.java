package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.Compression;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.DatabaseSession;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.migrate.MigrationFailedException;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.StatusReport;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
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

    private final CliContext context;

    public ReleaseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ConnectionProfile saved = context.profiles().require(profile);
        ResolvedConnection resolved = DatabaseOptions.resolveSaved(context, saved);
        MigrationSettings settings = locations.isEmpty() ? saved.migrations()
                : new MigrationSettings(locations, saved.migrations().schemas(), saved.migrations().historyTable(),
                saved.migrations().placeholders(), saved.migrations().toolFolder());
        if (settings.locations().isEmpty()) {
            throw new CliException("No migration folder: give --locations DIR (or set the profile's migration locations)",
                    RailyardCli.USAGE);
        }
        BackupService service = BackupServices.service(context);
        BackupCatalog catalog = service.catalog();
        ObjectNode report = context.json().createObjectNode();
        report.put("profile", profile);

        try (DatabaseSession session = new DatabaseSession(resolved, true);
             CliProgress progress = new CliProgress(context.err(), false)) {
            FlywayMigrations flyway = new FlywayMigrations(session.dataSource(), session.profile().dialect(), settings);
            StatusReport before = flyway.status();
            List<MigrationRow> pending = before.pending();
            String pendingText = pending.isEmpty() ? "nothing pending"
                    : "pending " + pending.stream().map(MigrationRow::label).collect(Collectors.joining(", "));

            progress.message("1/3 Backing up " + saved.name() + " (" + pendingText + ")");
            BackupOptions options = BackupOptions.defaults().withCompression(Compression.ZSTD)
                    .withNote("before release: " + pendingText);
            BackupResult backup = service.create(saved, resolved.password(), BackupService.CreateRequest.intoCatalog(options))
                    .run(progress);
            String id = BackupCatalog.idOf(backup.file());
            report.put("backup", id);

            progress.message("2/3 Verifying " + id);
            CatalogEntry entry = catalog.require(id);
            Verification verification = catalog.verifyQuick(entry, progress);
            report.put("verified", verification.passed());
            if (!verification.passed()) {
                return finish(report, RailyardCli.FAILURE, "The backup " + id + " failed its check (" + verification.detail()
                        + "); nothing was migrated.");
            }

            progress.message("3/3 Migrating (" + pendingText + ")");
            MigrateOutcome outcome;
            try {
                outcome = flyway.migrate(target).run(progress);
            } catch (MigrationFailedException e) {
                outcome = e.outcome();
            } catch (dev.railyard.migrate.MigrationException e) {
                report.put("backupKept", id);
                return finish(report, RailyardCli.FAILURE, e.getMessage() + "\nNothing was migrated; the backup " + id
                        + " is in the catalog.");
            }
            report.set("migrate", context.json().valueToTree(outcome));
            if (!outcome.succeeded()) {
                if (outcome.failure() != null) {
                    context.err().println(outcome.failure().inWords());
                }
                report.put("restoreFrom", id);
                return finish(report, RailyardCli.FAILURE, outcome.summary() + "\nRestore from backup " + id
                        + ": railyard backup restore " + id + " --to-profile " + profile + " --create-database <name>");
            }
            return finish(report, 0, "Backed up as " + id + ", verified, and " + lowerFirst(outcome.summary()));
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

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
