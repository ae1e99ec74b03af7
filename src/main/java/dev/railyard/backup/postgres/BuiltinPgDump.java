package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.SnapshotProbe;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Sizes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * The built-in PostgreSQL backup: pure JDBC, no client tools, any server from 13 to 18.
 * One REPEATABLE READ, READ ONLY transaction gives one consistent view; the tables are
 * locked ACCESS SHARE early so no DDL changes them underneath; definitions come from the
 * catalogs and rows from COPY ... TO STDOUT, streamed through the compressor thread into
 * {@code <out>.partial}. Only when the file, its sha256 and its manifest are complete is it
 * renamed to {@code out}; a failure or a cancel leaves no file.
 *
 * <p>The output is a plain SQL script that psql restores as well as Railyard's runner.
 */
public final class BuiltinPgDump implements Job<BackupResult> {

    public static final String ENGINE = dev.railyard.backup.EngineNames.BUILTIN;
    static final String HEADER_MARK = "Railyard PostgreSQL dump";
    private static final String LOCK_TIMEOUT = "60s";
    private static final int LOCK_BATCH = 500;
    private static final int SEQUENCE_BATCH = 500;

    private final PgEndpoint source;
    private final BackupOptions options;
    private final Path out;
    private final String profileName;
    private final SnapshotProbe probe;
    private final Connection first;
    private final ManifestIO manifests = new ManifestIO();

    /**
     * @param profileName the profile's name for the manifest; null when run from a URL
     */
    public BuiltinPgDump(PgEndpoint source, BackupOptions options, Path out, String profileName) {
        this(source, options, out, profileName, SnapshotProbe.NONE);
    }

    /**
     * @param probe reads the migration head inside the backup's snapshot and hears the data size
     */
    public BuiltinPgDump(PgEndpoint source, BackupOptions options, Path out, String profileName, SnapshotProbe probe) {
        this(source, options, out, profileName, probe, null);
    }

    /**
     * @param first the backup's first connection, already in its snapshot transaction
     *              ({@link SnapshotSession#open}); null to open one. The dump closes it.
     */
    BuiltinPgDump(PgEndpoint source, BackupOptions options, Path out, String profileName, SnapshotProbe probe,
                  Connection first) {
        this.source = source;
        this.options = options;
        this.out = out.toAbsolutePath();
        this.profileName = profileName;
        this.probe = probe;
        this.first = first;
    }

    public static String engineVersion() {
        String version = BuiltinPgDump.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public BackupResult run(JobContext context) throws Exception {
        Instant started = Instant.now();
        context.message("Connecting to " + source.address());
        Path manifestFile = ManifestIO.manifestPathFor(out);
        BackupFileWriter writer = null;
        boolean manifestWritten = false;
        boolean published = false;
        try (Connection connection = first != null ? first : connect(context)) {
            // Every connection of this backup, workers included: a cancel ends them all.
            List<Connection> live = new CopyOnWriteArrayList<>(List.of(connection));
            JobContext.Registration watch = context.onCancel(() -> live.forEach(BuiltinPgDump::abortQuietly));
            try (watch) {
                PgCatalog catalog = readCatalog(connection, context);
                context.checkCancelled();
                // In the snapshot the data is read from, before it is exported to the workers.
                String head = SnapshotSession.migrationHead(connection, probe, context).orElse(null);
                DumpPlan plan = new DumpPlan(catalog, options);
                plan.warnings().forEach(w -> context.log("Warning: " + w));
                probe.dataBytes(options.schemaOnly() ? 0 : plan.estimatedBytes());

                writer = BackupFileWriter.open(out, options.compression(), options.engineLevel());
                Script script = new Script(writer.stream());
                List<Manifest.TableEntry> tables = new ArrayList<>();
                writeHeader(script, catalog, started);
                if (!options.dataOnly()) {
                    context.message("Writing definitions");
                    writeEntries(script, plan.preData());
                }
                if (!options.schemaOnly()) {
                    // Each table's data starts a compressed frame of its own (see Manifest.Sections).
                    tables.addAll(new DataSection(connection, this::openSession, plan, writer, options.compression(),
                            options.engineLevel(), options.effectiveJobs(), live, context).write());
                    writer.mark();
                    writeSequenceValues(connection, plan, script, context);
                    if (options.wholeDatabase()) {
                        // As pg_dump: large objects belong to a whole-database backup, not to one of some tables.
                        context.message("Copying large objects");
                        LargeObjects.write(connection, script.stream(), plan.names(), options.owners(), context);
                    }
                    writer.mark();
                }
                if (!options.dataOnly()) {
                    writeEntries(script, plan.postData());
                }
                script.line("--");
                script.line("-- " + HEADER_MARK + " complete");
                script.line("--");
                context.checkCancelled();
                connection.commit();

                context.message("Finishing " + out.getFileName());
                BackupFileWriter.Summary summary = writer.finish();
                context.checkCancelled();
                Manifest.Sections sections = null;
                if (!options.schemaOnly()) {
                    List<Long> marks = summary.marks();
                    int n = tables.size();
                    for (int i = 0; i < n; i++) {
                        Manifest.TableEntry t = tables.get(i);
                        tables.set(i, new Manifest.TableEntry(t.schema(), t.name(), t.rows(), t.bytes(), marks.get(i),
                                marks.get(i + 1) - marks.get(i)));
                    }
                    sections = new Manifest.Sections(marks.get(0), marks.get(n), marks.get(n + 1));
                }
                Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, ENGINE, engineVersion(), "postgres",
                        catalog.server().version(), source.address(), profileName, catalog.server().database(),
                        started, Instant.now(), out.getFileName().toString(), "sql", options.compression().id(),
                        summary.fileBytes(), summary.uncompressedBytes(), summary.sha256(), options, tables,
                        plan.warnings(), options.note(), head, sections);
                manifests.write(manifestFile, manifest);
                manifestWritten = true;
                writer.publish();
                published = true;
                context.log("Backup written: " + out + " (" + Sizes.human(summary.fileBytes()) + ", "
                        + manifest.totalRows() + " rows in " + tables.size() + " tables, sha256 " + summary.sha256() + ")");
                return new BackupResult(out, manifestFile, manifest);
            }
        } catch (JobCancelledException e) {
            throw e;
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException(PgErrors.describe("The backup of " + source.address(), e), e);
        } catch (IOException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException("Writing " + out + " failed: " + e.getMessage()
                    + ". Check there is room on the disk and the folder is writable.", e);
        } finally {
            if (writer != null) {
                writer.abort();
            }
            if (manifestWritten && !published) {
                Files.deleteIfExists(manifestFile);
            }
        }
    }

    private Connection connect(JobContext context) throws BackupException {
        try {
            return openSession("railyard-backup");
        } catch (SQLException e) {
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            throw new BackupException(PgErrors.describe("Connecting to " + source.address(), e), e);
        }
    }

    /** A connection in the backup's snapshot transaction (see {@link SnapshotSession}). */
    private Connection openSession(String applicationName) throws SQLException {
        return SnapshotSession.open(source, applicationName);
    }

    private PgCatalog readCatalog(Connection connection, JobContext context) throws SQLException, BackupException {
        context.message("Reading the catalog");
        long t0 = System.nanoTime();
        DumpScope scope = new DumpScope(options);
        PgCatalog catalog;
        try {
            // Waiting for a table lock ends after a while, with a clear message. The settings and the
            // locks travel with the catalog queries: two round trips, however many tables there are.
            catalog = PgCatalog.read(connection, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'",
                    relations -> lockTables(scope, relations, context), "SET LOCAL lock_timeout = 0");
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new BackupException("Could not lock the tables within " + LOCK_TIMEOUT + ": another session holds an "
                        + "exclusive lock (a migration, VACUUM FULL or ALTER TABLE in progress?). Run the backup when it is done.", e);
            }
            throw e;
        }
        scope.requireMatches(catalog);
        context.log("Server " + catalog.server().version() + ", database " + catalog.server().database() + " ("
                + Sizes.human(catalog.server().databaseSize()) + "); catalog read in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
        if (catalog.server().major() < 13) {
            context.log("Warning: PostgreSQL " + catalog.server().version() + " is older than 13, the oldest version "
                    + "the built-in engine is tested with");
        }
        return catalog;
    }

    /**
     * The statements that lock the tables in scope ACCESS SHARE, as soon as they are listed and
     * before their definitions are read, so no DDL changes them while the backup runs. LOCK TABLE
     * takes neither views nor materialized views.
     */
    private static List<String> lockTables(DumpScope scope, List<PgCatalog.Relation> relations, JobContext context) {
        java.util.Set<Long> chosen = scope.relations(relations);
        List<String> tables = relations.stream()
                .filter(r -> chosen.contains(r.oid()) && (r.kind() == 'r' || r.kind() == 'p'))
                .map(r -> PgNames.alwaysQuoted(r.schema(), r.name()))
                .toList();
        if (tables.isEmpty()) {
            return List.of();
        }
        context.message("Locking " + tables.size() + " tables (ACCESS SHARE)");
        List<String> locks = new ArrayList<>();
        for (int i = 0; i < tables.size(); i += LOCK_BATCH) {
            List<String> batch = tables.subList(i, Math.min(tables.size(), i + LOCK_BATCH));
            locks.add(dev.railyard.db.SqlResources.MARK + "LOCK TABLE " + String.join(", ", batch) + " IN ACCESS SHARE MODE");
        }
        return locks;
    }

    private void writeHeader(Script script, PgCatalog catalog, Instant started) throws IOException {
        script.line("--");
        script.line("-- " + HEADER_MARK);
        script.line("--");
        script.line("-- Engine: " + ENGINE + " " + engineVersion() + "; server " + catalog.server().version()
                + "; database " + oneLine(catalog.server().database()) + "; snapshot taken " + started);
        script.line("-- Restore with: railyard backup restore FILE, or psql -v ON_ERROR_STOP=1 --single-transaction -f FILE");
        script.line("--");
        script.line("");
        script.line("SET statement_timeout = 0;");
        script.line("SET lock_timeout = 0;");
        script.line("SET idle_in_transaction_session_timeout = 0;");
        script.line("SET client_encoding = 'UTF8';");
        script.line("SET standard_conforming_strings = on;");
        script.line("SELECT pg_catalog.set_config('search_path', '', false);");
        script.line("SET check_function_bodies = false;");
        script.line("SET xmloption = content;");
        script.line("SET client_min_messages = warning;");
        script.line("SET row_security = off;");
        script.line("SET DateStyle = ISO;");
        script.line("SET IntervalStyle = postgres;");
        script.line("SET default_table_access_method = heap;");
        script.line("");
    }

    private void writeEntries(Script script, List<DumpPlan.Entry> entries) throws IOException {
        for (DumpPlan.Entry entry : entries) {
            script.text(entry.scriptText());
        }
    }

    /** One query for all sequence values (each is a relation of its own to read from). */
    private void writeSequenceValues(Connection connection, DumpPlan plan, Script script, JobContext context)
            throws SQLException, IOException {
        List<DumpPlan.SequenceValue> sequences = plan.sequences();
        if (sequences.isEmpty()) {
            return;
        }
        context.message("Reading " + sequences.size() + " sequence values");
        script.line("--");
        script.line("-- Sequence values");
        script.line("--");
        script.line("");
        for (int from = 0; from < sequences.size(); from += SEQUENCE_BATCH) {
            List<DumpPlan.SequenceValue> batch = sequences.subList(from, Math.min(sequences.size(), from + SEQUENCE_BATCH));
            StringBuilder query = new StringBuilder(dev.railyard.db.SqlResources.MARK);
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    query.append(" UNION ALL ");
                }
                query.append("SELECT ").append(i).append(" AS i, last_value, is_called FROM ").append(batch.get(i).qualifiedName());
            }
            long[] values = new long[batch.size()];
            boolean[] called = new boolean[batch.size()];
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(query.toString())) {
                while (rs.next()) {
                    values[rs.getInt(1)] = rs.getLong(2);
                    called[rs.getInt(1)] = rs.getBoolean(3);
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                script.line("SELECT pg_catalog.setval(" + PgNames.literal(batch.get(i).qualifiedName()) + ", " + values[i] + ", "
                        + called[i] + ");");
            }
        }
        script.line("");
    }

    /** One line of the script, as UTF-8: the table data and large objects are written with it too. */
    static void line(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /** Names go into comment lines: a line break in one must not start a line psql would read as a command. */
    static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    static void abortQuietly(Connection connection) {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException ignored) {
            // Closing below is what ends a COPY for sure.
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already closed.
        }
    }

    /** Writes script text as UTF-8 into the backup stream. */
    private static final class Script {
        private final OutputStream out;

        Script(OutputStream out) {
            this.out = out;
        }

        void line(String text) throws IOException {
            BuiltinPgDump.line(out, text);
        }

        void text(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        OutputStream stream() {
            return out;
        }
    }
}
