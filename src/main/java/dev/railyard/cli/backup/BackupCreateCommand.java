package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.TransferEstimate;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.task.Sizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", description = "Back up a database: into the profile's catalog, or into --out FILE (its manifest beside it).")
final class BackupCreateCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|builtin|native",
            description = "auto: the native dump tool when it can dump this server, else the built-in engine (default).")
    String engine;

    @Option(names = "--format", defaultValue = "sql", paramLabel = "sql|custom",
            description = "sql: a plain script (default); custom: pg_dump's custom format (native pg_dump only).")
    String format;

    @Option(names = "--compress", paramLabel = "gzip|zstd|none",
            description = "Compression; default: from the extension of --out, else zstd.")
    String compress;

    @Option(names = "--schema", paramLabel = "S", description = "Only this schema (repeatable).")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--table", paramLabel = "T", description = "Only this table, schema.name or name, * and ? as wildcards (repeatable).")
    List<String> tables = new ArrayList<>();

    @Option(names = "--schema-only", description = "Definitions without data.")
    boolean schemaOnly;

    @Option(names = "--data-only", description = "Data without definitions.")
    boolean dataOnly;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write; default: the profile's backup catalog.")
    Path out;

    @Option(names = "--force", description = "Replace the --out file when it exists (never a pinned backup).")
    boolean force;

    @Option(names = "--jobs", defaultValue = "2", paramLabel = "N",
            description = "PostgreSQL built-in engine: connections copying tables at once, all reading one snapshot (1-16, default 2).")
    int jobs;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept in the manifest (\"before release 2.4\").")
    String note;

    private final CliContext context;

    BackupCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (schemaOnly && dataOnly) {
            throw new CliException("Choose --schema-only or --data-only, not both", RailyardCli.USAGE);
        }
        if (!"sql".equals(format) && !"custom".equals(format)) {
            throw new CliException("Unknown format '" + format + "': use sql or custom", RailyardCli.USAGE);
        }
        ResolvedConnection resolved = database.resolve();
        if (out == null && !resolved.saved()) {
            throw new CliException("A backup of a --url goes to a file: give --out FILE (the catalog is per profile)",
                    RailyardCli.USAGE);
        }
        Compression compression = compress != null ? Compression.byName(compress)
                : out != null ? Compression.byFileName(out) : Compression.ZSTD;
        if (jobs < 1 || jobs > BackupOptions.MAX_JOBS) {
            throw new CliException("--jobs takes 1 to " + BackupOptions.MAX_JOBS + " connections, not " + jobs, RailyardCli.USAGE);
        }
        BackupOptions options = new BackupOptions(schemas, tables, schemaOnly, dataOnly, false, false, compression, 0, note, jobs);
        BackupService service = BackupServices.service(context);
        EngineChoice choice = EngineChoice.parse(engine);

        // The estimate comes from the backup's own first connection, not from one opened for it.
        String address = resolved.profile().forSessionWork().address();
        Consumer<TransferEstimate> onEstimate = estimate ->
                context.err().println(dev.railyard.cli.TerminalText.cell("Backing up " + address + ": " + estimate.describe()));
        BackupResult result;
        try (CliProgress progress = new CliProgress(context.err(), false)) {
            result = service.create(resolved.profile(), resolved.password(),
                    new BackupService.CreateRequest(options, choice, "custom".equals(format), out, force), onEstimate).run(progress);
        }
        result.warnings().forEach(context::warn);
        // An id only for a backup the catalog knows: `backup verify` and `restore` take catalog ids.
        String id = dev.railyard.backup.BackupCatalog.idOf(result.file());
        boolean inCatalog = service.catalog().find(id).map(e -> sameFile(e.file(), result.file())).orElse(false);
        String importWith = "railyard backup import " + result.file()
                + (resolved.saved() ? " --profile " + resolved.profile().name() : " --profile NAME");
        if (output.json()) {
            ObjectNode root = context.json().createObjectNode();
            if (inCatalog) {
                root.put("id", id);
            } else {
                root.putNull("id");
                root.put("importWith", importWith);
            }
            root.put("inCatalog", inCatalog);
            root.put("file", result.file().toString());
            root.put("manifest", result.manifestFile().toString());
            root.set("manifestContent", context.json().valueToTree(result.manifest()));
            context.printJson(root);
        } else {
            context.println("Backup written: " + result.file() + " (" + Sizes.human(result.manifest().fileBytes()) + ", "
                    + result.manifest().totalRows() + " rows, engine " + dev.railyard.backup.EngineNames.display(result.engine(), result.manifest().engineVersion()) + ")");
            if (inCatalog) {
                context.println("id: " + id);
            } else {
                context.println("Not in a catalog (written with --out): restore it by its file name, or add it to a "
                        + "profile's catalog to list and verify it: " + importWith);
            }
        }
        return 0;
    }

    private static boolean sameFile(java.nio.file.Path a, java.nio.file.Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
