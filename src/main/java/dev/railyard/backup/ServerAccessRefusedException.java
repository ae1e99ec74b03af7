package dev.railyard.backup;

import dev.railyard.backup.script.ScriptHazards;
import java.util.List;

/**
 * A file holds statements that reach the database server's machine (run programs, read or write
 * its files, change its configuration) and the restore was not told to allow them. Nothing ran.
 */
public final class ServerAccessRefusedException extends BackupException {

    private final transient List<ScriptHazards.Finding> findings;

    public ServerAccessRefusedException(String fileName, List<ScriptHazards.Finding> findings) {
        super(fileName + " has statements that reach the database server's machine: "
                + ScriptHazards.Report.describe(findings, 5) + ". Nothing was restored. A backup made by pg_dump, "
                + "mysqldump or Railyard has none; if you trust this file, restore it with: "
                + "railyard backup restore FILE ... --allow-server-programs");
        this.findings = List.copyOf(findings);
    }

    public List<ScriptHazards.Finding> findings() {
        return findings;
    }
}
