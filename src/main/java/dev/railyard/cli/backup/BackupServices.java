package dev.railyard.cli.backup;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupService;
import dev.railyard.cli.CliContext;

/** The backup services of one CLI run. */
final class BackupServices {

    private BackupServices() {
    }

    static BackupCatalog catalog(CliContext context) {
        return new BackupCatalog(context.home(), context.profiles());
    }

    static BackupService service(CliContext context) {
        return BackupService.withToolsOnPath(catalog(context));
    }
}
