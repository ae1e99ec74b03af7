package dev.railyard.cli.backup;

import dev.railyard.backup.CatalogEntry;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pin", description = "Pin a backup so pruning never removes it (--off to unpin).")
final class BackupPinCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--off", description = "Unpin.")
    boolean off;

    private final CliContext context;

    BackupPinCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        CatalogEntry entry = BackupServices.catalog(context).pin(id, !off);
        if (output.json()) {
            context.printJson(BackupJson.of(context.json(), entry));
        } else {
            context.println(entry.id() + (entry.pinned() ? " is pinned." : " is no longer pinned."));
        }
        return 0;
    }
}
