package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.task.Job;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

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
     * A backup of {@code source} into {@code out} (its manifest beside it).
     *
     * @param customFormat pg_dump's custom format (-Fc), which needs the native engine
     * @param profileName  for the manifest; null when run from a URL
     */
    public Job<BackupResult> create(PgEndpoint source, BackupOptions options, EngineChoice engine, boolean customFormat,
                                    Path out, String profileName) {
        return context -> {
            // The version decides only between a pg_dump found here and the built-in engine; without
            // one, or with the built-in engine asked for, no connection is spent on asking it
            // (each costs several round trips through Railway's proxy).
            boolean versionMatters = customFormat || engine == EngineChoice.NATIVE
                    || engine == EngineChoice.AUTO && tools.find("pg_dump").isPresent();
            String[] version = null;
            if (versionMatters) {
                context.message("Checking the server version");
                version = serverVersion(source);
            }
            int major = version == null ? 0 : Integer.parseInt(version[1]) / 10000;
            EngineDecision decision = choose(engine, customFormat, major);
            context.log("Engine: " + (decision.useNative() ? "pg_dump " + decision.tool().version() : "built-in") + " — " + decision.reason());
            if (decision.useNative()) {
                return new NativePgDump(tools, decision.tool(), source, options, out, profileName, version[0], customFormat).run(context);
            }
            return new BuiltinPgDump(source, options, out, profileName).run(context);
        };
    }

    /** Restores {@code file} into {@code target} (or into a database created for it, see {@link RestoreOptions}). */
    public Job<RestoreResult> restore(Path file, PgEndpoint target, RestoreOptions options) {
        return new PgRestore(file, target, options, tools);
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

    /** {server_version, server_version_num}. */
    private static String[] serverVersion(PgEndpoint source) throws BackupException {
        try (Connection connection = source.connect("railyard-backup"); Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        } catch (SQLException e) {
            throw new BackupException(PgErrors.describe("Connecting to " + source.address(), e), e);
        }
    }
}
