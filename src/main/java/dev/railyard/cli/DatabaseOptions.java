package dev.railyard.cli;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.ParsedConnection;
import dev.railyard.profile.RailwayUrls;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SecretStores;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code --profile NAME | --url URL}, for every command that works on a database. A URL makes a
 * profile for this run only (CI pipelines pass DATABASE_PUBLIC_URL straight in); its password
 * comes from the URL, else PGPASSWORD / MYSQL_PWD.
 */
public final class DatabaseOptions {

    static final class Target {
        @Option(names = "--profile", paramLabel = "NAME", required = true, description = "A saved profile.")
        String profile;

        @Option(names = "--url", paramLabel = "URL", required = true,
                description = "A connection URL (postgresql://... or mysql://...), used without saving it.")
        String url;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    private final CliContext context;

    DatabaseOptions(CliContext context) {
        this.context = context;
    }

    /** The profile and its password; the password also lands in the session store under the profile's name. */
    public ResolvedConnection resolve() {
        return target.url != null ? fromUrl(target.url) : fromProfile(target.profile);
    }

    private ResolvedConnection fromUrl(String url) {
        return resolveUrl(context, url);
    }

    /** A URL as a profile for this run only, its password from the URL or the environment. */
    public static ResolvedConnection resolveUrl(CliContext context, String url) {
        ParsedConnection parsed = RailwayUrls.parseUrl(url);
        parsed.warnings().forEach(context::warn);
        ConnectionProfile profile = parsed.toProfile(ConnectionProfile.URL_PREFIX + parsed.host() + ":" + parsed.port() + "/" + parsed.database(),
                EnvironmentTag.DEVELOPMENT).withSecretMode(SecretMode.ASK);
        String password = parsed.hasPassword() ? parsed.password() : passwordVariable(context, profile.dialect()).orElse(null);
        if (password != null) {
            context.secrets().session().store(profile.name(), password);
        }
        return new ResolvedConnection(profile, password, false);
    }

    private ResolvedConnection fromProfile(String name) {
        return resolveSaved(context, context.profiles().require(name));
    }

    /** A saved profile's password: its store (opening the vault if needed), else the environment, else a prompt. */
    public static ResolvedConnection resolveSaved(CliContext context, ConnectionProfile profile) {
        SecretStores secrets = context.secrets();
        if (secrets.needsVaultUnlock(profile.name())) {
            secrets.unlockVault();
        }
        String password = secrets.password(profile.name())
                .or(() -> passwordVariable(context, profile.dialect()))
                .or(() -> profile.secretMode() == SecretMode.ASK
                        ? context.prompt().read("Password for " + profile.address() + ": ").map(String::new)
                        : Optional.empty())
                .orElse(null);
        if (password != null) {
            secrets.session().store(profile.name(), password);
        }
        return new ResolvedConnection(profile, password, true);
    }

    private static Optional<String> passwordVariable(CliContext context, Dialect dialect) {
        String name = dialect == Dialect.POSTGRESQL ? "PGPASSWORD" : "MYSQL_PWD";
        return Optional.ofNullable(context.env().get(name)).filter(p -> !p.isEmpty());
    }
}
