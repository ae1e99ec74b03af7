package dev.railyard.backup;

import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.db.Endpoint;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
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
 *
 * <p>The file may come from anywhere (an import), so what it says must not act on this machine:
 * it is read first, and one that reaches outside its database (COPY ... PROGRAM, server files,
 * ALTER SYSTEM, untrusted languages, INTO OUTFILE, ...) fails with those statements named and
 * is not run. The rest runs as an account without superuser, FILE or SUPER rights, on a server
 * that lets no one in without a password (see {@link LocalServers}): dynamic SQL the scan cannot
 * read is refused by the server. That also keeps the server's environment (which the embedded
 * PostgreSQL inherits from this process) out of reach of {@code COPY ... FROM PROGRAM 'env'}.
 */
public final class DeepVerifier {

    private static final String DATABASE = "railyard_verify";

    private final BackupService service;
    private final Path workDir;
    private final Clock clock;
    private final List<Path> serverFolders;

    /** @param workDir where throwaway servers keep their data and the extracted PostgreSQL binaries */
    public DeepVerifier(BackupService service, Path workDir, Clock clock) {
        this(service, workDir, clock, List.of());
    }

    /** As above, looking for MySQL and MariaDB server programs in {@code serverFolders} first. */
    public DeepVerifier(BackupService service, Path workDir, Clock clock, List<Path> serverFolders) {
        this.service = service;
        this.workDir = workDir;
        this.clock = clock;
        this.serverFolders = List.copyOf(serverFolders);
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
        // Read first: a backup that reaches outside its database is named, and never run.
        context.message("Reading " + entry.file().getFileName() + " for statements that reach the server's machine");
        ScriptHazards.Report hazards = scan(entry.file(), dialect);
        if (!hazards.serverAccess().isEmpty()) {
            return failed("the backup reaches outside its database, so it was not run: "
                    + ScriptHazards.Report.describe(hazards.serverAccess(), 5)
                    + ". A backup made by pg_dump, mysqldump or Railyard contains no such statement.");
        }
        MysqlVersion source = dialect == Dialect.MYSQL ? sourceVersion(entry) : null;
        context.message("Starting a throwaway local " + (source == null ? dialect.displayName() : source.mariaDb() ? "MariaDB"
                : "MySQL " + source.major() + "+") + " server");
        LocalServers.Server started;
        try {
            started = LocalServers.start(dialect, workDir, DATABASE, hazards.extensions(), source, serverFolders);
        } catch (LocalServers.NoServerException e) {
            // Not a failure of the backup: the check could not be made here. Say what to install.
            context.log("Not deeply verified: " + e.getMessage());
            return Verification.notMade(Verification.Level.DEEP, clock.instant(), e.getMessage());
        }
        try (LocalServers.Server server = started) {
            context.checkCancelled();
            ConnectionProfile local = server.profile();
            context.message("Restoring " + entry.id() + " into it as " + local.user() + ", a user without superuser rights");
            try {
                service.restore(entry.file(), local, server.password(), request(local)).run(context);
            } catch (Exception e) {
                if (e instanceof dev.railyard.task.JobCancelledException cancelled) {
                    throw cancelled;
                }
                return failed("the backup does not restore: " + message(e));
            }
            List<Manifest.TableEntry> expected = entry.manifest().tables();
            String countedBy = "the manifest";
            if (expected.isEmpty() && dialect == Dialect.POSTGRESQL) {
                // pg_dump's backups (and imported files) carry no per-table counts: the file's own COPY data has them.
                context.message("Counting the rows " + entry.file().getFileName() + " holds");
                java.util.Optional<List<Manifest.TableEntry>> inFile;
                try {
                    inFile = service.postgresRowsInFile(entry.file(), context);
                } catch (BackupException e) {
                    inFile = java.util.Optional.empty();
                }
                if (inFile.isEmpty()) {
                    return Verification.notMade(Verification.Level.DEEP, clock.instant(), "restored cleanly into a local "
                            + server.description() + ", but its rows could not be counted here to compare (pg_restore "
                            + "cannot read the archive): not deeply verified");
                }
                expected = inFile.get();
                countedBy = "the backup file";
            }
            context.message("Comparing row counts with " + countedBy);
            List<String> differences = compare(local, server.password(), expected, countedBy);
            if (!differences.isEmpty()) {
                return failed("row counts differ from " + countedBy + ": " + String.join("; ", differences));
            }
            if (expected.isEmpty() && dialect == Dialect.MYSQL && !countsKnown(entry.manifest())) {
                // Restored, but nothing was compared: that is not a deep check that passed.
                return Verification.notMade(Verification.Level.DEEP, clock.instant(), "restored cleanly into a local "
                        + server.description() + ", but the manifest has no per-table row counts to compare (a backup "
                        + "made outside Railyard or by an older version): not deeply verified");
            }
            long rows = expected.stream().mapToLong(Manifest.TableEntry::rows).sum();
            String detail = expected.isEmpty()
                    ? "restored cleanly into a local " + server.description() + "; the backup holds no table rows"
                    : "restored into a local " + server.description() + "; " + expected.size() + " tables, " + rows
                            + " rows match " + countedBy;
            return new Verification(Verification.Level.DEEP, true, clock.instant(), detail);
        }
    }

    /**
     * The version of the server a MySQL backup came from: the manifest's, else the file's header
     * (mysqldump's "-- Server version", Railyard's "-- Server: "); null when neither says.
     */
    private static MysqlVersion sourceVersion(CatalogEntry entry) {
        String text = entry.manifest().serverVersion();
        if (text == null || text.isBlank()) {
            try (java.io.InputStream in = dev.railyard.backup.script.ScriptFile.inspect(entry.file()).open()) {
                String head = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
                java.util.regex.Matcher m = SERVER_LINE.matcher(head);
                text = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
            } catch (IOException | BackupException | RuntimeException e) {
                text = null;
            }
        }
        if (text == null) {
            return null;
        }
        try {
            return MysqlVersion.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern SERVER_LINE = java.util.regex.Pattern.compile(
            "^-- (?:Server version\\s+(\\S+)|Server: .*\\((\\S+)\\)\\s*$)", java.util.regex.Pattern.MULTILINE);

    /**
     * Whether an empty table list means "no tables" rather than "not counted": the built-in engine
     * and (from this version) the native one list every table they dumped.
     */
    private static boolean countsKnown(Manifest manifest) {
        return manifest.warnings().stream().noneMatch(w -> w.startsWith("Per-table row counts are not known")
                || w.startsWith("Imported from")) && manifest.engine() != null && !manifest.engine().equals("imported");
    }

    /**
     * PostgreSQL: over the database the server made for the unprivileged role (it owns it; only
     * the server's own superuser could make the untrusted extensions in it). MySQL: a new database,
     * which the account may create.
     */
    private static BackupService.RestoreRequest request(ConnectionProfile local) {
        if (local.dialect() == Dialect.MYSQL) {
            return BackupService.RestoreRequest.intoNewDatabase(DATABASE);
        }
        // The throwaway server is no one's production: no profile can name it.
        Clearance clearance = new ProductionGuard(List::of).clear(local, GuardedAction.RESTORE_OVER, null);
        // The throwaway database holds nothing worth keeping: no backup of it first.
        return BackupService.RestoreRequest.overExisting(clearance, true, false).withBackupFirst(false);
    }

    /** The statements of a plain SQL file that reach the server's machine; none for archives (pg_restore reads those). */
    private static ScriptHazards.Report scan(Path file, Dialect dialect) {
        try {
            return ScriptHazards.scan(file, dialect == Dialect.POSTGRESQL);
        } catch (IOException e) {
            // A file that cannot be read to its end fails in the restore, with the restore's words.
            return new ScriptHazards.Report(List.of(), List.of(), List.of());
        }
    }

    /** One statement counts every table expected (a local server: no round trips to spare). */
    private static List<String> compare(ConnectionProfile local, String password, List<Manifest.TableEntry> tables,
                                        String source) throws IOException {
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
        try (Connection connection = connect(local, password); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql.toString())) {
            while (rs.next()) {
                Manifest.TableEntry t = tables.get(rs.getInt(1));
                long actual = rs.getLong(2);
                if (actual != t.rows()) {
                    differences.add((t.schema() == null || t.schema().isEmpty() ? "" : t.schema() + ".") + t.name()
                            + " has " + actual + " rows, " + source + " says " + t.rows());
                }
            }
        } catch (SQLException e) {
            differences.add("the restored tables cannot be counted: " + e.getMessage());
        }
        return differences;
    }

    private static Connection connect(ConnectionProfile local, String password) throws SQLException {
        // The local throwaway server, as the unprivileged account: no TLS on loopback.
        Endpoint endpoint = new Endpoint(local.name(), local.dialect(), "127.0.0.1", local.port(), DATABASE, local.user(),
                SslMode.DISABLE, null);
        return Connections.open(endpoint, password, Connections.Purpose.VERIFY);
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
