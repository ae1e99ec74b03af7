package dev.railyard.ui.profile;

import dev.railyard.db.ConnectionReport;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ConnectionStringException;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.ParsedConnection;
import dev.railyard.profile.RailwayUrls;
import dev.railyard.profile.ProfileSaver;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SecretStoreException;
import dev.railyard.profile.SecretStores;
import dev.railyard.profile.SslMode;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection editor's state and actions, for a new profile, an edit or a duplicate. Pasted
 * text fills the fields through {@link RailwayUrls}; problems are properties, never exceptions.
 * Testing and saving run as jobs; their results come back on the UI executor. No controls here,
 * so it is tested without the toolkit.
 */
public final class ProfileEditorModel {

    public enum Mode { NEW, EDIT, DUPLICATE }

    private static final Logger LOG = LoggerFactory.getLogger(ProfileEditorModel.class);

    private final ProfileServices services;
    private final Mode mode;
    private final ConnectionProfile original;
    private boolean filling;
    private boolean secretModeChosen;
    private long testGeneration;
    private RunningJob<?> testJob;
    /** Counts CA file checks; only the latest one's answer counts. UI thread only. */
    private long caChecks;
    /** True while the CA file check is under way. */
    private boolean caChecking;

    private final StringProperty pasteText = new SimpleStringProperty("");
    /** True while the pasted text is rewritten to hide its password (no re-parse then). */
    private boolean masking;
    private final ReadOnlyStringWrapper pasteStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pasteError = new ReadOnlyStringWrapper("");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();

    private final StringProperty name = new SimpleStringProperty("");
    private final ObjectProperty<EnvironmentTag> environment = new SimpleObjectProperty<>(EnvironmentTag.DEVELOPMENT);
    private final ObjectProperty<Dialect> dialect = new SimpleObjectProperty<>(Dialect.POSTGRESQL);
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty(Integer.toString(Dialect.POSTGRESQL.defaultPort()));
    private final StringProperty database = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty(Dialect.POSTGRESQL.defaultUser());
    private final StringProperty password = new SimpleStringProperty("");
    private final ObjectProperty<SecretMode> secretMode = new SimpleObjectProperty<>(SecretMode.VAULT);
    private final ObservableList<SecretMode> secretModes = FXCollections.observableArrayList(SecretMode.VAULT, SecretMode.ASK);
    private final ObjectProperty<SslMode> sslMode = new SimpleObjectProperty<>(SslMode.PREFER);
    private final StringProperty caFile = new SimpleStringProperty("");
    private final StringProperty unpooledHost = new SimpleStringProperty("");
    private final StringProperty unpooledPort = new SimpleStringProperty("");
    private final StringProperty notes = new SimpleStringProperty("");
    private final StringProperty backupFolder = new SimpleStringProperty("");
    private final ObservableList<String> migrationLocations = FXCollections.observableArrayList();

    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hostError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper portError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper unpooledError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper caFileError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper missing = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper testable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper secretHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sslHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sslWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper backupFolderPrompt = new ReadOnlyStringWrapper("");

    private final ReadOnlyObjectWrapper<TestOutcome> testOutcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ProblemText> saveProblem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ConnectionProfile> saved = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canSave = new ReadOnlyBooleanWrapper();
    private final BooleanProperty readOnlyStore = new SimpleBooleanProperty();

    private ProfileEditorModel(ProfileServices services, Mode mode, ConnectionProfile original) {
        this.services = services;
        this.mode = mode;
        this.original = original;
        if (original != null) {
            load(original);
        }
        if (mode == Mode.DUPLICATE) {
            name.set(freeName(original.name() + " copy"));
        }

        pasteText.addListener((obs, was, text) -> parsePaste(text));
        dialect.addListener((obs, was, now) -> dialectChanged(was, now));
        secretMode.addListener((obs, was, now) -> {
            if (!filling) {
                secretModeChosen = true;
            }
        });
        Observable[] inputs = {name, host, port, database, user, sslMode, caFile, unpooledHost, unpooledPort,
                secretMode, saving, testing, readOnlyStore};
        for (Observable input : inputs) {
            input.addListener(o -> validate());
        }
        // The file check reads the disk: off the UI thread, and only when the path or the mode changes.
        caFile.addListener(o -> checkCaFile());
        sslMode.addListener(o -> checkCaFile());
        readOnlyStore.set(services.profiles().isReadOnly());
        if (services.profiles().isReadOnly()) {
            saveProblem.set(new ProblemText("Connections are read-only",
                    services.profiles().problem().orElse("profiles.json cannot be written"), ""));
        }
        checkCaFile();
        validate();
        probeKeychain();
    }

    public static ProfileEditorModel forNew(ProfileServices services) {
        return new ProfileEditorModel(services, Mode.NEW, null);
    }

    public static ProfileEditorModel forEdit(ProfileServices services, ConnectionProfile profile) {
        return new ProfileEditorModel(services, Mode.EDIT, Objects.requireNonNull(profile));
    }

    public static ProfileEditorModel forDuplicate(ProfileServices services, ConnectionProfile profile) {
        return new ProfileEditorModel(services, Mode.DUPLICATE, Objects.requireNonNull(profile));
    }

    // ---- what the view binds to ---------------------------------------------------------------

    public Mode mode() {
        return mode;
    }

    /** The profile being edited or duplicated; null for a new one. */
    public ConnectionProfile original() {
        return original;
    }

    /** "New connection", "Edit connection shop-prod", "Duplicate shop-prod". */
    public String title() {
        return switch (mode) {
            case NEW -> "New connection";
            case EDIT -> "Edit connection " + original.name();
            case DUPLICATE -> "Duplicate " + original.name();
        };
    }

    /** A URL or a block of Railway variables; every change is read at once. */
    public StringProperty pasteTextProperty() { return pasteText; }

    /** What the pasted text filled in, e.g. "Filled in PostgreSQL postgres@host:5432/railway, with its password". */
    public ReadOnlyStringProperty pasteStatusProperty() { return pasteStatus.getReadOnlyProperty(); }

    /** Why the pasted text could not be read; "" when it could. */
    public ReadOnlyStringProperty pasteErrorProperty() { return pasteError.getReadOnlyProperty(); }

    /** Warnings about the pasted connection (private network, PgBouncer), in plain words. */
    public ObservableList<String> warnings() { return warnings; }

    public StringProperty nameProperty() { return name; }

    public ObjectProperty<EnvironmentTag> environmentProperty() { return environment; }

    public ObjectProperty<Dialect> dialectProperty() { return dialect; }

    public StringProperty hostProperty() { return host; }

    /** Text, so a half-typed port can be shown and reported. */
    public StringProperty portProperty() { return port; }

    public StringProperty databaseProperty() { return database; }

    public StringProperty userProperty() { return user; }

    /** Typed or pasted; "" keeps the saved one when editing. */
    public StringProperty passwordProperty() { return password; }

    public ObjectProperty<SecretMode> secretModeProperty() { return secretMode; }

    /** The stores offered: the keychain only where one answers. */
    public ObservableList<SecretMode> secretModes() { return secretModes; }

    public ObjectProperty<SslMode> sslModeProperty() { return sslMode; }

    public StringProperty caFileProperty() { return caFile; }

    public StringProperty unpooledHostProperty() { return unpooledHost; }

    public StringProperty unpooledPortProperty() { return unpooledPort; }

    public StringProperty notesProperty() { return notes; }

    /** "" for the default folder, see {@link #backupFolderPromptProperty()}. */
    public StringProperty backupFolderProperty() { return backupFolder; }

    public ObservableList<String> migrationLocations() { return migrationLocations; }

    public ReadOnlyStringProperty nameErrorProperty() { return nameError.getReadOnlyProperty(); }

    public ReadOnlyStringProperty hostErrorProperty() { return hostError.getReadOnlyProperty(); }

    public ReadOnlyStringProperty portErrorProperty() { return portError.getReadOnlyProperty(); }

    public ReadOnlyStringProperty unpooledErrorProperty() { return unpooledError.getReadOnlyProperty(); }

    public ReadOnlyStringProperty caFileErrorProperty() { return caFileError.getReadOnlyProperty(); }

    /** What must still be filled before saving, e.g. "To save, fill in: name, host"; "" when nothing. */
    public ReadOnlyStringProperty missingProperty() { return missing.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty validProperty() { return valid.getReadOnlyProperty(); }

    /** Whether the fields make a connection that can be tried. */
    public ReadOnlyBooleanProperty testableProperty() { return testable.getReadOnlyProperty(); }

    /** Where the password will be kept, for people. */
    public ReadOnlyStringProperty secretHintProperty() { return secretHint.getReadOnlyProperty(); }

    /** What the SSL mode does. */
    public ReadOnlyStringProperty sslHintProperty() { return sslHint.getReadOnlyProperty(); }

    /** When the SSL mode will not work with this host, why; "" otherwise. */
    public ReadOnlyStringProperty sslWarningProperty() { return sslWarning.getReadOnlyProperty(); }

    /** "Default: …/backups/NAME". */
    public ReadOnlyStringProperty backupFolderPromptProperty() { return backupFolderPrompt.getReadOnlyProperty(); }

    /** The last connection test, or null before the first. */
    public ReadOnlyObjectProperty<TestOutcome> testOutcomeProperty() { return testOutcome.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty testingProperty() { return testing.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty savingProperty() { return saving.getReadOnlyProperty(); }

    /** Why the last save failed, or null. */
    public ReadOnlyObjectProperty<ProblemText> saveProblemProperty() { return saveProblem.getReadOnlyProperty(); }

    /** Set once saved: the dialog closes. */
    public ReadOnlyObjectProperty<ConnectionProfile> savedProperty() { return saved.getReadOnlyProperty(); }

    public ReadOnlyBooleanProperty canSaveProperty() { return canSave.getReadOnlyProperty(); }

    /** The password field's placeholder: what an empty field means. */
    public String passwordPrompt() {
        if (original == null) {
            return "From the URL or PGPASSWORD";
        }
        if (mode == Mode.DUPLICATE) {
            return "Same as " + original.name() + " — type to change";
        }
        return original.secretMode() == SecretMode.ASK
                ? "Not saved — asked for when connecting"
                : "Saved — leave empty to keep it, type to replace it";
    }

    // ---- actions ------------------------------------------------------------------------------

    public void addMigrationLocation(String location) {
        String trimmed = location == null ? "" : location.strip();
        if (!trimmed.isEmpty() && !migrationLocations.contains(trimmed)) {
            migrationLocations.add(trimmed);
        }
    }

    public void removeMigrationLocation(String location) {
        migrationLocations.remove(location);
    }

    /**
     * Tries the connection as the fields describe it, with the typed password (or, when editing
     * or duplicating, the saved one). Runs as a job; the outcome arrives on the UI executor.
     * A newer test makes an older one's outcome irrelevant.
     */
    public RunningJob<ConnectionReport> testConnection() {
        if (!testable.get()) {
            return null;
        }
        ConnectionProfile draft = draft(name.get().isBlank() ? "new connection" : name.get().strip());
        String typed = password.get();
        ConnectionProfile source = original;
        long generation = ++testGeneration;
        if (testJob != null) {
            testJob.cancel();
        }
        testOutcome.set(TestOutcome.running(draft.address()));
        testing.set(true);
        RunningJob<ConnectionReport> job = services.runner().submit(
                JobSpec.reading("Test connection " + draft.name(), name.get().isBlank() ? null : draft.name()),
                context -> {
                    String secret = typed != null && !typed.isEmpty() ? typed
                            : source != null ? services.access().savedPassword(source).orElse(null) : null;
                    context.message("Connecting to " + draft.address());
                    return services.tester().test(draft, secret);
                });
        testJob = job;
        FxJobs.deliver(job, services.uiThread(), (report, failure) -> {
            if (generation != testGeneration) {
                return;
            }
            testing.set(false);
            testOutcome.set(failure == null
                    ? TestOutcome.passed(draft.address(), report)
                    : TestOutcome.failed(draft.address(), failure));
        });
        return job;
    }

    /**
     * Saves the profile and its password (into the chosen store, never profiles.json). Runs as a
     * job, because opening the vault may ask the user and the keychain is another process.
     */
    public RunningJob<ConnectionProfile> save() {
        if (!canSave.get()) {
            return null;
        }
        ConnectionProfile profile = toProfile();
        String typed = password.get();
        ConnectionProfile source = original;
        Mode how = mode;
        saving.set(true);
        saveProblem.set(null);
        RunningJob<ConnectionProfile> job = services.runner().submit(new JobSpec("Save connection " + profile.name(), null, JobSpec.Access.READ),
                context -> {
                    write(services, how, source, profile, typed == null || typed.isEmpty() ? null : typed);
                    return profile;
                });
        FxJobs.deliver(job, services.uiThread(), (value, failure) -> {
            saving.set(false);
            if (failure == null) {
                saved.set(value);
            } else {
                saveProblem.set(ProblemText.of(failure));
            }
        });
        return job;
    }

    /** The dialog closed: a running test is no longer wanted. */
    public void dispose() {
        testGeneration++;
        if (testJob != null) {
            testJob.cancel();
        }
    }

    /** The profile the fields describe; only when {@link #validProperty()} holds. */
    public ConnectionProfile toProfile() {
        if (!valid.get()) {
            throw new IllegalStateException("The connection is not complete: " + firstProblem());
        }
        return draft(name.get().strip());
    }

    // ---- saving (on the job thread) -----------------------------------------------------------

    /**
     * Saves through the core's {@link ProfileSaver} (password first, then the profile, the old
     * password put back if the profile cannot be written; name rules). The window only gathers
     * what needs asking: the password to move along, and the vault's master password.
     */
    static void write(ProfileServices services, Mode mode, ConnectionProfile source, ConnectionProfile profile,
                      String typed) throws Exception {
        SecretStores secrets = services.secrets();
        boolean renamed = source != null && !source.name().equals(profile.name());
        String secret = typed;
        boolean moves = source != null && (mode == Mode.DUPLICATE || renamed || source.secretMode() != profile.secretMode());
        if (secret == null && moves) {
            secret = services.access().savedPassword(source).orElse(null);
        }
        if (secret != null && profile.secretMode() == SecretMode.VAULT && !services.access().unlockVault()) {
            throw new SecretStoreException("The vault stayed locked, so the connection was not saved. "
                    + "Save again and give the vault's master password, or choose another place for the password");
        }
        new ProfileSaver(services.profiles(), secrets).save(mode == Mode.EDIT ? source : null, profile, secret);
        if (mode == Mode.EDIT) {
            // The pool holds the old settings and password.
            services.databases().close(source.name());
        }
    }

    // ---- filling and checking -----------------------------------------------------------------

    private void load(ConnectionProfile p) {
        filling = true;
        try {
            name.set(p.name());
            environment.set(p.environment());
            dialect.set(p.dialect());
            host.set(p.host());
            port.set(Integer.toString(p.port()));
            database.set(p.database());
            user.set(p.user());
            sslMode.set(p.sslMode());
            caFile.set(p.sslRootCert() == null ? "" : p.sslRootCert());
            unpooledHost.set(p.hasUnpooled() ? p.unpooledHost() : "");
            unpooledPort.set(p.hasUnpooled() ? Integer.toString(p.unpooledPort()) : "");
            notes.set(p.notes());
            backupFolder.set(p.backupFolder() == null ? "" : p.backupFolder());
            migrationLocations.setAll(p.migrations().locations());
            if (!secretModes.contains(p.secretMode())) {
                secretModes.add(0, p.secretMode());
            }
            secretMode.set(p.secretMode());
            secretModeChosen = true;
        } finally {
            filling = false;
        }
    }

    /** What a pasted password is replaced with on screen; parsing it back keeps the real one. */
    static final String PASSWORD_MASK = "********";

    private void parsePaste(String text) {
        if (masking) {
            return;
        }
        if (text == null || text.isBlank()) {
            pasteError.set("");
            pasteStatus.set("");
            warnings.clear();
            return;
        }
        ParsedConnection parsed;
        try {
            parsed = RailwayUrls.parse(text);
        } catch (ConnectionStringException e) {
            notRead(e.getMessage()); // names the problem, never the password
            return;
        } catch (RuntimeException e) {
            // Nothing may escape a keystroke; an unexpected message might quote the text, password included.
            LOG.warn("Pasted text could not be read ({})", e.getClass().getName());
            notRead("This text could not be read: paste a postgresql:// or mysql:// URL, or KEY=value lines");
            return;
        }
        filling = true;
        try {
            dialect.set(parsed.dialect());
            host.set(parsed.host());
            port.set(Integer.toString(parsed.port()));
            database.set(parsed.database());
            user.set(parsed.user());
            if (parsed.hasPassword() && !PASSWORD_MASK.equals(parsed.password())) {
                password.set(parsed.password());
            }
            sslMode.set(parsed.sslMode());
            unpooledHost.set(parsed.hasUnpooled() ? parsed.unpooledHost() : "");
            unpooledPort.set(parsed.hasUnpooled() ? Integer.toString(parsed.unpooledPort()) : "");
        } finally {
            filling = false;
        }
        pasteError.set("");
        warnings.setAll(parsed.warnings());
        String where = (parsed.host().contains(":") ? "[" + parsed.host() + "]" : parsed.host()) + ":" + parsed.port();
        pasteStatus.set("Filled in " + parsed.dialect().displayName() + " " + parsed.user() + "@" + where + "/"
                + parsed.database() + (parsed.hasPassword() ? ", with its password" : ", no password in the text")
                + " · SSL mode " + parsed.sslMode().id());
        if (parsed.hasPassword() && !PASSWORD_MASK.equals(parsed.password())) {
            hidePassword(text, parsed.password());
        }
    }

    /** The password is in the password field now: it should not stay readable in the pasted text. */
    private void hidePassword(String text, String secret) {
        String masked = text;
        for (String form : java.util.List.of(secret,
                java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8),
                java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))) {
            if (!form.isEmpty()) {
                masked = masked.replace(form, PASSWORD_MASK);
            }
        }
        if (!masked.equals(text)) {
            masking = true;
            try {
                pasteText.set(masked);
            } finally {
                masking = false;
            }
        }
    }

    private void notRead(String why) {
        pasteError.set(why);
        pasteStatus.set("");
        warnings.clear();
    }

    private void dialectChanged(Dialect was, Dialect now) {
        if (filling || was == null || now == null || was == now) {
            return;
        }
        if (port.get().strip().equals(Integer.toString(was.defaultPort())) || port.get().isBlank()) {
            port.set(Integer.toString(now.defaultPort()));
        }
        if (user.get().strip().equals(was.defaultUser()) || user.get().isBlank()) {
            user.set(now.defaultUser());
        }
    }

    private void probeKeychain() {
        SecretStores secrets = services.secrets();
        // The probe runs secret-tool: never on the FX thread.
        services.background().execute(() -> {
            boolean available;
            try {
                available = secrets.keychain().isAvailable();
            } catch (RuntimeException e) {
                available = false;
            }
            boolean answer = available;
            services.uiThread().execute(() -> keychainProbed(answer));
        });
    }

    private void keychainProbed(boolean available) {
        if (available && !secretModes.contains(SecretMode.KEYCHAIN)) {
            secretModes.add(0, SecretMode.KEYCHAIN);
        }
        if (available && mode == Mode.NEW && !secretModeChosen) {
            filling = true;
            try {
                secretMode.set(SecretMode.KEYCHAIN);
            } finally {
                filling = false;
            }
        }
    }

    private void validate() {
        String n = name.get() == null ? "" : name.get().strip();
        nameError.set(n.isEmpty() ? "" : nameProblem(n));
        String h = text(host);
        hostError.set(h.isEmpty() ? "" : h.chars().anyMatch(Character::isWhitespace) ? "A host name has no spaces" : "");
        String p = text(port);
        portError.set(p.isEmpty() || validPort(p) ? "" : "Port must be a number from 1 to 65535");
        String uh = text(unpooledHost);
        String up = text(unpooledPort);
        if (uh.isEmpty() && up.isEmpty()) {
            unpooledError.set("");
        } else if (uh.isEmpty()) {
            unpooledError.set("Give the direct host too, or clear its port");
        } else if (!validPort(up)) {
            unpooledError.set("The direct connection needs a port from 1 to 65535");
        } else {
            unpooledError.set("");
        }
        List<String> needed = new ArrayList<>();
        if (n.isEmpty()) {
            needed.add("name");
        }
        if (h.isEmpty()) {
            needed.add("host");
        }
        if (p.isEmpty()) {
            needed.add("port");
        }
        missing.set(needed.isEmpty() ? "" : "To save, fill in: " + String.join(", ", needed));

        boolean fieldsOk = nameError.get().isEmpty() && hostError.get().isEmpty() && portError.get().isEmpty()
                && unpooledError.get().isEmpty() && caFileError.get().isEmpty() && !caChecking;
        valid.set(fieldsOk && needed.isEmpty());
        testable.set(!h.isEmpty() && !p.isEmpty() && hostError.get().isEmpty() && portError.get().isEmpty()
                && caFileError.get().isEmpty() && !testing.get());
        canSave.set(valid.get() && !saving.get() && !readOnlyStore.get());

        SecretMode m = secretMode.get();
        secretHint.set(m == null ? "" : switch (m) {
            case VAULT -> "Encrypted in Railyard's vault (" + tilde(services.secrets().vault().file())
                    + "), unlocked with your master password once per session. Never written to profiles.json";
            case KEYCHAIN -> "Kept in the OS keychain (Secret Service). Never written to profiles.json";
            case ASK -> "Not saved anywhere: Railyard asks when it connects and forgets it when it closes";
        });
        SslMode ssl = sslMode.get();
        sslHint.set(ssl == null ? "" : ssl.description());
        sslWarning.set(sslProblem(ssl, h));
        backupFolderPrompt.set("Default: " + tilde(services.home().backups().resolve(n.isEmpty() ? "<name>" : n)));
    }

    private String nameProblem(String n) {
        if (!n.isEmpty() && dev.railyard.profile.ProfileNames.problem(n).isPresent()) {
            String rule = dev.railyard.profile.ProfileNames.RULE;
            return Character.toUpperCase(rule.charAt(0)) + rule.substring(1);
        }
        boolean taken = services.profiles().list().stream()
                .map(ConnectionProfile::name)
                .filter(existing -> mode != Mode.EDIT || !existing.equals(original.name()))
                .anyMatch(existing -> existing.equalsIgnoreCase(n));
        return taken ? "A connection named '" + n + "' already exists" : "";
    }

    /**
     * Checks the CA file on the background executor; until the answer comes the profile cannot
     * be saved. A newer check makes an older one's answer irrelevant.
     */
    private void checkCaFile() {
        long check = ++caChecks;
        SslMode ssl = sslMode.get();
        String file = text(caFile);
        Path path = null;
        String problem = "";
        if (ssl != null && ssl.needsCaFile() && !file.isEmpty()) {
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                problem = "Not a file path";
            }
        }
        if (path == null) {
            caChecking = false;
            caFileError.set(problem);
            validate();
            return;
        }
        caChecking = true;
        Path candidate = path;
        FxJobs.onIo(services.background(), () -> Files.isRegularFile(candidate) && Files.isReadable(candidate),
                services.uiThread(), (readable, failure) -> {
                    if (check != caChecks) {
                        return;
                    }
                    caChecking = false;
                    caFileError.set(failure == null && readable ? "" : "No readable file at this path");
                    validate();
                });
        validate();
    }

    private static String sslProblem(SslMode ssl, String host) {
        if (ssl == null) {
            return "";
        }
        if (ssl.needsCaFile() && ConnectionProfile.isRailwayProxy(host)) {
            return "Railway's proxy serves a self-signed certificate, so " + ssl.id()
                    + " fails there: use require (encrypted, not verified)";
        }
        if (ssl == SslMode.DISABLE && ConnectionProfile.isRailwayProxy(host)) {
            return "Without TLS the password crosses the internet readable: Railway's proxy supports require";
        }
        return "";
    }

    private ConnectionProfile draft(String profileName) {
        Dialect d = dialect.get() == null ? Dialect.POSTGRESQL : dialect.get();
        String uh = text(unpooledHost);
        boolean hasUnpooled = !uh.isEmpty() && validPort(text(unpooledPort));
        MigrationSettings base = original == null ? MigrationSettings.none() : original.migrations();
        // withLocations keeps every other setting, the stored migration command among them.
        MigrationSettings migrations = base.withLocations(List.copyOf(migrationLocations));
        return new ConnectionProfile(profileName, d, text(host), Integer.parseInt(text(port)), text(database),
                text(user), sslMode.get(), blankToNull(text(caFile)), environment.get(),
                notes.get() == null ? "" : notes.get().strip(), blankToNull(text(backupFolder)), migrations,
                secretMode.get(), hasUnpooled ? uh : null, hasUnpooled ? Integer.parseInt(text(unpooledPort)) : 0);
    }

    private String firstProblem() {
        for (String problem : List.of(missing.get(), nameError.get(), hostError.get(), portError.get(),
                unpooledError.get(), caFileError.get())) {
            if (!problem.isEmpty()) {
                return problem;
            }
        }
        return "unknown";
    }

    private String freeName(String wanted) {
        String candidate = wanted;
        for (int i = 2; services.profiles().find(candidate).isPresent(); i++) {
            candidate = wanted + " " + i;
        }
        return candidate;
    }

    private static boolean validPort(String text) {
        try {
            int value = Integer.parseInt(text.strip());
            return value >= 1 && value <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(StringProperty property) {
        return property.get() == null ? "" : property.get().strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The path with the home folder as ~, as people write it. */
    static String tilde(Path path) {
        String home = System.getProperty("user.home", "");
        String text = path.toAbsolutePath().toString();
        return !home.isEmpty() && text.startsWith(home + java.io.File.separator) ? "~" + text.substring(home.length()) : text;
    }

    @Override
    public String toString() {
        return "ProfileEditorModel[" + mode + " " + name.get() + "]";
    }
}
