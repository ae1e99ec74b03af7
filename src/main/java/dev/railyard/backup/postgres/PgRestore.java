package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.backup.script.PsqlScriptRunner;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.SqlResources;
import dev.railyard.backup.script.ScriptCheck;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.backup.script.ScriptOptions;
import dev.railyard.backup.script.ScriptResult;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Restores a backup file into a PostgreSQL database: plain scripts (.sql, .sql.gz, .sql.zst,
 * from Railyard or any pg_dump) through {@link PsqlScriptRunner}; custom, directory and tar
 * archives through the local pg_restore, or a clear message when there is none. The file is
 * checked before anything runs. Into a new database, a failed or cancelled restore drops it.
 */
public final class PgRestore implements Job<RestoreResult> {

    public static final String RUNNER = dev.railyard.backup.EngineNames.BUILTIN;

    private final Path file;
    private final PgEndpoint target;
    private final RestoreOptions options;
    private final NativePgTools tools;
    private final dev.railyard.backup.BeforeChanges beforeChanges;
    private final ScriptCheck check;
    private final BackupObjects.Reading objects;

    /**
     * Into a new database ({@link RestoreOptions#createDatabase()}) the restore needs no single
     * transaction: a failure drops the database, which is just as atomic, so it runs in parts
     * on several connections, as pg_restore -j does.
     */
    public PgRestore(Path file, PgEndpoint target, RestoreOptions options, NativePgTools tools) {
        this(file, target, options, tools, dev.railyard.backup.BeforeChanges.NOTHING, null, null);
    }

    /**
     * As above; {@code beforeChanges} runs once the file and the target are checked, before the first change.
     * {@code check} and {@code objects}, when not null, are the one read of the file that made those checks and
     * listed its objects already: the file is not read again for them.
     */
    public PgRestore(Path file, PgEndpoint target, RestoreOptions options, NativePgTools tools,
                     dev.railyard.backup.BeforeChanges beforeChanges, ScriptCheck check, BackupObjects.Reading objects) {
        this.beforeChanges = beforeChanges;
        this.check = check;
        this.objects = objects;
        this.file = file;
        this.target = target;
        this.options = options.createDatabase() != null ? options.withSingleTransaction(false) : options;
        this.tools = tools;
    }

    @Override
    public RestoreResult run(JobContext context) throws Exception {
        long started = System.nanoTime();
        ScriptFile script = ScriptFile.inspect(file);
        String verification = "not verified";
        if (options.verifyFirst() && script.kind() != ScriptFile.Kind.DIRECTORY_ARCHIVE) {
            verification = check != null ? check.verification() : script.verify(context);
            context.log("Checked " + file.getFileName() + ": " + verification + (check == null || check.tableDataLeftToTheLoad() == 0
                    ? "" : "; its tables' data (" + dev.railyard.task.Sizes.human(check.tableDataLeftToTheLoad())
                    + " compressed) is checked as it loads, as table data only"));
        }
        if (script.kind() != ScriptFile.Kind.PLAIN_SQL && (options.dryRun() || options.partial())) {
            throw new BackupException(file.getFileName() + " is a pg_dump archive: a dry run and a restore of some schemas or "
                    + "tables need a plain SQL backup (pg_restore --list shows an archive's contents)");
        }
        if (script.kind() == ScriptFile.Kind.PLAIN_SQL && options.singleTransaction()) {
            refuseTransactionControl(script, context);
        }
        PgEndpoint endpoint = target;
        boolean created = false;
        if (options.createDatabase() != null) {
            createDatabase(options.createDatabase(), context);
            endpoint = target.withDatabase(options.createDatabase());
            created = true;
        }
        // Over an existing database the restore may wait behind another session's lock: say whose.
        try (LockWaitWatch watch = created || options.dryRun() ? null : LockWaitWatch.start(endpoint, context)) {
            return script.kind() == ScriptFile.Kind.PLAIN_SQL
                    ? runScript(script, endpoint, verification, created, context, started)
                    : runPgRestore(script, endpoint, verification, created, context, started);
        } catch (Exception | Error e) {
            if (!created) {
                throw e;
            }
            // Said only after the drop ran, and only what it did.
            String dropFailure = dropDatabase(options.createDatabase(), context);
            String after = dropFailure == null
                    ? " The new database " + options.createDatabase() + " was dropped again."
                    : " The half-restored database " + options.createDatabase() + " could not be dropped (" + dropFailure
                            + "); drop it by hand: " + dropCommand(options.createDatabase());
            if (e instanceof BackupException b) {
                throw new BackupException(sentence(b.getMessage()) + after, b);
            }
            if (e instanceof IOException io) {
                throw new BackupException("The restore could not read " + file.getFileName() + " (" + io.getMessage() + ")."
                        + after, io);
            }
            throw e;
        }
    }

    private RestoreResult runScript(ScriptFile script, PgEndpoint endpoint, String verification, boolean created,
                                    JobContext context, long started) throws BackupException, IOException {
        ScriptOptions scriptOptions = ScriptOptions.defaults()
                .withSingleTransaction(options.singleTransaction())
                .withStopOnError(options.stopOnError())
                .withParallelism(options.singleTransaction() ? 1 : options.jobs());
        List<String> notes = new ArrayList<>();
        // What the backup creates, read before anything runs: to clean exactly that, or to find clashes.
        BackupObjects contents = BackupObjects.NONE;
        if (options.clean() || !created || options.partial()) {
            try {
                if (objects != null) {
                    contents = objects.result(script);
                } else {
                    context.message("Listing the objects " + file.getFileName() + " creates");
                    contents = BackupObjects.read(script, context);
                }
            } catch (BackupException e) {
                throw new BackupException(sentence(e.getMessage()) + (created ? " The new database " + endpoint.database()
                        + " is dropped again." : ""), e);
            }
        }
        RestoreFilter selection = new RestoreFilter(endpoint.database(), options.schemas(), options.tables(), java.util.Set.of(),
                contents.sequenceOwners());
        BackupObjects chosen = contents.selected(selection.select(contents.objects()));
        if (contents.createsDatabase()) {
            context.log(file.getFileName() + " was made with pg_dump --create: its CREATE DATABASE and \\connect are skipped, "
                    + "everything runs into " + endpoint.database());
        }
        if (!options.clean() && !created) {
            List<BackupObjects.PgObject> clashes = clashes(endpoint, chosen);
            if (!clashes.isEmpty()) {
                String list = clashes.stream().map(BackupObjects.PgObject::display).collect(java.util.stream.Collectors.joining("\n  "));
                String message = "The target " + endpoint.database() + " already holds " + clashes.size()
                        + " objects the backup creates; nothing was changed:\n  " + list
                        + "\nUse --clean to drop exactly these first, restore into a new database (--create-database), "
                        + "or restore only some schemas (--schema) or tables (--table).";
                if (!options.dryRun()) {
                    throw new BackupException(message);
                }
                context.log(message);
                notes.add(clashes.size() + " objects of the backup already exist in the target");
            } else {
                context.log("None of the " + chosen.objects().size() + " objects the backup creates exists in " + endpoint.database());
            }
            if (options.dryRun()) {
                notes.add("Dry run: nothing was changed");
                return new RestoreResult(file, endpoint.address(), endpoint.database(), created, RUNNER, verification, null,
                        notes, Duration.ofNanos(System.nanoTime() - started));
            }
        }
        if (!options.dryRun()) {
            beforeChanges(context);
        }
        Optional<Manifest> manifest = new ManifestIO().readBeside(file);
        boolean inParts = !options.partial() && !contents.createsDatabase() && ParallelRestore.applies(script, manifest, options);
        if (check != null && check.tableDataLeftToTheLoad() > 0 && !inParts) {
            // The check left the tables' data to a load in parts; any other run would run bytes nobody read.
            throw new IllegalStateException("The check of " + file.getFileName() + " left its table data to a restore in parts, "
                    + "and this restore does not run in parts");
        }
        if (inParts) {
            context.log("Restoring in parts: definitions, then " + manifest.get().tables().size() + " tables on "
                    + options.jobs() + " connections, then indexes and constraints");
            try {
                ScriptResult result = new ParallelRestore(script, manifest.get(), endpoint, options).run(context);
                context.log("Restored " + result.statements() + " statements, " + result.rows() + " rows in " + result.copies()
                        + " tables" + (result.errorCount() == 0 ? "" : ", " + result.errorCount() + " errors"));
                return new RestoreResult(file, endpoint.address(), endpoint.database(), created, RUNNER, verification, result,
                        result.notes(), Duration.ofNanos(System.nanoTime() - started));
            } catch (BackupException e) {
                throw e; // run() says what became of a new database, once it is done
            }
        }
        try (Connection connection = endpoint.connect("railyard-restore");
             ScriptFile.CountingStream in = script.open()) {
            java.util.Set<String> keptSchemas = java.util.Set.of();
            if (options.clean()) {
                connection.setAutoCommit(!options.singleTransaction());
                TargetCleaner.Outcome outcome = TargetCleaner.clean(connection, chosen, options.dryRun(), context);
                notes.add(outcome.summary(options.dryRun()));
                outcome.dropped().forEach(o -> notes.add((options.dryRun() ? "would drop " : "dropped ") + o.display()));
                notes.addAll(outcome.kept());
                keptSchemas = outcome.keptSchemas();
                if (options.dryRun()) {
                    notes.add("Dry run: nothing was changed");
                    return new RestoreResult(file, endpoint.address(), endpoint.database(), created, RUNNER, verification, null,
                            notes, Duration.ofNanos(System.nanoTime() - started));
                }
            }
            context.message("Restoring " + file.getFileName() + " into " + endpoint.database());
            PsqlScriptRunner runner = new PsqlScriptRunner(scriptOptions).filtering(
                    new RestoreFilter(endpoint.database(), options.schemas(), options.tables(), keptSchemas,
                            contents.sequenceOwners()));
            ScriptResult result = runner.run(connection, () -> endpoint.connect("railyard-restore"), in, context,
                    new PsqlScriptRunner.Progress(in::position, script.size()));
            notes.addAll(result.notes());
            context.log("Restored " + result.statements() + " statements, " + result.rows() + " rows in " + result.copies()
                    + " tables" + (result.errorCount() == 0 ? "" : ", " + result.errorCount() + " errors"));
            return new RestoreResult(file, endpoint.address(), endpoint.database(), created, RUNNER, verification, result,
                    notes, Duration.ofNanos(System.nanoTime() - started));
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException(sentence(PgErrors.describe("The restore into " + endpoint.address(), e))
                    + (options.singleTransaction() ? " Nothing was changed: the restore ran in one transaction." : ""), e);
        } catch (BackupException e) {
            String suffix = options.singleTransaction() && !created
                    ? " Nothing was changed: the restore ran in one transaction and was rolled back."
                    : ""; // a new database: run() says what became of it once it is done
            throw new BackupException(sentence(e.getMessage()) + suffix, e);
        }
    }

    /**
     * The {offset, length} pairs of the file's table data that a restore with these options runs
     * in parts, as table data only (see {@link ScriptCheck#read(Path, JobContext,
     * ScriptHazards.Statements, List)}); empty when it reads the file otherwise. Only into a new
     * database, whole: a restore over an existing one lists every statement of the file first.
     */
    public static List<long[]> tablePartsRunAsDataOnly(Path file, RestoreOptions options) {
        if (options.createDatabase() == null || options.partial() || options.clean() || options.dryRun()) {
            return List.of();
        }
        try {
            return ParallelRestore.tableParts(ScriptFile.inspect(file), new ManifestIO().readBeside(file),
                    options.withSingleTransaction(false));
        } catch (BackupException | IOException e) {
            return List.of(); // the checks of the whole file say what is wrong with it
        }
    }

    private void beforeChanges(JobContext context) throws BackupException {
        try {
            beforeChanges.run(context);
        } catch (BackupException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupException("Before the restore: " + e.getMessage(), e);
        }
    }

    private static List<BackupObjects.PgObject> clashes(PgEndpoint endpoint, BackupObjects contents) throws BackupException {
        try (Connection connection = endpoint.connect("railyard-restore")) {
            return TargetCleaner.clashes(connection, contents);
        } catch (SQLException e) {
            throw new BackupException(PgErrors.describe("Comparing the backup with " + endpoint.address(), e), e);
        }
    }

    /**
     * A script that commits or rolls back on its own cannot keep the single-transaction promise:
     * read it first and refuse before anything runs (pg_dump's files and Railyard's have none).
     */
    private void refuseTransactionControl(ScriptFile script, JobContext context) throws BackupException {
        ScriptHazards.Report report = check != null ? check.hazards() : scanForTransactionControl(script, context);
        if (!report.transactionControl().isEmpty()) {
            ScriptHazards.Finding first = report.transactionControl().get(0);
            String others = report.transactionControl().size() > 1
                    ? " (" + (report.transactionControl().size() - 1) + " more such statements follow)" : "";
            throw new BackupException(PsqlScriptRunner.transactionControlRefused(first.line(), first.statement()) + others
                    + " Nothing was changed: the file was refused before anything ran.");
        }
    }

    private ScriptHazards.Report scanForTransactionControl(ScriptFile script, JobContext context) throws BackupException {
        context.message("Reading " + file.getFileName() + " for transaction control statements");
        try (ScriptFile.CountingStream in = script.open()) {
            return ScriptHazards.scanPsql(in);
        } catch (IOException e) {
            throw new BackupException(file.getFileName() + " cannot be read to its end (" + e.getMessage()
                    + "): it is damaged or truncated. Nothing was changed: the file was refused before anything ran.", e);
        }
    }

    private RestoreResult runPgRestore(ScriptFile script, PgEndpoint endpoint, String verification, boolean created,
                                       JobContext context, long started) throws Exception {
        Optional<Manifest> manifest = new ManifestIO().readBeside(file);
        NativePgTools.Decision decision = tools.forRestore(0);
        if (!decision.usable()) {
            throw new BackupException(file.getFileName() + " is a pg_dump " + script.kind().name().toLowerCase().replace('_', ' ')
                    + ": " + decision.reason() + ".");
        }
        List<String> args = new ArrayList<>();
        args.add("--verbose");
        String database = endpoint.database();
        args.add("--dbname=" + (database.contains("=") || database.contains("://") ? "dbname=" + quoteConninfo(database) : database));
        boolean owners = manifest.map(m -> m.options() != null && m.options().owners()).orElse(false);
        boolean privileges = manifest.map(m -> m.options() != null && m.options().privileges()).orElse(false);
        if (!owners) {
            args.add("--no-owner");
        }
        if (!privileges) {
            args.add("--no-privileges");
        }
        if (options.singleTransaction()) {
            args.add("--single-transaction");
        } else if (options.jobs() > 1 && script.kind() != ScriptFile.Kind.TAR_ARCHIVE) {
            args.add("--jobs=" + options.jobs());
        }
        if (options.stopOnError()) {
            args.add("--exit-on-error");
        }
        if (options.clean()) {
            args.add("--clean");
            args.add("--if-exists");
        }
        args.add(script.path().toString());
        ProcessBuilder builder = tools.command(decision.tool(), endpoint, args, "railyard-restore").redirectErrorStream(true);
        context.log("Running " + decision.tool().path() + " " + String.join(" ", args));
        beforeChanges(context);
        Process process = builder.start();
        Deque<String> tail = new ArrayDeque<>();
        try (JobContext.Registration cancel = context.onCancel(process::destroyForcibly);
             BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                tail.addLast(line);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
                if (line.startsWith("pg_restore: processing") || line.startsWith("pg_restore: creating")) {
                    context.message(line.substring("pg_restore: ".length()));
                }
            }
            int exit = process.waitFor();
            context.checkCancelled();
            if (exit != 0) {
                ConnectionProblem problem = ConnectionProblem.ofToolOutput(endpoint.endpoint(), String.join("\n", tail),
                        endpoint.password() != null);
                if (problem != null) {
                    throw new BackupException("pg_restore could not connect: " + problem.getMessage(), problem);
                }
                throw new BackupException("pg_restore " + decision.tool().version() + " failed (exit code " + exit + "):\n"
                        + String.join("\n", tail));
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        return new RestoreResult(file, endpoint.address(), endpoint.database(), created, "pg_restore", verification, null,
                List.of(), Duration.ofNanos(System.nanoTime() - started));
    }

    private void createDatabase(String name, JobContext context) throws BackupException {
        context.message("Creating database " + name);
        try (Connection connection = target.connect("railyard-restore"); Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + PgNames.literal(name))) {
                if (rs.next()) {
                    throw new BackupException("Database " + name + " already exists on " + target.host() + ":" + target.port()
                            + "; choose another name, or restore into it without --create-database");
                }
            }
            s.execute(SqlResources.MARK + "CREATE DATABASE " + quoteIdent(name) + " TEMPLATE template0");
            context.log("Created database " + name);
        } catch (SQLException e) {
            throw new BackupException(PgErrors.describe("Creating database " + name, e), e);
        }
    }

    /** Drops the new database after a failed restore; null when it is gone, else why it is not. */
    private String dropDatabase(String name, JobContext context) {
        try (Connection connection = target.connect("railyard-restore"); Statement s = connection.createStatement()) {
            s.execute(SqlResources.MARK + "DROP DATABASE IF EXISTS " + quoteIdent(name) + " WITH (FORCE)");
            context.log("Dropped the new database " + name + " again: the restore did not complete");
            return null;
        } catch (SQLException e) {
            String why = PgErrors.describe("Dropping database " + name, e);
            context.log("Could not drop the half-restored database " + name + ": " + why + " — drop it by hand: "
                    + dropCommand(name));
            return why;
        }
    }

    private String dropCommand(String name) {
        String sql = "DROP DATABASE " + quoteIdent(name) + " WITH (FORCE)";
        return "psql -h " + target.host() + " -p " + target.port() + " -U " + target.user() + " -d postgres -c '"
                + sql.replace("'", "'\\''") + "'";
    }

    private static String quoteIdent(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoteConninfo(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Ends a message's sentence before the next starts: "… CREATE SCHEMA shop. Nothing was changed…". */
    public static String sentence(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() || t.matches("(?s).*[.!?:;]$") ? t : t + ".";
    }
}
