package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.SnapshotProbe;
import dev.railyard.backup.mysql.MysqlCatalog.Definition;
import dev.railyard.backup.mysql.MysqlCatalog.Table;
import dev.railyard.backup.script.AbortOnCancel;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Sizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The built-in MySQL/MariaDB backup: pure JDBC, one consistent snapshot, a plain SQL script that
 * the {@code mysql} and {@code mariadb} clients restore as well as Railyard does (layout in
 * {@link MysqlDumpWriter}). Rows are streamed (never a whole table in memory) while another thread
 * compresses ({@link BackupFileWriter}); a failure or a cancel leaves no file behind.
 */
public final class BuiltinMysqlDump implements Job<BackupResult> {

    public static final String ENGINE = dev.railyard.backup.EngineNames.BUILTIN;

    /** Engines whose tables the snapshot does not cover, or whose rows are not theirs to dump. */
    private static final Set<String> NO_DATA_ENGINES = Set.of("MRG_MYISAM", "FEDERATED", "BLACKHOLE",
            "CONNECT", "SPIDER");
    private static final Set<String> TRANSACTIONAL = Set.of("INNODB", "XTRADB", "ROCKSDB", "TOKUDB", "SEQUENCE");
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final MysqlEndpoint source;
    private final BackupOptions options;
    private final Path out;
    private final int maxStatement;
    private final SnapshotProbe probe;
    private final Connection first;
    private final MysqlVersion knownVersion;
    private final ManifestIO manifests = new ManifestIO();

    public BuiltinMysqlDump(MysqlEndpoint source, BackupOptions options, Path out) {
        this(source, options, out, MysqlDumpWriter.DEFAULT_MAX_STATEMENT);
    }

    BuiltinMysqlDump(MysqlEndpoint source, BackupOptions options, Path out, int maxStatement) {
        this(source, options, out, maxStatement, SnapshotProbe.NONE, null, null);
    }

    /**
     * @param probe   reads the migration head inside the backup's snapshot and hears the data size
     * @param first   the connection to dump on ({@link MysqlEndpoint.Purpose#DUMP}), already open; null
     *                to open one. The dump closes it.
     * @param version the server's version as {@code SELECT VERSION()} gave it on {@code first}; null to ask
     */
    BuiltinMysqlDump(MysqlEndpoint source, BackupOptions options, Path out, SnapshotProbe probe, Connection first,
                     MysqlVersion version) {
        this(source, options, out, MysqlDumpWriter.DEFAULT_MAX_STATEMENT, probe, first, version);
    }

    private BuiltinMysqlDump(MysqlEndpoint source, BackupOptions options, Path out, int maxStatement, SnapshotProbe probe,
                             Connection first, MysqlVersion version) {
        this.source = source;
        this.options = options;
        this.out = out.toAbsolutePath();
        this.maxStatement = maxStatement;
        this.probe = probe;
        this.first = first;
        this.knownVersion = version;
    }

    public static String engineVersion() {
        String version = BuiltinMysqlDump.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public BackupResult run(JobContext context) throws Exception {
        if (source.database().isEmpty()) {
            throw new BackupException("No database to back up: the connection names none. Add the database to the URL "
                    + "(mysql://user@host:port/railway) or the profile.");
        }
        Instant started = Instant.now();
        Path manifestFile = ManifestIO.manifestPathFor(out);
        BackupFileWriter writer = null;
        boolean manifestWritten = false;
        String reading = null;
        context.message("Connecting to " + source.address());
        try (AbortOnCancel watch = new AbortOnCancel(context);
             Connection connection = first != null ? first : connect()) {
            watch.register(connection);
            try {
                MysqlVersion version = startSnapshot(connection, knownVersion, context);
                // Inside the snapshot every table is read in: the head of the data in the file.
                String head = migrationHead(connection, probe, context).orElse(null);
                context.message("Reading the catalog of " + source.database());
                ScopeRecorder scope = new ScopeRecorder(tableFilter());
                MysqlCatalog catalog = MysqlCatalog.read(connection, source.database(), scope, !options.dataOnly());
                scope.requireMatches();
                List<String> warnings = new ArrayList<>(catalog.warnings);
                List<Table> dataTables = new ArrayList<>();
                for (Table t : catalog.tables) {
                    if (t.isView() || t.isSequence()) {
                        continue;
                    }
                    String engine = t.engine().toUpperCase(Locale.ROOT);
                    if (NO_DATA_ENGINES.contains(engine)) {
                        warnings.add("Table " + t.name() + " uses " + t.engine() + ": its definition is dumped, not its rows");
                        continue;
                    }
                    if (!TRANSACTIONAL.contains(engine)) {
                        warnings.add("Table " + t.name() + " uses " + t.engine() + ", which the consistent snapshot does not "
                                + "cover (InnoDB only): its rows may be from a slightly different moment");
                    }
                    for (MysqlCatalog.Column column : t.insertedColumns()) {
                        if (column.kind() == MysqlCatalog.ValueKind.UNKNOWN && !options.schemaOnly()) {
                            throw new BackupException("Table " + t.name() + ", column " + column.name() + " has the type "
                                    + column.columnType() + ", which the built-in engine does not know how to write "
                                    + "faithfully, so no backup was written rather than one that may not restore. Back up "
                                    + "with --engine native (the server's own mysqldump), or leave the table out with --table.");
                        }
                    }
                    if (t.isSystemVersioned()) {
                        warnings.add("Table " + t.name() + " is system-versioned: its current rows are dumped, not its history");
                    }
                    dataTables.add(t);
                }
                warnings.forEach(w -> context.log("Warning: " + w));
                context.checkCancelled();

                writer = BackupFileWriter.open(out, options.compression(), options.engineLevel());
                MysqlDumpWriter dump = new MysqlDumpWriter(writer.stream(), maxStatement);
                dump.header(engineVersion(), version, catalog, started);
                if (!options.dataOnly()) {
                    for (Table t : catalog.tables) {
                        if (t.isSequence() && catalog.tableDdl.containsKey(t.name())) {
                            dump.sequence(t, catalog.tableDdl.get(t.name()), catalog.sequenceNext.get(t.name()));
                        }
                    }
                }
                long totalEstimate = options.schemaOnly() ? 0 : dataTables.stream().mapToLong(Table::dataLength).sum();
                probe.dataBytes(totalEstimate);
                Progress progress = new Progress(context, totalEstimate);
                List<Manifest.TableEntry> entries = new ArrayList<>();
                long totalRows = 0;
                for (Table t : catalog.tables) {
                    if (t.isView() || t.isSequence()) {
                        continue;
                    }
                    context.checkCancelled();
                    if (!options.dataOnly()) {
                        String ddl = catalog.tableDdl.get(t.name());
                        if (ddl == null) {
                            continue;
                        }
                        dump.tableDefinition(t, ddl);
                    }
                    if (!options.schemaOnly() && dataTables.contains(t)) {
                        reading = t.name();
                        long[] rowsBytes = dumpRows(connection, dump, t, progress);
                        reading = null;
                        entries.add(new Manifest.TableEntry(source.database(), t.name(), rowsBytes[0], rowsBytes[1]));
                        totalRows += rowsBytes[0];
                    }
                    if (!options.dataOnly()) {
                        dump.triggers(catalog.triggers.getOrDefault(t.name(), List.of()));
                    }
                }
                if (!options.dataOnly()) {
                    context.message("Writing views, events and routines");
                    dump.viewPlaceholders(catalog.tables.stream().filter(Table::isView)
                            .filter(v -> catalog.views.stream().anyMatch(d -> d.name().equals(v.name()))).toList());
                    dump.events(catalog.events, catalog.collation);
                    dump.routines(catalog.routines, catalog.collation);
                    dump.views(catalog.views);
                }
                int tableCount = (int) catalog.tables.stream().filter(t -> !t.isView() && !t.isSequence()).count();
                dump.footer(Instant.now(), tableCount, totalRows);
                context.checkCancelled();
                endSnapshot(connection);

                context.message("Finishing " + out.getFileName());
                BackupFileWriter.Summary summary = writer.finish();
                context.checkCancelled();
                Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, ENGINE, engineVersion(), "mysql",
                        version.text(), source.address(), source.profile(), source.database(), started, Instant.now(),
                        out.getFileName().toString(), "sql", options.compression().id(), summary.fileBytes(),
                        summary.uncompressedBytes(), summary.sha256(), options, entries, warnings, options.note(), head);
                manifests.write(manifestFile, manifest);
                manifestWritten = true;
                writer.publish();
                context.log("Backup written: " + out + " (" + Sizes.human(summary.fileBytes()) + ", " + totalRows
                        + " rows in " + entries.size() + " tables, sha256 " + summary.sha256() + ")");
                return new BackupResult(out, manifestFile, manifest);
            } catch (Throwable e) {
                // A streaming result set would otherwise be read to its end when closed.
                abortQuietly(connection);
                throw e;
            }
        } catch (JobCancelledException e) {
            cleanUp(writer, manifestFile, manifestWritten);
            throw e;
        } catch (SQLException e) {
            cleanUp(writer, manifestFile, manifestWritten);
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException(MysqlErrors.describe(reading == null
                    ? "The backup of " + source.address()
                    : "Reading table " + reading + " of " + source.address(), e)
                    + " No backup file was written.", e);
        } catch (IOException e) {
            cleanUp(writer, manifestFile, manifestWritten);
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException("Writing " + out + " failed: " + e.getMessage()
                    + ". Check the free space and permissions of the folder. No backup file was written.", e);
        } catch (Exception | Error e) {
            cleanUp(writer, manifestFile, manifestWritten);
            throw e;
        }
    }

    private Connection connect() throws BackupException {
        try {
            return source.connect(MysqlEndpoint.Purpose.DUMP);
        } catch (SQLException e) {
            throw new BackupException(MysqlErrors.describe("Connecting to " + source.address(), e), e);
        }
    }

    /**
     * Session settings as mysqldump uses them, then the snapshot every table is read in: sent as one
     * multi-statement (the dump connection allows them), one round trip instead of six through Railway's proxy.
     */
    private static MysqlVersion startSnapshot(Connection c, MysqlVersion known, JobContext context) throws SQLException {
        MysqlVersion version = known;
        if (version == null) {
            version = serverVersion(c);
        }
        context.log("Source server: " + version.display() + " (" + version.text() + ")");
        List<String> statements = new ArrayList<>();
        statements.add("SET NAMES utf8mb4");
        statements.add("SET SESSION sql_mode = '', SESSION time_zone = '+00:00', SESSION sql_quote_show_create = 1, "
                + "SESSION net_write_timeout = 3600, SESSION net_read_timeout = 3600, SESSION wait_timeout = 28800");
        if (version.mariaDb()) {
            if (version.id() >= 100100) {
                statements.add("SET SESSION max_statement_time = 0");
            }
        } else {
            if (version.id() >= 50708) {
                statements.add("SET SESSION max_execution_time = 0");
            }
            if (version.id() >= 80000) {
                statements.add("SET SESSION information_schema_stats_expiry = 0");
            }
        }
        statements.add("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        statements.add("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        try (Statement s = c.createStatement()) {
            boolean result = s.execute(String.join(";\n", statements));
            // Each statement's outcome is read: a failed one raises here, and none is left unread on the connection.
            while (result || s.getUpdateCount() != -1) {
                result = s.getMoreResults();
            }
        }
        return version;
    }

    /** The server's own version text ({@code SELECT VERSION()}: "10.11.6-MariaDB", not the driver's "5.5.5-" form). */
    static MysqlVersion serverVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return MysqlVersion.parse(rs.getString(1));
        }
    }

    /**
     * The migration head as the connection's transaction sees it. A failed read costs the head, not
     * the backup: MySQL keeps a transaction going after a failed statement.
     */
    static Optional<String> migrationHead(Connection c, SnapshotProbe probe, JobContext context) {
        try {
            return probe.migrationHead(c);
        } catch (SQLException | RuntimeException e) {
            context.log("No migration head: the history table could not be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private static void endSnapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    /** Streams one table's rows into INSERTs; returns {rows, bytes of SQL}. */
    private long[] dumpRows(Connection c, MysqlDumpWriter dump, Table t, Progress progress) throws SQLException, IOException {
        List<MysqlCatalog.Column> columns = t.insertedColumns();
        if (columns.isEmpty()) {
            return new long[] {0, 0};
        }
        progress.startTable(t);
        MysqlDumpWriter.TableRows rows = dump.rows(t);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            MysqlCatalog.Column column = columns.get(i);
            sql.append(i == 0 ? "" : ", ");
            if (column.kind() == MysqlCatalog.ValueKind.FLOAT) {
                // The server's text for a FLOAT has six digits (1.17549e-38); as a DOUBLE it is exact, and
                // the shortest text of that double reads back into the same FLOAT on MySQL and MariaDB.
                sql.append('(').append(MysqlNames.quote(column.name())).append(" + 0e0)");
            } else {
                sql.append(MysqlNames.quote(column.name()));
            }
        }
        sql.append(" FROM ").append(MysqlNames.quote(t.name()));
        Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            s.setFetchSize(Integer.MIN_VALUE); // Connector/J streams the rows instead of reading them all
            try (ResultSet rs = s.executeQuery(sql.toString())) {
                int n = columns.size();
                byte[][] values = new byte[n][];
                long count = 0;
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        values[i] = rs.getBytes(i + 1);
                    }
                    rows.add(values);
                    if ((++count & 255) == 0) {
                        progress.rows(count);
                    }
                }
                long bytes = rows.finish();
                progress.endTable(count);
                return new long[] {count, bytes};
            }
        } finally {
            s.close();
        }
    }

    private Predicate<String> tableFilter() {
        if (options.tables().isEmpty()) {
            return name -> true;
        }
        List<Pattern> patterns = options.tables().stream().map(BuiltinMysqlDump::glob).toList();
        return name -> patterns.stream().anyMatch(p -> p.matcher(name).matches()
                || p.matcher(source.database() + "." + name).matches());
    }

    /**
     * The table filter, remembering every name it was asked about: a --table that matched none
     * is refused (an empty backup must not look successful), naming the nearest tables.
     */
    private final class ScopeRecorder implements Predicate<String> {
        private final Predicate<String> filter;
        private final java.util.Set<String> seen = new java.util.TreeSet<>();

        ScopeRecorder(Predicate<String> filter) {
            this.filter = filter;
        }

        @Override
        public boolean test(String name) {
            seen.add(name);
            return filter.test(name);
        }

        void requireMatches() throws BackupException {
            List<String> unmatched = new ArrayList<>();
            for (String table : options.tables()) {
                Pattern p = glob(table);
                if (seen.stream().noneMatch(n -> p.matcher(n).matches() || p.matcher(source.database() + "." + n).matches())) {
                    unmatched.add(table);
                }
            }
            if (!unmatched.isEmpty()) {
                throw new BackupException(dev.railyard.backup.NearestNames.refusal("--table", "table or view of "
                        + source.database(), unmatched, seen));
            }
        }
    }

    static Pattern glob(String text) {
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static void abortQuietly(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // closing anyway
        }
    }

    private static void cleanUp(BackupFileWriter writer, Path manifestFile, boolean manifestWritten) {
        if (writer != null) {
            writer.abort();
        }
        if (manifestWritten) {
            try {
                Files.deleteIfExists(manifestFile);
            } catch (IOException ignored) {
                // the backup file itself is gone: an orphan manifest is only noise
            }
        }
    }

    /** Progress in bytes of table data, against information_schema's estimate. */
    private static final class Progress {
        private final JobContext context;
        private final long total;
        private long doneTables;
        private Table table;
        private long lastReport;

        Progress(JobContext context, long total) {
            this.context = context;
            this.total = total;
        }

        void startTable(Table t) {
            table = t;
            context.message("Dumping " + t.name() + (t.rowsEstimate() > 0 ? " (~" + String.format("%,d", t.rowsEstimate()) + " rows)" : ""));
            report(doneTables, true);
        }

        void rows(long rows) {
            context.checkCancelled();
            long now = System.nanoTime();
            // The first batch of a table is always shown, then at most five updates a second.
            if (rows > 256 && now - lastReport < PROGRESS_EVERY_NANOS) {
                return;
            }
            long estimate = Math.min(table.dataLength(), rows * Math.max(1, table.avgRowLength()));
            report(doneTables + estimate, true);
            context.message("Dumping " + table.name() + ": " + String.format("%,d", rows) + " rows"
                    + (table.rowsEstimate() > 0 ? " of ~" + String.format("%,d", table.rowsEstimate()) : ""));
        }

        void endTable(long rows) {
            doneTables += table.dataLength();
            report(doneTables, true);
        }

        private void report(long done, boolean force) {
            long now = System.nanoTime();
            if (force || now - lastReport >= PROGRESS_EVERY_NANOS) {
                lastReport = now;
                context.progress(done, total > 0 ? Math.max(total, done) : -1, ProgressUnit.BYTES);
            }
        }
    }
}
