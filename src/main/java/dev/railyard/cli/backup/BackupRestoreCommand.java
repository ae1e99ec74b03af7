package dev.railyard.cli.backup;

import dev.railyard.backup.BackupService;
import dev.railyard.backup.BackupService.RestoreSummary;
import dev.railyard.backup.mysql.MysqlRestore;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.db.Dialect;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.ConfirmationRequiredException;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", description = "Restore a backup (a catalog id or a file) into a profile's or URL's server.")
final class BackupRestoreCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--to-profile", required = true, paramLabel = "NAME", description = "Restore into this profile's server.")
        String profile;

        @Option(names = "--to-url", required = true, paramLabel = "URL", description = "Restore into this URL's server.")
        String url;
    }

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "ID|FILE", description = "A backup id from the catalog, or a .sql/.sql.gz/.sql.zst/.dump file.")
    String backup;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    private String createDatabase;

    @Option(names = "--create-database", paramLabel = "NAME", description = "Create this database on the target's server and restore into it.")
    void createDatabase(String name) {
        if (name == null || name.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--create-database needs a database name (a blank one was given)");
        }
        createDatabase = name.strip();
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--continue-on-error", description = "Go on after a statement fails, list every failed statement with "
            + "its line, and exit with a failure status (default: stop at the first error; into a new database, drop it "
            + "again).")
    boolean continueOnError;

    @Option(names = "--no-single-transaction", description = "PostgreSQL: do not wrap the restore in one transaction.")
    boolean noSingleTransaction;

    @Option(names = "--clean", description = "Drop first exactly the objects the backup creates (tables, views, types, "
            + "routines...), as pg_restore --clean --if-exists does; everything else in the target stays.")
    boolean clean;

    @Option(names = "--dry-run", description = "List what --clean would drop (its drops run in a transaction that is rolled back), "
            + "or which objects already exist; change nothing.")
    boolean dryRun;

    @Option(names = "--schema", paramLabel = "SCHEMA", split = ",", description = "PostgreSQL: restore only this schema of the backup (repeatable).")
    java.util.List<String> schemas = new java.util.ArrayList<>();

    @Option(names = "--table", paramLabel = "TABLE", split = ",",
            description = "PostgreSQL: restore only this table of the backup, schema.name or name in public (repeatable).")
    java.util.List<String> tables = new java.util.ArrayList<>();

    @Option(names = "--no-backup-first", description = "Over an existing database: do not back the target up into its catalog first.")
    boolean noBackupFirst;

    @Option(names = "--confirm", paramLabel = "DBNAME", description = "The target database's name, required to restore over a production database.")
    String confirm;

    @Option(names = "--allow-server-programs", description = "Run the file even when it has statements that reach the "
            + "database server's machine (COPY ... PROGRAM, server files, ALTER SYSTEM, INTO OUTFILE, ...); they are listed first.")
    boolean allowServerPrograms;

    @Option(names = "--map-flavour", description = "MySQL: restore a MySQL backup into MariaDB or a MariaDB backup into "
            + "MySQL by mapping what the target lacks (0900 collations to uca1400 or unicode_520, sql_mode flags MySQL 8 "
            + "removed left out, sequences skipped); without it such a restore stops before changing anything.")
    boolean mapFlavour;

    private final CliContext context;

    BackupRestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Path file = resolveFile();
        ResolvedConnection resolved = target.profile != null
                ? DatabaseOptions.resolveSaved(context, context.profiles().require(target.profile))
                : DatabaseOptions.resolveUrl(context, target.url);
        ConnectionProfile into = resolved.profile();
        BackupService.RestoreRequest request;
        if (createDatabase == null) {
            Clearance clearance;
            try {
                clearance = new ProductionGuard(context.profiles()).clear(into, GuardedAction.RESTORE_OVER, confirm);
            } catch (ConfirmationRequiredException e) {
                throw new CliException(e.getMessage() + ": add --confirm " + e.confirmationWord()
                        + " (or restore into a new database with --create-database NAME)", RailyardCli.USAGE);
            }
            if (into.dialect() == Dialect.MYSQL && !dryRun) {
                context.warn(MysqlRestore.NO_DDL_ROLLBACK);
            }
            request = BackupService.RestoreRequest.overExisting(clearance, !noSingleTransaction, clean)
                    .withBackupFirst(!noBackupFirst);
        } else {
            request = new BackupService.RestoreRequest(createDatabase, !noSingleTransaction, clean, true, null);
        }
        request = request.withDryRun(dryRun).withParts(schemas, tables).withAllowServerPrograms(allowServerPrograms)
                .withStopOnError(!continueOnError).withMapFlavour(mapFlavour);
        if (allowServerPrograms) {
            listServerAccess(BackupServices.service(context).serverAccess(file, into.dialect()), file);
        }
        RestoreSummary summary;
        try (CliProgress progress = new CliProgress(context.err(), false)) {
            summary = BackupServices.service(context).restore(file, into, resolved.password(), request).run(progress);
        } catch (dev.railyard.backup.ServerAccessRefusedException refused) {
            // The core refused before anything ran; say what it found and how to go on.
            listServerAccess(refused.findings(), file);
            throw new CliException("Nothing was restored: a backup made by pg_dump, mysqldump or Railyard has no such "
                    + "statement. If you trust this file, run again with --allow-server-programs", RailyardCli.USAGE);
        }
        if (output.json()) {
            context.printJson(summary);
        } else if (!summary.errors().isEmpty()) {
            // Never "Restored" alone: what failed comes first, every statement with its line.
            context.println("Restored " + file.getFileName() + " into " + summary.target() + " INCOMPLETELY: statements failed (each listed on stderr)"
                    + (summary.createdDatabase() ? "; the new database was kept" : ""));
            summary.errors().forEach(error -> context.warn("failed: " + error));
            summary.notes().forEach(note -> context.println("  " + note));
        } else {
            context.println((dryRun ? "Dry run of " + file.getFileName() + " into " + summary.target() + ": nothing was changed"
                    : "Restored " + file.getFileName() + " into " + summary.target()
                    + (summary.createdDatabase() ? " (a new database)" : "") + " with " + dev.railyard.backup.EngineNames.display(summary.engine())));
            summary.notes().forEach(note -> context.println("  " + note));
        }
        return summary.errors().isEmpty() ? 0 : RailyardCli.FAILURE;
    }

    /** Lists the statements of {@code file} that reach the server's machine, on stderr. */
    private void listServerAccess(java.util.List<dev.railyard.backup.script.ScriptHazards.Finding> found, Path file) {
        if (found.isEmpty()) {
            return;
        }
        context.warn(file.getFileName() + " has " + found.size() + (found.size() == 1 ? " statement that reaches"
                : " statements that reach") + " beyond its database, to the server's machine or the whole server:");
        found.forEach(f -> context.warn("  " + f));
    }

    private Path resolveFile() {
        Path asFile = Path.of(backup);
        if (Files.isRegularFile(asFile)) {
            return asFile;
        }
        return BackupServices.catalog(context).find(backup).map(e -> e.file())
                .orElseThrow(() -> new CliException("'" + backup + "' is neither a file nor a backup id (see: railyard backup list --profile NAME)"));
    }
}
