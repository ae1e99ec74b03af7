package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStoreException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Remove a profile and its saved password. The database itself is not touched.")
final class ProfileRemoveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileRemoveCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ConnectionProfile profile = context.profiles().require(name);
        if (context.profiles().isReadOnly()) {
            throw new IllegalStateException(context.profiles().problem().orElse("The profiles are read-only"));
        }
        context.profiles().remove(profile.name());
        boolean passwordDeleted = true;
        try {
            context.secrets().delete(profile.name());
        } catch (SecretStoreException e) {
            passwordDeleted = false;
            context.warn("The profile is removed, but its password could not be deleted: " + e.getMessage());
        }
        if (output.json()) {
            ObjectNode root = context.json().createObjectNode();
            root.put("removed", profile.name());
            root.put("passwordDeleted", passwordDeleted);
            context.printJson(root);
        } else {
            context.println("Removed profile '" + profile.name() + "'" + (passwordDeleted ? " and its saved password." : "."));
        }
        return 0;
    }
}
