package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupConnectException;
import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.SnapshotProbe;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * MySQL and MariaDB backups and restores as jobs for the JobRunner: the entry point for
 * {@code railyard backup create|restore} with a mysql:// URL or a MySQL profile, and for the GUI.
 * Picks the engine (native mariadb-dump/mysqldump when it can dump the server, else built-in)
 * and says why in the job's log.
 */
public final class MysqlBackupService {

    private final MysqlTools tools;

    public MysqlBackupService(MysqlTools tools) {
        this.tools = tools;
    }

    /** Which engine makes a backup, and why. */
    public record EngineDecision(boolean useNative, MysqlTools.Decision tool, String reason) { }

    /** A backup of {@code source}'s database into {@code out}, with its manifest beside it and no migration head. */
    public Job<BackupResult> create(MysqlEndpoint source, BackupOptions options, EngineChoice engine, Path out) {
        return create(source, options, engine, out, SnapshotProbe.NONE);
    }

    /**
     * A backup of {@code source}'s database into {@code out}, with its manifest beside it.
     * {@code auto} takes the native tool when it can dump the server and falls back to the built-in
     * engine, saying why, when it cannot or when it fails. One connection answers the server version,
     * and the built-in engine dumps on it, reading the migration head inside its snapshot: a built-in
     * backup opens one connection. The native tool opens its own; this one then lists the tables and
     * reads the head.
     *
     * @param probe reads the migration head and hears the data size
     */
    public Job<BackupResult> create(MysqlEndpoint source, BackupOptions options, EngineChoice engine, Path out,
                                    SnapshotProbe probe) {
        return context -> {
            checkScope(source, options);
            context.message("Connecting to " + source.address());
            try (Connection first = connect(source, context)) {
                MysqlVersion server;
                try {
                    server = BuiltinMysqlDump.serverVersion(first);
                } catch (SQLException e) {
                    throw new BackupException(MysqlErrors.describe("Reading the version of " + source.address(), e), e);
                }
                EngineDecision decision = choose(engine, server);
                context.log("Engine: " + (decision.useNative() ? decision.tool().tool().display() : "built-in") + " — "
                        + decision.reason());
                if (!decision.useNative()) {
                    return new BuiltinMysqlDump(source, options, out, probe, first, server).run(context);
                }
                NativeMysqlDump dump = new NativeMysqlDump(decision.tool().tool(), decision.tool().flags(), source, options,
                        out, server, probe, first, tools.optionFileFolder());
                if (engine != EngineChoice.AUTO) {
                    return dump.run(context);
                }
                try {
                    return dump.run(context);
                } catch (JobCancelledException e) {
                    throw e;
                } catch (BackupException e) {
                    if (context.isCancelled()) {
                        throw new JobCancelledException();
                    }
                    context.log("auto: " + decision.tool().tool().name() + " failed (" + e.getMessage()
                            + "); falling back to the built-in engine");
                    return new BuiltinMysqlDump(source, options, out, probe, usable(first) ? first : null, server).run(context);
                }
            }
        };
    }

    /** Restores {@code file} into a new database on {@code target}'s server (default) or an existing one. */
    public Job<MysqlRestoreResult> restore(Path file, MysqlEndpoint target, MysqlRestoreOptions options) {
        return new MysqlRestore(file, target, options, tools);
    }

    /** As above; {@code beforeChanges} runs right before the first change to the target. */
    public Job<MysqlRestoreResult> restore(Path file, MysqlEndpoint target, MysqlRestoreOptions options,
                                           dev.railyard.backup.BeforeChanges beforeChanges) {
        return new MysqlRestore(file, target, options, tools, beforeChanges);
    }

    /**
     * auto: native when the installed tool can dump this server (known family mismatches handled
     * with flags), else built-in; builtin / native: as asked, or a BackupException naming why not.
     */
    public EngineDecision choose(EngineChoice choice, MysqlVersion server) throws BackupException {
        if (choice == EngineChoice.BUILTIN) {
            return new EngineDecision(false, null, "the built-in engine was asked for");
        }
        MysqlTools.Decision tool = tools.forDump(server);
        if (choice == EngineChoice.NATIVE) {
            if (!tool.usable()) {
                throw new BackupException("Cannot use the native engine: " + tool.reason()
                        + ". Use --engine builtin (or auto), or install a mariadb-dump/mysqldump that can dump "
                        + server.display() + ".");
            }
            return new EngineDecision(true, tool, tool.reason());
        }
        if (tool.usable()) {
            return new EngineDecision(true, tool, "auto: " + tool.reason());
        }
        return new EngineDecision(false, tool, "auto: " + tool.reason() + "; using the built-in engine");
    }

    private static void checkScope(MysqlEndpoint source, BackupOptions options) throws BackupException {
        if (options.owners() || options.privileges()) {
            throw new BackupException("MySQL backups do not include users and grants: leave out --owners and --privileges.");
        }
        for (String schema : options.schemas()) {
            if (!schema.equals(source.database())) {
                throw new BackupException("A MySQL backup covers one database (" + source.database() + "), not '" + schema
                        + "': connect to that database instead.");
            }
        }
    }

    private static Connection connect(MysqlEndpoint source, JobContext context) throws BackupException {
        try {
            return source.connect(MysqlEndpoint.Purpose.DUMP);
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupConnectException(MysqlErrors.describe("Connecting to " + source.address(), e), e);
        }
    }

    /** Whether the connection the native tool's attempt left can still carry the built-in dump. */
    private static boolean usable(Connection connection) {
        try {
            return !connection.isClosed() && connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }
}
