package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.Compression;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.script.MysqlScriptException;
import dev.railyard.backup.script.MysqlScriptOptions;
import dev.railyard.backup.script.MysqlScriptResult;
import dev.railyard.backup.script.MysqlScriptRunner;
import dev.railyard.backup.script.MysqlScriptSyntaxException;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.StatementRewrite;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Restores a MySQL dump (Railyard's, mysqldump's or mariadb-dump's; .sql, .sql.gz, .sql.zst) into
 * a new database (the default: created here, dropped again if anything fails) or into an existing
 * one. MySQL commits every DDL statement on its own, so a single transaction cannot protect an
 * existing database; the job says so before it starts.
 */
public final class MysqlRestore implements Job<MysqlRestoreResult> {

    public static final String ENGINE = dev.railyard.backup.EngineNames.BUILTIN;

    /** What to tell the user before a MySQL restore starts (the job logs it too). */
    public static final String NO_DDL_ROLLBACK = "MySQL cannot roll back DDL: each CREATE, DROP or ALTER commits on its "
            + "own, so a restore that fails half-way leaves what already ran. Restoring into a new database (the default) "
            + "is safe: it is dropped again if anything fails.";

    private static final Pattern CHARSET_LINE = Pattern.compile("^" + Pattern.quote(MysqlDumpWriter.CHARSET_LINE)
            + "(\\w+) (\\w+)\\s*$", Pattern.MULTILINE);
    private static final Pattern DATABASE_LINE = Pattern.compile("^-- (?:Host: .*)?Database: ?`?([^`(\\r\\n]+?)`?(?: \\(|\\s*$)",
            Pattern.MULTILINE);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

    private final Path file;
    private final MysqlEndpoint target;
    private final MysqlRestoreOptions options;
    private final MysqlTools tools;
    private final dev.railyard.backup.BeforeChanges beforeChanges;

    public MysqlRestore(Path file, MysqlEndpoint target, MysqlRestoreOptions options, MysqlTools tools) {
        this(file, target, options, tools, dev.railyard.backup.BeforeChanges.NOTHING);
    }

    /** As above; {@code beforeChanges} runs once the file and the target are checked, before the first change. */
    public MysqlRestore(Path file, MysqlEndpoint target, MysqlRestoreOptions options, MysqlTools tools,
                        dev.railyard.backup.BeforeChanges beforeChanges) {
        this.beforeChanges = beforeChanges;
        this.file = file.toAbsolutePath();
        this.target = target;
        this.options = options;
        this.tools = tools;
    }

    @Override
    public MysqlRestoreResult run(JobContext context) throws Exception {
        long started = System.nanoTime();
        List<String> notes = new ArrayList<>();
        ScriptFile script = ScriptFile.inspect(file);
        if (script.kind() != ScriptFile.Kind.PLAIN_SQL) {
            throw new BackupException(file.getFileName() + " is a pg_dump archive, not a MySQL dump: restore it into a "
                    + "PostgreSQL database.");
        }
        String head = head(script);
        if (head.contains("PostgreSQL database dump") || head.contains("Railyard PostgreSQL dump")) {
            throw new BackupException(file.getFileName() + " is a PostgreSQL dump, not a MySQL one: restore it into a "
                    + "PostgreSQL database.");
        }
        Optional<Manifest> manifest = readManifest();
        if (manifest.isPresent() && manifest.get().dialect() != null && !manifest.get().dialect().equals("mysql")) {
            throw new BackupException(file.getFileName() + " is a " + manifest.get().dialect() + " backup (says its manifest), "
                    + "not a MySQL one.");
        }
        String verification = verify(script, manifest, head, context);
        context.log("Checked " + file.getFileName() + ": " + verification);
        java.util.concurrent.atomic.AtomicInteger skippedSequences = new java.util.concurrent.atomic.AtomicInteger();
        StatementRewrite rewrite = crossFlavour(script, manifest, head, notes, skippedSequences, context);

        String database = chooseDatabase(manifest, head);
        boolean create = !options.intoExisting();
        if (create) {
            context.log(NO_DDL_ROLLBACK + " Restoring into the new database " + database + ".");
        } else {
            context.log("Warning: MySQL cannot roll back DDL. Restoring into the existing database " + database
                    + ": if the restore fails half-way, what already ran stays (tables dropped and re-created by the dump "
                    + "included). A restore into a new database is the safe choice.");
        }
        MysqlEndpoint into = target.withDatabase(database);
        boolean created = false;
        boolean ran = false;
        List<String> changed = List.of();
        // Over an existing database the restore may wait behind another session's metadata lock: say whose.
        lockWatch = create || options.dryRun() ? null : new MysqlLockWaitWatch(into, context);
        try (MysqlLockWaitWatch watching = lockWatch) {
            if (create) {
                createDatabase(database, head, notes, context);
                created = true;
            } else {
                requireDatabase(database);
                // Always listed over an existing database: a failure then names what it changed.
                changed = clean(script, into, notes, context);
                if (options.dryRun()) {
                    notes.add("Dry run: nothing was changed");
                    return new MysqlRestoreResult(file, into.address(), database, false, ENGINE, verification, null, notes,
                            Duration.ofNanos(System.nanoTime() - started));
                }
            }
            MysqlScriptResult result;
            String engine;
            ran = true;
            if (options.nativeClient()) {
                MysqlTools.Tool client = nativeClient(into, context);
                engine = client.name() + " " + client.version();
                new NativeMysqlRestore(client, into, script, options, tools.optionFileFolder()).run(context);
                result = null;
            } else {
                engine = ENGINE;
                result = runScript(script, into, rewrite, context);
                if (skippedSequences.get() > 0) {
                    notes.add("Skipped " + skippedSequences.get() + " sequence statements: the target has no sequences");
                }
                if (!result.endsLikeACompleteDump() && knownDumpTool(result.firstComment())) {
                    throw new BackupException(file.getFileName() + " ends before its closing \"-- Dump completed\" line: "
                            + "the file is truncated, so the restore is incomplete. Use a complete copy of this backup.");
                }
                notes.addAll(result.notes());
                if (!result.errors().isEmpty()) {
                    context.log(result.errors().size() + " statements failed; the restore went on as asked.");
                }
            }
            context.log("Restored " + file.getFileName() + " into " + into.address());
            return new MysqlRestoreResult(file, into.address(), database, created, engine, verification, result, notes,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (Exception | Error e) {
            String dropFailure = created ? dropDatabase(database, context) : null;
            Exception translated = translate(e, context, database, created, ran || ranClean, dropFailure);
            if ((ran || ranClean) && !created && translated instanceof BackupException) {
                String changes = changed.isEmpty() ? "" : " Dropped before the failure (--clean): " + String.join(", ", changed) + ".";
                changes += recreated(e);
                return rethrow(new BackupException(translated.getMessage() + changes, e));
            }
            throw translated;
        }
    }

    /**
     * The command-line client of the target server's family: MariaDB's for MariaDB, Oracle's mysql for
     * MySQL (MariaDB's client cannot log in with MySQL 8+'s caching_sha2_password and reads a dump by
     * MariaDB's rules), or a BackupException naming what to install.
     */
    private MysqlTools.Tool nativeClient(MysqlEndpoint into, JobContext context) throws SQLException, BackupException {
        MysqlVersion server;
        try (Connection c = into.connect("", MysqlEndpoint.Purpose.ADMIN)) {
            server = BuiltinMysqlDump.serverVersion(c);
        }
        java.util.Optional<MysqlTools.Tool> own = tools.client(server.mariaDb());
        if (own.isEmpty()) {
            String other = tools.client().map(t -> " (" + t.display() + " is of the other family)").orElse("");
            throw new BackupException("No command-line client for " + server.display() + " found on PATH" + other
                    + ": install " + (server.mariaDb() ? "mariadb-client" : "MySQL's mysql-client " + server.major() + ".x")
                    + ", or restore with the built-in runner.");
        }
        context.log("Client: " + own.get().display() + " for " + server.display());
        return own.get();
    }

    private static MysqlRestoreResult rethrow(BackupException e) throws BackupException {
        throw e;
    }

    /** The backup's objects created (or re-created) before the statement that failed, for the message. */
    private String recreated(Throwable e) {
        if (!(e instanceof MysqlScriptException m) || objects == null) {
            return "";
        }
        int line = m.error().line();
        List<String> before = objects.stream().filter(o -> o.line() < line).map(MysqlCleaner.MysqlObject::display).toList();
        return before.isEmpty() ? "" : " Created or replaced before the failure (line " + line + "): " + String.join(", ", before) + ".";
    }

    private List<MysqlCleaner.MysqlObject> objects;
    /** With --map-flavour: the source's collations the target lacks, and what replaces them. */
    private java.util.Map<String, String> mappedCollations = java.util.Map.of();
    /** True once --clean started dropping: a failure after it changed the database. */
    private boolean ranClean;
    /** Watches the restore's sessions for lock waits over an existing database; null otherwise. */
    private MysqlLockWaitWatch lockWatch;

    private Connection tracked(Connection c) throws SQLException {
        return lockWatch == null ? c : lockWatch.track(c);
    }

    /** --clean (or a dry run): drops, or lists, the backup's own objects in the existing database. */
    private List<String> clean(ScriptFile script, MysqlEndpoint into, List<String> notes, JobContext context)
            throws Exception {
        try (Connection c = tracked(into.connect(MysqlEndpoint.Purpose.ADMIN))) {
            MysqlVersion version;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                version = MysqlVersion.parse(rs.getString(1));
            }
            objects = MysqlCleaner.read(script, version, context);
            if (!options.dryRun()) {
                beforeChanges.run(context);
            }
            if (!options.clean()) {
                return List.of();
            }
            ranClean = !options.dryRun();
            List<String> dropped = MysqlCleaner.clean(c, objects, options.dryRun(), context);
            String summary = (options.dryRun() ? "Clean (dry run): would drop " : "Clean: dropped ") + dropped.size()
                    + " objects of the backup in " + into.database() + "; everything else stays";
            context.log(summary);
            notes.add(summary);
            for (String d : dropped) {
                context.log((options.dryRun() ? "  would drop " : "  dropped ") + d);
                notes.add((options.dryRun() ? "would drop " : "dropped ") + d);
            }
            return options.dryRun() ? List.of() : dropped;
        }
    }

    private Exception translate(Throwable e, JobContext context, String database, boolean created, boolean ran,
                                String dropFailure) {
        // Said only after the drop ran, and only what it did.
        String after = created && dropFailure == null
                ? " The new database " + database + " was dropped: nothing half-restored remains."
                : created ? " The half-restored database " + database + " could not be dropped (" + dropFailure
                        + "); drop it by hand: " + dropCommand(database)
                : ran ? " MySQL cannot roll back what already ran in " + database + "." : "";
        if (e instanceof JobCancelledException j) {
            return j;
        }
        if (context.isCancelled()) {
            return new JobCancelledException();
        }
        if (e instanceof MysqlScriptException m) {
            return new BackupException("The restore of " + file.getFileName() + " failed at " + m.error().describe() + "."
                    + after, e);
        }
        if (e instanceof MysqlScriptSyntaxException s) {
            return new BackupException(file.getFileName() + " cannot be read to its end: " + s.getMessage() + "." + after, e);
        }
        if (e instanceof BackupException b) {
            return new BackupException(b.getMessage() + after, b);
        }
        if (e instanceof SQLException s) {
            return new BackupException(MysqlErrors.describe("The restore into " + target.withDatabase(database).address(), s)
                    + after, e);
        }
        if (e instanceof IOException io) {
            return new BackupException(file.getFileName() + " is damaged or truncated (" + io.getMessage() + ")." + after, e);
        }
        if (e instanceof Error err) {
            throw err;
        }
        return (Exception) e;
    }

    /**
     * A backup of the other flavour: what will not carry over, checked before anything changes. Null
     * when source and target are the same flavour (or the source is unknown), or nothing needs mapping;
     * the mapping when the options ask for it; otherwise a {@link CrossFlavourException}.
     */
    private StatementRewrite crossFlavour(ScriptFile script, Optional<Manifest> manifest, String head, List<String> notes,
                                          java.util.concurrent.atomic.AtomicInteger skippedSequences, JobContext context)
            throws IOException, SQLException, BackupException {
        MysqlVersion source = CrossFlavour.source(manifest, head);
        if (source == null) {
            return null;
        }
        CrossFlavour.Plan plan;
        try (Connection c = target.connect("", MysqlEndpoint.Purpose.ADMIN)) {
            MysqlVersion targetVersion;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
                rs.next();
                targetVersion = MysqlVersion.parse(rs.getString(1));
            }
            if (source.mariaDb() == targetVersion.mariaDb()) {
                return null;
            }
            plan = CrossFlavour.plan(script, source, c, targetVersion, context);
        }
        List<String> differences = plan.differences();
        if (!plan.wouldFail()) {
            context.log("Restoring a " + plan.pair() + " backup: nothing in the file needs mapping");
            return null;
        }
        differences.forEach(d -> context.log("Does not carry over as it is (" + plan.pair() + "): " + d));
        String listed = String.join("; ", differences);
        if (!plan.mappable()) {
            throw new CrossFlavourException("This backup comes from " + plan.source().display() + " and cannot be restored "
                    + "into " + plan.target().display() + " as it is: " + listed + ". Nothing was changed; restore it into a "
                    + (plan.source().mariaDb() ? "MariaDB" : "MySQL") + " server.", plan.pair(), differences, false);
        }
        if (!options.mapFlavour()) {
            throw new CrossFlavourException("This backup comes from " + plan.source().display() + " and the target is "
                    + plan.target().display() + "; as it is, the restore would fail: " + listed + ". Nothing was changed. "
                    + "Restore with " + CrossFlavour.OPTION + " to apply these mappings.", plan.pair(), differences, true);
        }
        if (options.nativeClient()) {
            throw new CrossFlavourException("The mappings of " + CrossFlavour.OPTION + " (" + plan.pair() + ") need Railyard's "
                    + "runner: restore without the native client. Nothing was changed.", plan.pair(), differences, true);
        }
        differences.forEach(d -> notes.add("Mapped (" + plan.pair() + "): " + d));
        mappedCollations = plan.collations();
        return plan.rewrite(skippedSequences);
    }

    private MysqlScriptResult runScript(ScriptFile script, MysqlEndpoint into, StatementRewrite rewrite, JobContext context)
            throws IOException, SQLException, MysqlScriptException {
        MysqlScriptRunner runner = new MysqlScriptRunner(() -> tracked(into.connect(MysqlEndpoint.Purpose.SCRIPT)),
                new MysqlScriptOptions(options.stopOnError(), options.parallelLoads(), true, rewrite));
        context.message("Restoring " + file.getFileName() + " into " + into.database());
        try (ScriptFile.CountingStream in = script.open()) {
            return runner.run(in, context, in::position, script.size());
        }
    }

    /** The first few KB of SQL, decompressed. */
    private static String head(ScriptFile script) throws BackupException {
        try (InputStream in = script.open()) {
            return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackupException(script.path().getFileName() + " cannot be read (" + e.getMessage() + "): it is "
                    + "damaged or not a backup. Nothing was restored.", e);
        }
    }

    private Optional<Manifest> readManifest() {
        try {
            return new ManifestIO().readBeside(file);
        } catch (IOException e) {
            return Optional.empty(); // an unreadable manifest is no reason not to restore; the file is checked on its own
        }
    }

    private String verify(ScriptFile script, Optional<Manifest> manifest, String head, JobContext context)
            throws BackupException {
        if (!options.verifyFirst()) {
            return "not checked (as asked)";
        }
        try {
            Optional<String> checked = script.checkAgainst(manifest, context);
            if (checked.isPresent()) {
                return checked.get();
            }
            if (!options.intoExisting()) {
                return "no manifest; a new database protects the target (it is dropped if the file turns out damaged)";
            }
            // Into an existing database a damaged file would leave it half-restored: read it once first.
            context.message("Checking " + file.getFileName());
            byte[] tail = script.readToEnd(context);
            String first = firstCommentLine(head);
            if (knownDumpTool(first) && !new String(tail, StandardCharsets.UTF_8).contains("-- Dump completed")) {
                throw new BackupException(file.getFileName() + " ends before its closing \"-- Dump completed\" line: the file "
                        + "is truncated. Nothing was restored; use a complete copy of this backup.");
            }
            return script.compression() == Compression.NONE ? "read to its end" : script.compression().id() + " checksums intact";
        } catch (IOException e) {
            throw new BackupException(file.getFileName() + " is damaged or truncated (" + e.getMessage() + "). Nothing was "
                    + "restored; use another copy of this backup.", e);
        }
    }

    static boolean knownDumpTool(String firstComment) {
        if (firstComment == null) {
            return false;
        }
        return firstComment.startsWith(MysqlScriptRunner.RAILYARD_HEADER) || firstComment.startsWith("-- MySQL dump")
                || firstComment.startsWith("-- MariaDB dump");
    }

    private static String firstCommentLine(String head) {
        for (String line : head.split("\n")) {
            if (line.startsWith("-- ")) {
                return line.strip();
            }
        }
        return null;
    }

    private String chooseDatabase(Optional<Manifest> manifest, String head) throws BackupException {
        if (options.database() != null) {
            return options.database();
        }
        if (options.intoExisting()) {
            if (target.database().isEmpty()) {
                throw new BackupException("No database to restore into: name one, or restore into a new database.");
            }
            return target.database();
        }
        String source = manifest.map(Manifest::database).orElse(null);
        if (source == null) {
            Matcher m = DATABASE_LINE.matcher(head);
            source = m.find() ? m.group(1).strip() : "restore";
        }
        String base = source.replaceAll("[^A-Za-z0-9_]", "_");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        return base + "_restored_" + LocalDateTime.now().format(STAMP);
    }

    private void createDatabase(String database, String head, List<String> notes, JobContext context) throws SQLException,
            BackupException {
        Matcher m = CHARSET_LINE.matcher(head);
        String charset = m.find() ? m.group(1) : null;
        String collation = charset == null ? null : mappedCollations.getOrDefault(m.group(2).toLowerCase(Locale.ROOT), m.group(2));
        try (Connection c = target.connect("", MysqlEndpoint.Purpose.ADMIN)) {
            if (exists(c, database)) {
                throw new BackupException("The database " + database + " already exists on " + target.withDatabase("").address()
                        + ": choose a new name, or restore into it as an existing database (MySQL cannot roll back DDL, "
                        + "so a failure would leave it half-restored).");
            }
            try (Statement s = c.createStatement()) {
                String sql = "CREATE DATABASE " + MysqlNames.quote(database);
                if (charset != null) {
                    try {
                        s.execute(sql + " CHARACTER SET " + charset + " COLLATE " + collation);
                        context.log("Created database " + database + " (" + charset + ", " + collation + ", as the source)");
                        return;
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1273 && e.getErrorCode() != 1115) { // unknown collation / character set
                            throw e;
                        }
                        String note = "The source's collation " + collation + " does not exist on this server; the new "
                                + "database uses the server's default";
                        notes.add(note);
                        context.log("Warning: " + note);
                    }
                }
                s.execute(sql);
                context.log("Created database " + database);
            }
        }
    }

    private void requireDatabase(String database) throws SQLException, BackupException {
        try (Connection c = target.connect("", MysqlEndpoint.Purpose.ADMIN)) {
            if (!exists(c, database)) {
                throw new BackupException("The database " + database + " does not exist on " + target.withDatabase("").address()
                        + ": restore into a new database instead, or create it first.");
            }
        }
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops the new database; null when it is gone, else why it is not. */
    private String dropDatabase(String database, JobContext context) {
        // A fresh connection: the restore's own may be the one that was killed or aborted.
        try (Connection c = target.connect("", MysqlEndpoint.Purpose.ADMIN); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MysqlNames.quote(database));
            context.log("Dropped the new database " + database + ": nothing half-restored remains");
            return null;
        } catch (SQLException e) {
            String why = MysqlErrors.describe("DROP DATABASE", e);
            context.log("Warning: could not drop the half-restored database " + database + " (" + why + "); drop it by hand: "
                    + dropCommand(database));
            return why;
        }
    }

    private String dropCommand(String database) {
        return "mysql -h " + target.host() + " -P " + target.port() + " -u " + target.user() + " -p -e '"
                + ("DROP DATABASE " + MysqlNames.quote(database)).replace("'", "'\\''") + "'";
    }
}
