package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupConnectException;
import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.backup.SnapshotProbe;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL backups and restores, as jobs for the JobRunner: the one entry point the CLI
 * and the GUI use. Picks the engine (native pg_dump when it can dump the server, else the
 * built-in one) and says why in the job's log.
 */
public final class PgBackupService {

    private final NativePgTools tools;

    public PgBackupService(NativePgTools tools) {
        this.tools = tools;
    }

    /** Which engine makes a backup, and why. */
    public record EngineDecision(boolean useNative, NativePgTools.Tool tool, String reason) { }

    /**
     * A backup of {@code source} into {@code out} (its manifest beside it), with no migration head.
     *
     * @param customFormat pg_dump's custom format (-Fc), which needs the native engine
     * @param profileName  for the manifest; null when run from a URL
     */
    public Job<BackupResult> create(PgEndpoint source, BackupOptions options, EngineChoice engine, boolean customFormat,
                                    Path out, String profileName) {
        return create(source, options, engine, customFormat, out, profileName, SnapshotProbe.NONE);
    }

    /**
     * A backup of {@code source} into {@code out} (its manifest beside it). Its first connection
     * answers everything asked besides the dump: the server version comes with the connection (no
     * query), and the migration head is read inside the snapshot the dump reads. With the built-in
     * engine that connection is the dump's own, and {@link BackupOptions#effectiveJobs()} connections
     * are all it opens; with pg_dump it holds the snapshot pg_dump joins ({@code --snapshot}), so the
     * head is the head of the data in the file.
     *
     * @param probe reads the migration head in the snapshot and hears the data size
     */
    public Job<BackupResult> create(PgEndpoint source, BackupOptions options, EngineChoice engine, boolean customFormat,
                                    Path out, String profileName, SnapshotProbe probe) {
        return context -> {
            context.message("Connecting to " + source.address());
            try (Connection first = connect(source, context)) {
                String version = SnapshotSession.serverVersion(first);
                EngineDecision decision = choose(engine, customFormat, SnapshotSession.major(version));
                context.log("Engine: " + (decision.useNative() ? "pg_dump " + decision.tool().version() : "built-in") + " — " + decision.reason());
                if (decision.useNative()) {
                    return new NativePgDump(tools, decision.tool(), source, options, out, profileName, version, customFormat,
                            probe, first).run(context);
                }
                return new BuiltinPgDump(source, options, out, profileName, probe, first).run(context);
            }
        };
    }

    /** Restores {@code file} into {@code target} (or into a database created for it, see {@link RestoreOptions}). */
    public Job<RestoreResult> restore(Path file, PgEndpoint target, RestoreOptions options) {
        return new PgRestore(file, target, options, tools);
    }

    /** As above; {@code beforeChanges} runs right before the first change to the target. */
    public Job<RestoreResult> restore(Path file, PgEndpoint target, RestoreOptions options,
                                      dev.railyard.backup.BeforeChanges beforeChanges) {
        return new PgRestore(file, target, options, tools, beforeChanges, null, null);
    }

    /** As above, with the checks of the file and the list of its objects already made by one read of it. */
    public Job<RestoreResult> restore(Path file, PgEndpoint target, RestoreOptions options,
                                      dev.railyard.backup.BeforeChanges beforeChanges, dev.railyard.backup.script.ScriptCheck check,
                                      BackupObjects.Reading objects) {
        return new PgRestore(file, target, options, tools, beforeChanges, check, objects);
    }

    /**
     * The rows the backup file itself holds per table, read from its COPY data: a plain script
     * directly, a pg_dump archive through {@code pg_restore --data-only -f -} (nothing connects
     * anywhere). Empty when it cannot be read here (no usable pg_restore for an archive): the caller
     * then has nothing to compare and must not say it compared.
     */
    public java.util.Optional<List<dev.railyard.backup.Manifest.TableEntry>> rowsInFile(Path file, JobContext context)
            throws BackupException, IOException {
        dev.railyard.backup.script.ScriptFile script = dev.railyard.backup.script.ScriptFile.inspect(file);
        if (script.kind() == dev.railyard.backup.script.ScriptFile.Kind.PLAIN_SQL) {
            return java.util.Optional.of(BackupObjects.read(script, context).copiedRows());
        }
        NativePgTools.Decision decision = tools.forRestore(0);
        if (!decision.usable()) {
            context.log("The rows in " + file.getFileName() + " cannot be counted: " + decision.reason());
            return java.util.Optional.empty();
        }
        ProcessBuilder builder = dev.railyard.db.ChildEnvironment.apply(new ProcessBuilder(decision.tool().path().toString(),
                "--data-only", "--file=-", file.toString()), java.util.Map.of());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try (JobContext.Registration cancel = context.onCancel(process::destroyForcibly);
             java.io.InputStream out = process.getInputStream()) {
            BackupObjects read = BackupObjects.read(out, context);
            int exit = process.waitFor();
            if (exit != 0) {
                context.log("pg_restore could not list the data of " + file.getFileName() + " (exit code " + exit + ")");
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(read.copiedRows());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.railyard.task.JobCancelledException();
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * auto: native when pg_dump here is at least the server's major version, else built-in;
     * builtin / native: as asked, or a BackupException naming why not.
     */
    public EngineDecision choose(EngineChoice choice, boolean customFormat, int serverMajor) throws BackupException {
        NativePgTools.Decision dump = choice == EngineChoice.BUILTIN ? null : tools.forDump(serverMajor);
        switch (choice) {
            case BUILTIN -> {
                if (customFormat) {
                    throw new BackupException("The custom format is pg_dump's own; the built-in engine writes plain SQL. "
                            + "Use --format sql, or --engine native with a pg_dump " + serverMajor + " or newer.");
                }
                return new EngineDecision(false, null, "the built-in engine was asked for");
            }
            case NATIVE -> {
                if (!dump.usable()) {
                    throw new BackupException("Cannot use the native engine: " + dump.reason()
                            + ". Use --engine builtin (or auto), or install pg_dump " + serverMajor + " or newer.");
                }
                return new EngineDecision(true, dump.tool(), dump.reason());
            }
            default -> {
                if (dump.usable()) {
                    return new EngineDecision(true, dump.tool(), "auto: " + dump.reason());
                }
                if (customFormat) {
                    throw new BackupException("The custom format needs pg_dump, but " + dump.reason()
                            + ". Use --format sql (the built-in engine), or install pg_dump " + serverMajor + " or newer.");
                }
                return new EngineDecision(false, null, "auto: " + dump.reason() + "; using the built-in engine");
            }
        }
    }

    private static Connection connect(PgEndpoint source, JobContext context) throws BackupException {
        try {
            return SnapshotSession.open(source, "railyard-backup");
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupConnectException(PgErrors.describe("Connecting to " + source.address(), e), e);
        }
    }
}
