package dev.railyard.cli.backup;

import dev.railyard.backup.CatalogEntry;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Copy a .sql / .sql.gz / .sql.zst / .dump made elsewhere into the profile's catalog.")
final class BackupImportCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "A saved profile.")
    String profile;

    @Option(names = "--note", paramLabel = "TEXT")
    String note;

    private final CliContext context;

    BackupImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        CatalogEntry entry = BackupServices.catalog(context).importFile(file, context.profiles().require(profile), note);
        if (output.json()) {
            context.printJson(BackupJson.of(context.json(), entry));
        } else {
            context.println("Imported as " + entry.id() + " (" + entry.file() + ")");
        }
        return 0;
    }
}
