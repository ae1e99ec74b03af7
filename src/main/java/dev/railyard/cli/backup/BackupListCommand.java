package dev.railyard.cli.backup;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.TextTable;
import dev.railyard.profile.ConnectionProfile;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "list", description = "The profile's backups, newest first.")
final class BackupListCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "A saved profile.")
    String profile;

    private final CliContext context;

    BackupListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ConnectionProfile saved = context.profiles().require(profile);
        List<CatalogEntry> entries = BackupServices.catalog(context).list(saved);
        if (output.json()) {
            ArrayNode array = context.json().createArrayNode();
            entries.forEach(e -> array.add(BackupJson.of(context.json(), e)));
            context.printJson(array);
            return 0;
        }
        if (entries.isEmpty()) {
            context.println("No backups of '" + profile + "' yet. Make one: railyard backup create --profile " + profile);
            return 0;
        }
        TextTable table = new TextTable("ID", "CREATED", "SIZE", "TOOK", "SCOPE", "ENGINE", "SERVER", "MIGRATION", "VERIFIED", "NOTE");
        entries.forEach(e -> table.add(BackupJson.row(e)));
        table.printTo(context);
        return 0;
    }
}
