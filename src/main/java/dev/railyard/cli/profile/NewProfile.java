package dev.railyard.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.RailyardCli;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.ParsedConnection;
import dev.railyard.profile.ProfileSaver;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SecretStores;
import dev.railyard.profile.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What {@code profile add} and {@code profile import} share: the options after the source, and saving. */
final class NewProfile {

    @Option(names = "--env", paramLabel = "ENV", defaultValue = "development",
            description = "production, staging or development (default: ${DEFAULT-VALUE}). Production asks before anything destructive.")
    EnvironmentTag environment;

    @Option(names = "--ssl", paramLabel = "MODE",
            description = "disable, prefer, require, verify-ca or verify-full (default: require for *.rlwy.net, else prefer, unless the URL says).")
    SslMode ssl;

    @Option(names = "--ssl-root-cert", paramLabel = "FILE", description = "CA certificate for verify-ca / verify-full.")
    Path sslRootCert;

    @Option(names = "--secret", paramLabel = "STORE",
            description = "Where the password is kept: keychain, vault or ask (default: keychain where one answers, else vault).")
    SecretMode secretMode;

    @Option(names = "--password-stdin", description = "Read the password from stdin instead of the URL.")
    boolean passwordStdin;

    @Option(names = "--replace", description = "Replace a profile of the same name.")
    boolean replace;

    @Option(names = "--migrate-command", paramLabel = "COMMAND",
            description = "The command that runs this database's migrator (\"npx prisma migrate deploy\"), used by "
                    + "railyard release without --run; it gets the address in DATABASE_URL and PG*/MYSQL_* variables.")
    String migrateCommand;

    /** The name must work on a command line and as a folder name for backups. */
    static void checkName(String name) {
        dev.railyard.profile.ProfileNames.problem(name).ifPresent(problem -> {
            throw new CliException(problem, RailyardCli.USAGE);
        });
    }

    /** Saves the profile and its password; returns what was done, as JSON. Prints warnings. */
    ObjectNode save(CliContext context, String name, ParsedConnection parsed, String source) {
        checkName(name);
        ProfileStore store = context.profiles();
        if (store.isReadOnly()) {
            throw new CliException(store.problem().orElse("The profiles are read-only"));
        }
        ConnectionProfile existing = store.find(name).orElse(null);
        if (existing != null && !replace) {
            throw new CliException("A profile named '" + name + "' already exists: add --replace to overwrite it, or choose another name");
        }
        try {
            store.requireNameFree(name, name);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), RailyardCli.USAGE);
        }
        if (sslRootCert != null && !Files.isReadable(sslRootCert)) {
            throw new CliException("Cannot read the CA certificate " + sslRootCert);
        }
        List<String> warnings = new ArrayList<>(parsed.warnings());
        SecretStores secrets = context.secrets();
        SecretMode mode = secretMode != null ? secretMode : secrets.defaultMode();
        SslMode chosenSsl = ssl != null ? ssl : parsed.sslMode();
        if (chosenSsl.needsCaFile() && sslRootCert == null) {
            warnings.add("--ssl " + chosenSsl.id() + " without --ssl-root-cert verifies against the default CA "
                    + "certificates; Railway's proxy certificate is self-signed, so use require there");
        }
        ConnectionProfile base = parsed.toProfile(name, environment);
        ConnectionProfile profile = new ConnectionProfile(name, base.dialect(), base.host(), base.port(), base.database(),
                base.user(), chosenSsl, sslRootCert == null ? null : sslRootCert.toAbsolutePath().toString(), environment,
                existing == null ? null : existing.notes(), existing == null ? null : existing.backupFolder(),
                migrations(existing), mode, base.unpooledHost(), base.unpooledPort());

        String password = passwordStdin ? context.passwordFromStdin() : parsed.password();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasPassword && mode == SecretMode.ASK) {
            warnings.add("The password is not saved (--secret ask): Railyard asks for it, or reads "
                    + (profile.dialect() == dev.railyard.db.Dialect.POSTGRESQL ? "PGPASSWORD" : "MYSQL_PWD") + ", when it connects");
        }
        warnings.forEach(context::warn);

        boolean stored = hasPassword && mode != SecretMode.ASK;
        // The core's order: the new password first, then the profile; a failed write puts the old password back.
        new ProfileSaver(store, secrets).save(existing, profile, hasPassword && mode != SecretMode.ASK ? password : null);

        ObjectNode result = context.json().createObjectNode();
        result.put("action", existing == null ? "added" : "replaced");
        result.put("source", source);
        result.set("profile", ProfileJson.of(context.json(), profile));
        result.put("passwordStored", stored);
        result.put("secretStore", secrets.describe(mode));
        result.set("warnings", context.json().valueToTree(warnings));
        return result;
    }

    /** The replaced profile's migration settings, with the new migration command when one was given. */
    private dev.railyard.profile.MigrationSettings migrations(ConnectionProfile existing) {
        dev.railyard.profile.MigrationSettings settings = existing == null
                ? dev.railyard.profile.MigrationSettings.none() : existing.migrations();
        return migrateCommand == null ? settings : settings.withMigrateCommand(migrateCommand);
    }

    static void printSaved(CliContext context, ObjectNode result, ConnectionProfile profile) {
        context.println((result.path("action").asText().equals("added") ? "Added" : "Replaced") + " profile '"
                + profile.name() + "': " + profile.dialect() + " " + profile.address() + " (" + profile.environment().id()
                + ", TLS " + profile.sslMode().id() + ")");
        if (profile.hasUnpooled()) {
            context.println("Backups and migrations use the direct connection " + profile.unpooledHost() + ":" + profile.unpooledPort());
        }
        if (result.path("passwordStored").asBoolean()) {
            context.println("Password kept in: " + result.path("secretStore").asText());
        } else if (profile.secretMode() == dev.railyard.profile.SecretMode.ASK) {
            context.println("Password: asked for when needed, never saved");
        } else {
            context.println("No password given, so none saved");
        }
    }
}
