package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.OutputOptions;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SecretStores;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show one profile. The password is never shown.")
final class ProfileShowCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin
    OutputOptions output;

    private final CliContext context;

    ProfileShowCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ConnectionProfile p = context.profiles().require(name);
        SecretStores secrets = context.secrets();
        Boolean stored = switch (p.secretMode()) {
            case VAULT -> secrets.vault().contains(p.name());
            case KEYCHAIN -> secrets.keychain().isAvailable() ? secrets.keychain().password(p.name()).isPresent() : null;
            case ASK -> false;
        };
        String where = secrets.describe(p.secretMode());
        if (output.json()) {
            ObjectNode root = ProfileJson.of(context.json(), p);
            ObjectNode password = root.putObject("password");
            password.put("store", where);
            if (stored == null) {
                password.putNull("stored");
            } else {
                password.put("stored", stored);
            }
            context.printJson(root);
            return 0;
        }
        row("Name", p.name());
        row("Environment", p.environment().displayName());
        row("Database", p.dialect().displayName());
        row("Host", p.host());
        row("Port", String.valueOf(p.port()));
        row("Database name", p.database().isEmpty() ? "(none)" : p.database());
        row("User", p.user());
        row("TLS", p.sslMode().id() + " - " + p.sslMode().description());
        if (p.sslRootCert() != null) {
            row("CA certificate", p.sslRootCert());
        }
        if (p.hasUnpooled()) {
            row("Direct connection", p.unpooledHost() + ":" + p.unpooledPort() + " (backups, migrations)");
        }
        row("Password", p.secretMode() == SecretMode.ASK ? where
                : where + (stored == null ? "" : stored ? ", stored" : ", not stored"));
        if (!p.notes().isEmpty()) {
            row("Notes", p.notes());
        }
        if (!p.migrations().locations().isEmpty()) {
            row("Migrations", String.join(", ", p.migrations().locations()));
        }
        row("Backups", p.backupFolder() != null ? p.backupFolder()
                : context.home().backups().resolve(p.name()).toString());
        return 0;
    }

    private void row(String label, String value) {
        context.println(String.format(Locale.ROOT, "%-18s %s", label + ":", value));
    }
}
