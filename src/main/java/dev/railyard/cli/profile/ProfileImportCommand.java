package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.profile.ParsedConnection;
import dev.railyard.profile.RailwayUrls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Save a connection from Railway's variables (Raw Editor, .env file, or `railway variables --kv`).",
        footer = {"", "Example: railway variables --kv -s Postgres | railyard profile import shop-prod --vars -"})
final class ProfileImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
    String name;

    @Option(names = "--vars", required = true, paramLabel = "FILE",
            description = "A file of KEY=value lines (or Railway's JSON); - reads stdin.")
    String vars;

    @Mixin
    NewProfile options;

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String text;
        if (vars.equals("-")) {
            if (options.passwordStdin) {
                throw new CliException("--vars - and --password-stdin both read stdin: use one", RailyardCli.USAGE);
            }
            text = context.stdinText();
        } else {
            try {
                text = Files.readString(Path.of(vars), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CliException("Cannot read " + vars + ": no such file");
            } catch (IOException e) {
                throw new CliException("Cannot read " + vars + ": " + e.getMessage());
            }
        }
        ParsedConnection parsed = RailwayUrls.parse(text);
        ObjectNode result = options.save(context, name, parsed, "variables");
        if (output.json()) {
            context.printJson(result);
        } else {
            NewProfile.printSaved(context, result, context.profiles().require(name));
        }
        return 0;
    }
}
