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
import dev.railyard.backup.DeepVerifier;
import dev.railyard.cli.TerminalText;
import dev.railyard.home.AtomicFiles;
import dev.railyard.release.CommandReleaseResult;
import dev.railyard.release.MigratorCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
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
@Command(name = "release", description = "Back up, verify the backup, then migrate: with Flyway folders (--locations), "
        + "or by running your own migrator (--run, or the profile's migration command) with the database's address in "
        + "its environment (DATABASE_URL, PG*/MYSQL_*). Exit 0 only if all succeeded; a failed migrator's exit code "
        + "otherwise, with the backup id and the command to restore it.",
        footer = {"", "Example: railyard release --profile shop-prod --confirm railway --run \"npx prisma migrate deploy\""})
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

    @Option(names = "--run", paramLabel = "COMMAND", description = "Run this migrator after the backup (through sh -c, "
            + "or cmd /c on Windows), in the current folder; default: the profile's migration command, when it has one "
            + "and no --locations is given. The password reaches it in DATABASE_URL and PGPASSWORD/MYSQL_PASSWORD, never as an argument.")
    String run;

    @Option(names = "--deep", description = "Verify the backup deeply (restore it into a throwaway local server) before migrating.")
    boolean deep;

    private final CliContext context;

    public ReleaseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ConnectionProfile saved = context.profiles().require(profile);
        if (run != null && run.isBlank()) {
            throw new CliException("--run needs a command", RailyardCli.USAGE);
        }
        if (run != null && (!locations.isEmpty() || target != null)) {
            throw new CliException("--run runs your own migrator: --locations and --target are for Flyway folders",
                    RailyardCli.USAGE);
        }
        String command = run != null ? run
                : locations.isEmpty() && target == null ? saved.migrations().migrateCommand() : null;
        if (command != null) {
            return runCommand(saved, command);
        }
        if (deep) {
            throw new CliException("--deep is for release with a migration command (--run); "
                    + "a Flyway release checks its backup quickly", RailyardCli.USAGE);
        }
        MigrationSettings settings = locations.isEmpty() ? saved.migrations()
                : saved.migrations().withLocations(locations);
        if (settings.locations().isEmpty()) {
            throw new CliException("Nothing to migrate with: give --run \"COMMAND\" or --locations DIR (or set the profile's "
                    + "migration command: railyard profile edit " + profile + " --migrate-command \"COMMAND\")",
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

    /** Back up, verify, run the migrator; exit with the migrator's own code when it failed. */
    private int runCommand(ConnectionProfile saved, String command) throws Exception {
        MigratorCommand migrator = new MigratorCommand(command, Path.of(""));
        // Before any password is asked or any connection made: production needs --confirm.
        Clearance clearance = context.clear(saved, GuardedAction.RELEASE, confirm);
        ResolvedConnection resolved = DatabaseOptions.resolveSaved(context, saved);
        BackupService service = BackupServices.service(context);
        DeepVerifier verifier = null;
        if (deep) {
            Path work = context.home().root().resolve("verify");
            AtomicFiles.createPrivateDirectories(work);
            verifier = new DeepVerifier(service, work, Clock.systemUTC());
        }
        ObjectNode report = context.json().createObjectNode();
        report.put("profile", profile);
        report.put("command", command);
        // The migrator's lines: on stdout, unless stdout is kept for the JSON report.
        PrintStream lines = output.json() ? context.err() : context.out();
        CommandReleaseResult result;
        try (CliProgress progress = new CliProgress(context.err(), false)) {
            try {
                result = new ReleaseFlow(service, verifier)
                        .backUpThenRun(saved, resolved.password(), migrator, deep, "before release", clearance,
                                line -> lines.println(TerminalText.safe(line)))
                        .run(progress);
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), RailyardCli.USAGE);
            }
        }
        if (result.backup() != null) {
            report.put("backup", result.backup().id());
        }
        if (result.verification() != null) {
            report.put("verified", result.verification().passed());
            report.put("verification", result.verification().label());
        }
        if (result.exitCode() != null) {
            report.put("exitCode", result.exitCode());
        }
        report.put("headBefore", result.headBefore());
        report.put("headAfter", result.headAfter());
        if (result.succeeded()) {
            return finish(report, 0, result.summary());
        }
        if (result.migratorFailed()) {
            report.put("restoreFrom", result.backup().id());
            report.put("restoreCommand", result.restoreCommand());
            // The migrator's own code, so a pipeline sees what the migrator said; 1 when it used 0-less codes.
            return finish(report, result.exitCode() > 0 && result.exitCode() < 256 ? result.exitCode() : RailyardCli.FAILURE,
                    result.summary());
        }
        if (result.backup() != null) {
            report.put("backupKept", result.backup().id());
        }
        return finish(report, RailyardCli.FAILURE, result.summary());
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
