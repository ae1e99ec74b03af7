package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupFileWriter;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.SnapshotProbe;
import dev.railyard.backup.TailBytes;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.db.ChildEnvironment;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import dev.railyard.task.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A backup made by {@code mariadb-dump} / {@code mysqldump}: {@code --single-transaction --routines
 * --triggers --events --hex-blob}, the password in a 0600 option file given first as
 * {@code --defaults-extra-file}, never in the arguments. Its output is compressed here, on another
 * thread, into the same partial-file-then-rename writer as the built-in engine.
 */
final class NativeMysqlDump implements Job<BackupResult> {

    private final MysqlTools.Tool tool;
    private final List<String> flags;
    private final MysqlEndpoint source;
    private final BackupOptions options;
    private final Path out;
    private final MysqlVersion server;
    private final SnapshotProbe probe;
    private final Connection connection;
    private final ManifestIO manifests = new ManifestIO();
    private final Path optionFileFolder;

    NativeMysqlDump(MysqlTools.Tool tool, List<String> flags, MysqlEndpoint source, BackupOptions options, Path out,
                    MysqlVersion server) {
        this(tool, flags, source, options, out, server, SnapshotProbe.NONE, null, null);
    }

    /**
     * @param probe      reads the migration head and hears the data size
     * @param connection the backup's first connection, for the table list and the migration head (the
     *                   tool makes its own); null to open one. The caller closes it.
     */
    NativeMysqlDump(MysqlTools.Tool tool, List<String> flags, MysqlEndpoint source, BackupOptions options, Path out,
                    MysqlVersion server, SnapshotProbe probe, Connection connection, Path optionFileFolder) {
        this.optionFileFolder = optionFileFolder;
        this.probe = probe;
        this.connection = connection;
        this.tool = tool;
        this.flags = List.copyOf(flags);
        this.source = source;
        this.options = options;
        this.out = out.toAbsolutePath();
        this.server = server;
    }

    @Override
    public BackupResult run(JobContext context) throws Exception {
        if (!MysqlOptionFile.writable(source.password())) {
            throw new BackupException("The password holds both kinds of quote, which an option file cannot carry");
        }
        Instant started = Instant.now();
        List<String> tables = new ArrayList<>();
        List<String> baseTables = new ArrayList<>();
        String[] defaults = new String[2];
        List<String> floatTables = new ArrayList<>();
        long estimate;
        String head;
        if (connection != null) {
            estimate = estimate(connection, tables, baseTables, defaults, floatTables);
            head = BuiltinMysqlDump.migrationHead(connection, probe, context).orElse(null);
        } else {
            try (Connection c = source.connect(MysqlEndpoint.Purpose.ADMIN)) {
                estimate = estimate(c, tables, baseTables, defaults, floatTables);
                head = BuiltinMysqlDump.migrationHead(c, probe, context).orElse(null);
            } catch (SQLException e) {
                throw new BackupException(MysqlErrors.describe("Connecting to " + source.address(), e), e);
            }
        }
        probe.dataBytes(estimate);
        Path manifestFile = ManifestIO.manifestPathFor(out);
        BackupFileWriter writer = BackupFileWriter.open(out, options.compression(), options.engineLevel());
        boolean manifestWritten = false;
        try (MysqlOptionFile optionFile = MysqlOptionFile.write(source, tool, optionFileFolder)) {
            List<String> command = command(optionFile, tables);
            context.log("Running " + tool.display() + " " + String.join(" ", command.subList(1, command.size())));
            Process process = ChildEnvironment.apply(new ProcessBuilder(command), Map.of()).start();
            process.getOutputStream().close();
            // A tool waiting on the server writes nothing: the cancel action ends it, so the read below returns.
            try (JobContext.Registration cancel = context.onCancel(() -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                });
                 ProcessOutput errors = new ProcessOutput(process.getErrorStream(), "mysqldump-stderr")) {
                InsertRowCounter counter = new InsertRowCounter();
                byte[] tail = copy(process, writer.stream(), estimate, context, counter, charsetLine(defaults));
                int exit = ProcessOutput.waitFor(process, context);
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                if (exit != 0) {
                    ConnectionProblem problem = ConnectionProblem.ofToolOutput(source.endpoint(), errors.text(), true);
                    if (problem != null) {
                        throw new BackupException(tool.name() + " could not connect: " + problem.getMessage()
                                + " No backup file was written.", problem);
                    }
                    throw new BackupException(tool.name() + " failed (exit code " + exit + "): " + errors.text()
                            + ". No backup file was written.");
                }
                if (!new String(tail, StandardCharsets.UTF_8).contains("-- Dump completed")) {
                    throw new BackupException(tool.name() + " ended without its \"-- Dump completed\" line: " + errors.text()
                            + ". No backup file was written.");
                }
                String stderr = errors.text();
                List<String> warnings = new ArrayList<>();
                if (!stderr.isEmpty()) {
                    warnings.add(tool.name() + ": " + stderr);
                    context.log("Warning: " + tool.name() + ": " + stderr);
                }
                if (!floatTables.isEmpty() && !options.schemaOnly()) {
                    String warning = "FLOAT columns in " + String.join(", ", floatTables) + ": " + tool.name() + " writes "
                            + "FLOAT values with six significant digits, so a value that needs more comes back changed "
                            + "(1.17549435e-38 as 1.17549e-38); the built-in engine (--engine builtin) keeps every bit";
                    warnings.add(warning);
                    context.log("Warning: " + warning);
                }
                head = checkHead(head, warnings, context);
                List<Manifest.TableEntry> entries = entries(baseTables, counter);
                context.message("Finishing " + out.getFileName());
                BackupFileWriter.Summary summary = writer.finish();
                context.checkCancelled();
                Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, tool.name(), tool.version(), "mysql",
                        server.text(), source.address(), source.profile(), source.database(), started, Instant.now(),
                        out.getFileName().toString(), "sql", options.compression().id(), summary.fileBytes(),
                        summary.uncompressedBytes(), summary.sha256(), options, entries, warnings, options.note(), head);
                manifests.write(manifestFile, manifest);
                manifestWritten = true;
                writer.publish();
                context.log("Backup written: " + out + " (" + Sizes.human(summary.fileBytes()) + ", " + manifest.totalRows()
                        + " rows in " + entries.size() + " tables, counted in the dump; sha256 " + summary.sha256() + ")");
                return new BackupResult(out, manifestFile, manifest);
            } finally {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        } catch (Exception | Error e) {
            writer.abort();
            if (manifestWritten) {
                Files.deleteIfExists(manifestFile);
            }
            if (e instanceof IOException io && !(e instanceof java.io.InterruptedIOException)) {
                if (context.isCancelled()) {
                    throw new JobCancelledException();
                }
                throw new BackupException("Writing " + out + " failed: " + io.getMessage() + ". No backup file was written.", e);
            }
            throw e;
        }
    }

    private List<String> command(MysqlOptionFile optionFile, List<String> tables) {
        List<String> command = new ArrayList<>();
        command.add(tool.path().toString());
        command.add(optionFile.argument()); // must be the first argument
        command.add("--single-transaction");
        command.add("--quick");
        command.add("--hex-blob");
        command.add("--default-character-set=utf8mb4");
        if (options.schemaOnly()) {
            command.add("--no-data");
        }
        if (options.dataOnly()) {
            command.add("--no-create-info");
            command.add("--skip-triggers");
        } else {
            command.add("--routines");
            command.add("--triggers");
            command.add("--events");
        }
        command.addAll(flags);
        command.add(source.database());
        if (!options.tables().isEmpty()) {
            command.addAll(tables);
        }
        return command;
    }

    /**
     * The tool's snapshot is its own (MySQL cannot share one between sessions), taken after the head
     * was read: a migration committed in between would be in the file but not in the head. Reading
     * the head again after the dump tells whether that can have happened; if it can, the manifest
     * says so and names both. The head before is kept: the dump holds at least that one.
     */
    private String checkHead(String before, List<String> warnings, JobContext context) {
        if (connection == null || probe == SnapshotProbe.NONE) {
            return before;
        }
        String after;
        try {
            after = probe.migrationHead(connection).orElse(null);
        } catch (SQLException | RuntimeException e) {
            context.log("The migration head could not be read again after the dump: " + e.getMessage());
            return before;
        }
        if (!java.util.Objects.equals(before, after)) {
            String warning = "A migration was applied while " + tool.name() + " ran: the head was " + before
                    + " before and " + after + " after; the file holds one of them";
            warnings.add(warning);
            context.log("Warning: " + warning);
        }
        return before;
    }

    /**
     * The manifest's tables: every base table the dump covers, with the rows counted in the tool's
     * output (none for a schema-only backup, as the built-in engine).
     */
    private List<Manifest.TableEntry> entries(List<String> baseTables, InsertRowCounter counter) {
        if (options.schemaOnly()) {
            return List.of();
        }
        Map<String, InsertRowCounter.Count> counted = counter.counts();
        List<Manifest.TableEntry> entries = new ArrayList<>();
        for (String table : baseTables) {
            InsertRowCounter.Count c = counted.getOrDefault(table, new InsertRowCounter.Count(0, 0));
            entries.add(new Manifest.TableEntry(source.database(), table, c.rows(), c.bytes()));
        }
        return entries;
    }

    /** The line a restore into a new database reads the source's defaults from (as the built-in engine writes it). */
    private static byte[] charsetLine(String[] defaults) {
        if (defaults[0] == null || defaults[1] == null || !defaults[0].matches("\\w+") || !defaults[1].matches("\\w+")) {
            return new byte[0];
        }
        return (MysqlDumpWriter.CHARSET_LINE + defaults[0] + " " + defaults[1] + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sum of data_length for progress, the table names the options select (and which of them are base
     * tables, whose rows the dump holds), and the database's default character set and collation.
     */
    private long estimate(Connection c, List<String> tables, List<String> baseTables, String[] defaults,
                          List<String> floatTables) throws BackupException {
        Predicate<String> include = name -> options.tables().isEmpty() || options.tables().stream()
                .map(BuiltinMysqlDump::glob).anyMatch(p -> p.matcher(name).matches());
        long total = 0;
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-tables"))) {
            ps.setString(1, source.database());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (include.test(name)) {
                        tables.add(name);
                        total += rs.getLong("DATA_LENGTH");
                        String type = String.valueOf(rs.getString("TABLE_TYPE"));
                        if (type.equalsIgnoreCase("BASE TABLE") || type.equalsIgnoreCase("SYSTEM VERSIONED")) {
                            baseTables.add(name);
                        }
                    }
                }
            }
            try (PreparedStatement floats = c.prepareStatement(MysqlQueries.load("backup-float-tables"))) {
                floats.setString(1, source.database());
                try (ResultSet rs = floats.executeQuery()) {
                    while (rs.next()) {
                        if (baseTables.contains(rs.getString(1))) {
                            floatTables.add(rs.getString(1));
                        }
                    }
                }
            }
            try (PreparedStatement db = c.prepareStatement(MysqlQueries.load("backup-database"))) {
                db.setString(1, source.database());
                try (ResultSet rs = db.executeQuery()) {
                    if (rs.next()) {
                        defaults[0] = rs.getString(1);
                        defaults[1] = rs.getString(2);
                    }
                }
            }
        } catch (SQLException e) {
            throw new BackupException(MysqlErrors.describe("Reading the table list of " + source.address(), e), e);
        }
        if (!options.tables().isEmpty() && tables.isEmpty()) {
            throw new BackupException("No table of " + source.database() + " matches " + options.tables());
        }
        return total;
    }

    /**
     * Copies the tool's output into the writer, counting rows, with {@code extraLine} put after the
     * tool's first line (its "-- MySQL dump" line stays first); returns its last bytes (to find the
     * closing line).
     */
    private static byte[] copy(Process process, OutputStream target, long estimate, JobContext context,
                               InsertRowCounter counter, byte[] extraLine) throws IOException {
        byte[] buffer = new byte[1 << 16];
        TailBytes tail = new TailBytes(256);
        long total = 0;
        long lastReport = 0;
        boolean extraWritten = extraLine.length == 0;
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (context.isCancelled()) {
                    process.destroyForcibly();
                    throw new JobCancelledException();
                }
                counter.feed(buffer, 0, n);
                int newline = extraWritten ? -1 : indexOf(buffer, n, (byte) '\n');
                if (newline >= 0) {
                    target.write(buffer, 0, newline + 1);
                    target.write(extraLine);
                    target.write(buffer, newline + 1, n - newline - 1);
                    extraWritten = true;
                } else {
                    target.write(buffer, 0, n);
                }
                total += n;
                tail.add(buffer, 0, n);
                long now = System.nanoTime();
                if (now - lastReport > 200_000_000L) {
                    lastReport = now;
                    context.progress(total, estimate > 0 ? Math.max(estimate, total) : -1, ProgressUnit.BYTES);
                }
            }
        }
        return tail.bytes();
    }

    private static int indexOf(byte[] buffer, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

}
