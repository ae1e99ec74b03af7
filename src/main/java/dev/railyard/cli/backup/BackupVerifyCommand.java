package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Check a backup: quick (sha256, manifest, reads to the end), or --deep "
        + "(restored into a throwaway local server, row counts compared with the manifest). Exit 1 when it fails.")
final class BackupVerifyCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "ID", description = "The backup's id (see backup list).")
    String id;

    @Option(names = "--deep", description = "Also restore it into a throwaway local server and compare row counts.")
    boolean deep;

    private final CliContext context;

    BackupVerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        BackupCatalog catalog = BackupServices.catalog(context);
        CatalogEntry entry = catalog.require(id);
        Verification result;
        try (CliProgress progress = new CliProgress(context.err(), false)) {
            result = catalog.verifyQuick(entry, progress);
            if (result.passed() && deep) {
                // The throwaway servers' data lives here: private like the rest of RAILYARD_HOME.
                dev.railyard.home.AtomicFiles.createPrivateDirectories(context.home().root().resolve("verify"));
                result = new DeepVerifier(BackupServices.service(context), context.home().root().resolve("verify"),
                        Clock.systemUTC()).verify(catalog.require(id), progress);
            }
        }
        if (output.json()) {
            ObjectNode root = context.json().createObjectNode();
            root.put("id", entry.id());
            root.put("level", result.level().name().toLowerCase(java.util.Locale.ROOT));
            root.put("passed", result.passed());
            root.put("inconclusive", result.inconclusive());
            root.put("detail", result.detail());
            context.printJson(root);
        } else {
            context.println(entry.id() + ": " + result.label() + " — " + result.detail());
        }
        return result.passed() ? 0 : RailyardCli.FAILURE;
    }
}
