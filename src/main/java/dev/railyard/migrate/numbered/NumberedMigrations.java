package dev.railyard.migrate.numbered;

import dev.railyard.backup.script.MysqlStatement;
import dev.railyard.backup.script.MysqlStatementReader;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.migrate.MigrationException;
import dev.railyard.migrate.MigrationTimeouts;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Job;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A plain folder of numbered SQL files ({@code 001_consolidated_schema.sql}, {@code 002_...}) as
 * hand-rolled runners apply them: in number order, each once, recorded in
 * {@code migration_history(id, migration_name, applied_at, checksum)} with the file name as
 * migration_name and the sha256 of its bytes (hex) as checksum. A table such a runner made already
 * is used as it is; a stored checksum in another form (md5) is not compared.
 * <p>On PostgreSQL each file and its history row commit together, so a failed file leaves nothing
 * behind. MySQL commits DDL at once: the statements before a failure stay, the file stays pending.
 */
public final class NumberedMigrations {

    public static final String HISTORY_TABLE = "migration_history";

    private static final Pattern FILE_NAME = Pattern.compile("(\\d+)_(.+)\\.sql", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private final DataSource dataSource;
    private final ConnectionProfile target;
    private final Path folder;

    /**
     * @param dataSource the migration session's connections (the direct address)
     * @param target     the profile they reach, for the production guard
     * @param folder     the folder of numbered files
     */
    public NumberedMigrations(DataSource dataSource, ConnectionProfile target, Path folder) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.target = Objects.requireNonNull(target, "target");
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    /** The folder's {@code NNN_name.sql} files in number order; other files are ignored. */
    public List<NumberedFile> files() throws MigrationException {
        if (!Files.isDirectory(folder)) {
            throw new MigrationException("The migration folder " + folder + " does not exist or is not a folder");
        }
        List<NumberedFile> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(folder)) {
            for (Path file : listing.filter(Files::isRegularFile).toList()) {
                Matcher m = FILE_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    files.add(new NumberedFile(Long.parseLong(m.group(1)), file.getFileName().toString(), file,
                            sha256(Files.readAllBytes(file))));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new MigrationException("Cannot read the migration folder " + folder + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparingLong(NumberedFile::number).thenComparing(NumberedFile::name));
        for (int i = 1; i < files.size(); i++) {
            if (files.get(i).number() == files.get(i - 1).number()) {
                throw new MigrationException("Two migrations have the number " + files.get(i).number() + " ("
                        + files.get(i - 1).name() + ", " + files.get(i).name() + "): their order is not defined; renumber one");
            }
        }
        return files;
    }

    /** Each file with its state, then history rows whose file is gone. */
    public List<NumberedRow> status() throws MigrationException {
        List<NumberedFile> files = files();
        Map<String, Applied> applied;
        try (Connection c = dataSource.getConnection()) {
            applied = readHistory(c);
        } catch (SQLException e) {
            throw new MigrationException("Cannot read " + HISTORY_TABLE + ": " + e.getMessage(), e);
        }
        List<NumberedRow> rows = new ArrayList<>();
        for (NumberedFile file : files) {
            Applied row = applied.remove(file.name());
            if (row == null) {
                rows.add(new NumberedRow(file.name(), NumberedRow.State.PENDING, null));
            } else {
                rows.add(new NumberedRow(file.name(), changed(row, file) ? NumberedRow.State.CHANGED
                        : NumberedRow.State.APPLIED, row.at() == null ? null : row.at().toInstant()));
            }
        }
        applied.values().forEach(row -> rows.add(new NumberedRow(row.name(), NumberedRow.State.MISSING,
                row.at() == null ? null : row.at().toInstant())));
        return rows;
    }

    /** Applies the pending files in order; the production guard must have cleared MIGRATE. */
    public Job<NumberedOutcome> migrate(Clearance clearance, MigrationTimeouts timeouts) {
        Objects.requireNonNull(clearance, "clearance").check(GuardedAction.MIGRATE, target);
        Objects.requireNonNull(timeouts, "timeouts");
        return context -> {
            List<NumberedFile> files = files();
            DataSource session = timeouts.any() ? Connections.withSessionTimeouts(dataSource, target.dialect(),
                    timeouts.lockTimeout(), timeouts.statementTimeout()) : dataSource;
            List<String> done = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            try (Connection c = session.getConnection()) {
                createHistoryTable(c);
                Map<String, Applied> applied = readHistory(c);
                List<NumberedFile> pending = new ArrayList<>();
                for (NumberedFile file : files) {
                    Applied row = applied.get(file.name());
                    if (row == null) {
                        pending.add(file);
                    } else if (changed(row, file)) {
                        warnings.add(file.name() + " changed since it was applied; it is not applied again");
                    }
                }
                context.progress(0, pending.size(), ProgressUnit.MIGRATIONS);
                for (NumberedFile file : pending) {
                    context.checkCancelled();
                    context.message("Applying " + file.name());
                    try {
                        apply(c, file);
                    } catch (SQLException | IOException e) {
                        context.log(file.name() + " failed: " + e.getMessage());
                        if (target.dialect() == Dialect.MYSQL) {
                            warnings.add("MySQL commits DDL at once: the statements of " + file.name()
                                    + " before the failure stayed applied");
                        }
                        return new NumberedOutcome(done, file.name(), e.getMessage(), warnings);
                    }
                    done.add(file.name());
                    context.log("Applied " + file.name());
                    context.progress(done.size(), pending.size(), ProgressUnit.MIGRATIONS);
                }
            } catch (SQLException e) {
                throw new MigrationException("Cannot use " + HISTORY_TABLE + " on " + target.address() + ": "
                        + e.getMessage(), e);
            }
            return new NumberedOutcome(done, null, null, warnings);
        };
    }

    private void apply(Connection c, NumberedFile file) throws SQLException, IOException {
        byte[] bytes = Files.readAllBytes(file.file());
        if (!sha256(bytes).equals(file.checksum())) {
            throw new IOException(file.name() + " changed while migrating; run again");
        }
        String sql = new String(bytes, StandardCharsets.UTF_8);
        if (target.dialect() == Dialect.POSTGRESQL) {
            // The file and its history row commit together, or neither does.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(sql);
                record(c, file);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return;
        }
        MysqlVersion version = MysqlVersion.parse(c.getMetaData().getDatabaseProductVersion());
        try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(bytes), version, 64L << 20);
             Statement s = c.createStatement()) {
            MysqlStatement statement;
            while ((statement = reader.next()) != null) {
                s.execute(statement.text());
            }
        }
        record(c, file);
    }

    private void record(Connection c, NumberedFile file) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + HISTORY_TABLE
                + " (migration_name, checksum) VALUES (?, ?)")) {
            insert.setString(1, file.name());
            insert.setString(2, file.checksum());
            insert.executeUpdate();
        }
    }

    private void createHistoryTable(Connection c) throws SQLException {
        String id = target.dialect() == Dialect.POSTGRESQL ? "id SERIAL PRIMARY KEY" : "id INT AUTO_INCREMENT PRIMARY KEY";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " (" + id + ", migration_name VARCHAR(255) NOT NULL UNIQUE, "
                    + "applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, checksum VARCHAR(64))");
        }
    }

    /** migration_name to its row; empty when the table is not there yet. */
    private Map<String, Applied> readHistory(Connection c) throws SQLException {
        if (!historyExists(c)) {
            return new LinkedHashMap<>();
        }
        Map<String, Applied> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT migration_name, applied_at, checksum FROM " + HISTORY_TABLE
                     + " ORDER BY id")) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Applied(rs.getString(1), rs.getTimestamp(2), rs.getString(3)));
            }
        }
        return rows;
    }

    private boolean historyExists(Connection c) throws SQLException {
        String sql = target.dialect() == Dialect.POSTGRESQL
                ? "SELECT to_regclass(?) IS NOT NULL"
                : "SELECT count(*) > 0 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, HISTORY_TABLE);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static boolean changed(Applied row, NumberedFile file) {
        return row.checksum() != null && SHA256_HEX.matcher(row.checksum().strip()).matches()
                && !row.checksum().strip().equalsIgnoreCase(file.checksum());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private record Applied(String name, Timestamp at, String checksum) {
    }
}
