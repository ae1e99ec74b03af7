package dev.railyard.backup;

import dev.railyard.backup.BackupState.Verification;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The deep check of a backup: restore it into a throwaway local server and compare every
 * table's row count with the manifest's. A backup whose data does not match its manifest, or
 * that does not restore, fails.
 */
public final class DeepVerifier {

    private static final String DATABASE = "railyard_verify";

    private final BackupService service;
    private final Path workDir;
    private final Clock clock;

    /** @param workDir where throwaway servers keep their data and the extracted PostgreSQL binaries */
    public DeepVerifier(BackupService service, Path workDir, Clock clock) {
        this.service = service;
        this.workDir = workDir;
        this.clock = clock;
    }

    /** Runs the check and records its outcome in the catalog. */
    public Verification verify(CatalogEntry entry, JobContext context) throws IOException {
        Verification result = check(entry, context);
        service.catalog().recordVerification(entry, result);
        return result;
    }

    private Verification check(CatalogEntry entry, JobContext context) throws IOException {
        java.util.Optional<String> notABackup = BackupFileCheck.problem(entry.file(), context);
        if (notABackup.isPresent()) {
            return failed(notABackup.get());
        }
        Files.createDirectories(workDir);
        Dialect dialect = "mysql".equals(entry.manifest().dialect()) ? Dialect.MYSQL : Dialect.POSTGRESQL;
        context.message("Starting a throwaway local " + dialect.displayName() + " server");
        try (LocalServers.Server server = LocalServers.start(dialect, workDir)) {
            context.checkCancelled();
            ConnectionProfile local = server.profile();
            context.message("Restoring " + entry.id() + " into it");
            try {
                service.restore(entry.file(), local, null, BackupService.RestoreRequest.intoNewDatabase(DATABASE)).run(context);
            } catch (Exception e) {
                if (e instanceof dev.railyard.task.JobCancelledException cancelled) {
                    throw cancelled;
                }
                return failed("the backup does not restore: " + message(e));
            }
            context.message("Comparing row counts with the manifest");
            List<String> differences = compare(local, entry.manifest());
            if (!differences.isEmpty()) {
                return failed("row counts differ from the manifest: " + String.join("; ", differences));
            }
            String detail = entry.manifest().tables().isEmpty()
                    ? "restored cleanly into a local " + dialect.displayName() + " (the manifest has no per-table counts to compare)"
                    : "restored into a local " + dialect.displayName() + "; " + entry.manifest().tables().size()
                            + " tables, " + entry.manifest().totalRows() + " rows match the manifest";
            return new Verification(Verification.Level.DEEP, true, clock.instant(), detail);
        }
    }

    /** One statement counts every table of the manifest (a local server: no round trips to spare). */
    private static List<String> compare(ConnectionProfile local, Manifest manifest) throws IOException {
        List<Manifest.TableEntry> tables = manifest.tables();
        List<String> differences = new ArrayList<>();
        if (tables.isEmpty()) {
            return differences;
        }
        boolean postgres = local.dialect() == Dialect.POSTGRESQL;
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            Manifest.TableEntry t = tables.get(i);
            if (i > 0) {
                sql.append(" UNION ALL ");
            }
            String name = postgres ? pgQuote(t.schema()) + "." + pgQuote(t.name()) : "`" + DATABASE + "`." + myQuote(t.name());
            sql.append("SELECT ").append(i).append(", count(*) FROM ").append(postgres ? "ONLY " : "").append(name);
        }
        try (Connection connection = connect(local); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql.toString())) {
            while (rs.next()) {
                Manifest.TableEntry t = tables.get(rs.getInt(1));
                long actual = rs.getLong(2);
                if (actual != t.rows()) {
                    differences.add((t.schema() == null || t.schema().isEmpty() ? "" : t.schema() + ".") + t.name()
                            + " has " + actual + " rows, the manifest says " + t.rows());
                }
            }
        } catch (SQLException e) {
            differences.add("the restored tables cannot be counted: " + e.getMessage());
        }
        return differences;
    }

    private static Connection connect(ConnectionProfile local) throws SQLException {
        // The local throwaway server: no TLS, no password (PostgreSQL trusts, MySQL's root has none).
        Endpoint endpoint = new Endpoint(local.name(), local.dialect(), "127.0.0.1", local.port(), DATABASE, local.user(),
                SslMode.DISABLE, null);
        return Connections.open(endpoint, local.dialect() == Dialect.POSTGRESQL ? null : "", Connections.Purpose.VERIFY);
    }

    private static String pgQuote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String myQuote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private Verification failed(String why) {
        return new Verification(Verification.Level.DEEP, false, clock.instant(), why);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }
}
