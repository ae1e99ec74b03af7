package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import dev.railyard.profile.ParsedConnection;
import dev.railyard.profile.RailwayUrls;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = "Save a connection from a URL. The password goes to the keychain or vault, never to profiles.json.",
        footer = {"", "Example: railyard profile add shop-prod --env production --url \"$DATABASE_PUBLIC_URL\""})
final class ProfileAddCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
    String name;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "postgresql://user:password@host:port/database or mysql://... (as Railway shows it).")
    String url;

    @Mixin
    NewProfile options;

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileAddCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ParsedConnection parsed = RailwayUrls.parseUrl(url);
        ObjectNode result = options.save(context, name, parsed, "url");
        if (output.json()) {
            context.printJson(result);
        } else {
            NewProfile.printSaved(context, result, context.profiles().require(name));
        }
        return 0;
    }
}
