package dev.railyard.release;

import dev.railyard.db.ChildEnvironment;
import dev.railyard.db.Endpoint;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A migrator the user names ({@code npx prisma migrate deploy}, {@code alembic upgrade head}), run
 * through the system shell in a folder, with the database's address in its environment only
 * (see {@link ChildEnvironment#databaseAddress}): the password never appears in a process's arguments.
 *
 * @param command          the command line, as typed
 * @param workingDirectory where it runs (the project's folder)
 */
public record MigratorCommand(String command, Path workingDirectory) {

    public MigratorCommand {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("The migration command is empty");
        }
        command = command.strip();
        workingDirectory = workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory.toAbsolutePath();
    }

    /**
     * The project a migration folder belongs to, for running its migrator where it expects to run:
     * the nearest folder at or above {@code toolFolder} holding a project file (package.json,
     * alembic.ini, manage.py, pyproject.toml, Gemfile); null when there is none or no folder is set.
     */
    public static Path projectOf(String toolFolder) {
        if (toolFolder == null || toolFolder.isBlank()) {
            return null;
        }
        for (Path dir = Path.of(toolFolder).toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            for (String marker : List.of("package.json", "alembic.ini", "manage.py", "pyproject.toml", "Gemfile")) {
                if (java.nio.file.Files.isRegularFile(dir.resolve(marker))) {
                    return dir;
                }
            }
        }
        return null;
    }

    /** {@code sh -c COMMAND} on Unix, {@code cmd /c COMMAND} on Windows. */
    public List<String> argv() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return windows ? List.of("cmd", "/c", command) : List.of("sh", "-c", command);
    }

    /**
     * Refuses a command that carries the password itself: it would sit in the process list (and
     * in the profile and the job log), where the environment variables exist to keep it out.
     */
    public void checkHoldsNoSecret(String password) {
        if (password != null && password.length() >= 4 && command.contains(password)) {
            throw new IllegalArgumentException("The migration command contains the database password; "
                    + "refer to it as $DATABASE_URL (or the PG*/MYSQL_* variables), which Railyard sets for the command");
        }
    }

    /**
     * Runs the command and waits for it. Each line it writes (stdout and stderr together) goes to
     * the job's log and to {@code output}. Cancelling the job ends the command and its children.
     *
     * @return the command's exit code
     * @throws IOException when the shell cannot start
     */
    public int run(Endpoint endpoint, String password, JobContext context, Consumer<String> output) throws IOException {
        checkHoldsNoSecret(password);
        ProcessBuilder builder = new ProcessBuilder(argv()).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        ChildEnvironment.apply(builder, ChildEnvironment.databaseAddress(endpoint, password));
        Process process = builder.start();
        process.getOutputStream().close();
        try (JobContext.Registration ignored = context.onCancel(() -> stop(process))) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    Charset.defaultCharset()))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    context.log(line);
                    output.accept(line);
                }
            }
            int code = process.waitFor();
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            return code;
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } finally {
            if (process.isAlive()) {
                stop(process);
            }
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }
}
