package dev.railyard.profile;

import dev.railyard.db.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OS keychain through its command-line tool. On Linux that is {@code secret-tool}
 * (libsecret: GNOME Keyring, KWallet's Secret Service), which reads the secret to store from
 * stdin, so a password never appears in a process's arguments. macOS's {@code security} takes a
 * new password only as an argument (or through its interactive mode, whose quoting rules are not
 * documented), so macOS and Windows report the keychain as unavailable for now and Railyard uses
 * its vault there.
 */
public final class KeychainSecretStore implements SecretStore {

    static final String TOOL = "secret-tool";
    private static final String SERVICE = "railyard";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String osName;
    private final String pathVariable;
    private Boolean available;
    private String unavailableReason;

    /**
     * @param osName       the value of {@code os.name}
     * @param pathVariable the PATH to look for the tool in
     */
    public KeychainSecretStore(String osName, String pathVariable) {
        this.osName = osName == null ? "" : osName;
        this.pathVariable = pathVariable == null ? "" : pathVariable;
    }

    /** The keychain of this OS, looked up on the given environment's PATH. */
    public static KeychainSecretStore fromEnvironment(Map<String, String> env) {
        return new KeychainSecretStore(System.getProperty("os.name", ""), env.get("PATH"));
    }

    /** Whether a keychain answers here; asks it once and remembers. */
    public synchronized boolean isAvailable() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    /** Why the keychain cannot be used, for people; empty when it can. */
    public synchronized Optional<String> unavailableReason() {
        return isAvailable() ? Optional.empty() : Optional.ofNullable(unavailableReason);
    }

    @Override
    public Optional<String> password(String profileName) {
        requireAvailable();
        Result result = run(lookupCommand(profileName), null);
        if (result.exit == 0 && !result.stdout.isEmpty()) {
            return Optional.of(result.stdout);
        }
        if (result.exit <= 1 && result.stderr.isBlank()) {
            return Optional.empty();
        }
        throw failure("read the password of '" + profileName + "'", result);
    }

    @Override
    public void store(String profileName, String password) {
        requireAvailable();
        Result result = run(storeCommand(profileName), password);
        if (result.exit != 0) {
            throw failure("store the password of '" + profileName + "'", result);
        }
    }

    @Override
    public void delete(String profileName) {
        if (!isAvailable()) {
            return;
        }
        Result result = run(clearCommand(profileName), null);
        // secret-tool clear exits 1 when there was nothing to clear.
        if (result.exit > 1 || !result.stderr.isBlank()) {
            throw failure("delete the password of '" + profileName + "'", result);
        }
    }

    @Override
    public String description() {
        return "OS keychain (Secret Service, via secret-tool)";
    }

    List<String> lookupCommand(String profileName) {
        return List.of(tool().toString(), "lookup", "service", SERVICE, "profile", profileName);
    }

    /** The secret itself goes to the tool's stdin, never into this list. */
    List<String> storeCommand(String profileName) {
        return List.of(tool().toString(), "store", "--label=Railyard: " + profileName, "service", SERVICE,
                "profile", profileName);
    }

    List<String> clearCommand(String profileName) {
        return List.of(tool().toString(), "clear", "service", SERVICE, "profile", profileName);
    }

    private boolean probe() {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) {
            unavailableReason = "Railyard does not use the " + (os.contains("mac") ? "macOS Keychain" : "Windows Credential Manager")
                    + " yet: its command-line tool would see the password in its arguments";
            return false;
        }
        if (findTool().isEmpty()) {
            unavailableReason = "secret-tool was not found on the PATH (install libsecret-tools)";
            return false;
        }
        try {
            Result result = run(List.of(tool().toString(), "lookup", "service", SERVICE, "probe", "availability"), null);
            // 0 = found, 1 = not found; anything on stderr means no Secret Service answered (no D-Bus session).
            if (result.exit <= 1 && result.stderr.isBlank()) {
                return true;
            }
            unavailableReason = "secret-tool found no Secret Service (is a keyring running in this session?)";
        } catch (SecretStoreException e) {
            unavailableReason = e.getMessage();
        }
        return false;
    }

    private Optional<Path> findTool() {
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, TOOL);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Path tool() {
        return findTool().orElse(Path.of(TOOL));
    }

    private void requireAvailable() {
        if (!isAvailable()) {
            throw new SecretStoreException("The OS keychain is not available: " + unavailableReason
                    + ". Use the vault instead (--secret vault)");
        }
    }

    private SecretStoreException failure(String what, Result result) {
        String detail = result.stderr.strip().lines().findFirst().orElse("exit code " + result.exit);
        return new SecretStoreException("The OS keychain could not " + what + ": " + detail);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(List<String> command, String stdin) {
        Process process;
        try {
            // The desktop session's variables, none of Railyard's own (the vault password stays here).
            process = ChildEnvironment.applyDesktop(new ProcessBuilder(command)).start();
        } catch (IOException e) {
            throw new SecretStoreException("Cannot run " + TOOL + ": " + e.getMessage(), e);
        }
        StreamReader out = new StreamReader(process.getInputStream(), "railyard-keychain-stdout");
        StreamReader err = new StreamReader(process.getErrorStream(), "railyard-keychain-stderr");
        out.start();
        err.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The tool exited before reading; its exit code and stderr tell why.
        }
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new SecretStoreException(TOOL + " did not answer within " + TIMEOUT.toSeconds()
                        + " s (is the keyring waiting to be unlocked?)");
            }
            out.join(TIMEOUT.toMillis());
            err.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SecretStoreException("Interrupted while waiting for " + TOOL, e);
        }
        return new Result(process.exitValue(), out.text(), err.text());
    }

    /** Drains one stream of the child, so neither pipe can fill up and stall it. */
    private static final class StreamReader extends Thread {
        private final InputStream stream;
        private volatile byte[] bytes = new byte[0];

        StreamReader(InputStream stream, String name) {
            super(name);
            this.stream = stream;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (stream) {
                bytes = stream.readAllBytes();
            } catch (IOException ignored) {
                // The process is gone; what was read is all there is.
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
