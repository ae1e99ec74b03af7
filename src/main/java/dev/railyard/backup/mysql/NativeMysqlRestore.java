package dev.railyard.backup.mysql;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.db.ChildEnvironment;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Feeds a dump to the {@code mysql} / {@code mariadb} client: the password in a 0600 option file,
 * the script through its standard input (decompressed here), its errors shown on failure.
 */
final class NativeMysqlRestore {

    private final MysqlTools.Tool client;
    private final MysqlEndpoint into;
    private final ScriptFile script;
    private final MysqlRestoreOptions options;

    private final Path optionFileFolder;

    NativeMysqlRestore(MysqlTools.Tool client, MysqlEndpoint into, ScriptFile script, MysqlRestoreOptions options,
                       Path optionFileFolder) {
        this.optionFileFolder = optionFileFolder;
        this.client = client;
        this.into = into;
        this.script = script;
        this.options = options;
    }

    void run(JobContext context) throws BackupException, IOException {
        if (!MysqlOptionFile.writable(into.password())) {
            throw new BackupException("The password holds both kinds of quote, which an option file cannot carry: restore "
                    + "with the built-in runner instead.");
        }
        try (MysqlOptionFile options = MysqlOptionFile.write(into, client, optionFileFolder)) {
            List<String> command = new ArrayList<>();
            command.add(client.path().toString());
            command.add(options.argument()); // must be the first argument
            command.add("--batch");
            if (!this.options.stopOnError()) {
                command.add("--force");
            }
            command.add("--database=" + into.database());
            context.log("Running " + client.display() + " (" + String.join(" ", command.subList(1, command.size())) + ")");
            Process process = ChildEnvironment.apply(new ProcessBuilder(command), Map.of()).start();
            try (ProcessOutput errors = new ProcessOutput(process.getErrorStream(), "mysql-stderr");
                 ProcessOutput output = new ProcessOutput(process.getInputStream(), "mysql-stdout")) {
                try (ScriptFile.CountingStream in = script.open(); OutputStream stdin = process.getOutputStream()) {
                    byte[] buffer = new byte[1 << 16];
                    int n;
                    long lastReport = 0;
                    while ((n = in.read(buffer)) > 0) {
                        context.checkCancelled();
                        stdin.write(buffer, 0, n);
                        long now = System.nanoTime();
                        if (now - lastReport > 200_000_000L) {
                            lastReport = now;
                            context.progress(in.position(), script.size(), ProgressUnit.BYTES);
                        }
                    }
                } catch (IOException e) {
                    if (!process.isAlive()) {
                        // The client stopped reading: it failed; its message says why.
                        ProcessOutput.waitFor(process, context);
                        throw new BackupException(client.name() + " stopped with exit code " + process.exitValue() + ": "
                                + errors.text());
                    }
                    throw e;
                }
                int exit = ProcessOutput.waitFor(process, context);
                if (exit != 0) {
                    ConnectionProblem problem = ConnectionProblem.ofToolOutput(into.endpoint(), errors.text(), true);
                    if (problem != null) {
                        throw new BackupException(client.name() + " could not connect: " + problem.getMessage(), problem);
                    }
                    throw new BackupException(client.name() + " failed (exit code " + exit + "): " + errors.text());
                }
                String warnings = errors.text();
                if (!warnings.isEmpty()) {
                    context.log(client.name() + ": " + warnings);
                }
            } finally {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        }
    }

}
