package dev.railyard.ui.shell;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** The main area's tabs, in order, with what each will show once its issue lands. */
public enum Feature {
    OVERVIEW("Overview", Feather.HOME,
            "Server version, uptime, database sizes, connections in use and cache hit ratio at a glance."),
    TABLES("Tables", Feather.GRID,
            "Every table's size on disk, estimated rows, dead tuples and when it was last vacuumed and analyzed."),
    INDEXES("Indexes", Feather.LAYERS,
            "Unused, duplicate and bloated indexes, and the space each one costs."),
    QUERIES("Queries", Feather.ZAP,
            "The slowest and most frequent statements, from pg_stat_statements or performance_schema."),
    ACTIVITY("Activity", Feather.ACTIVITY,
            "Live sessions: what each one runs, what it waits for, and who blocks whom."),
    MIGRATIONS("Migrations", Feather.GIT_COMMIT,
            "Applied and pending migrations, with a dry run before anything changes."),
    BACKUPS("Backups", Feather.ARCHIVE,
            "One-click backups with checksums and manifests, verification, and restores."),
    SQL("SQL", Feather.TERMINAL,
            "A SQL console: read-only on production unless you allow writes, results streamed and paged.");

    private final String title;
    private final Ikon icon;
    private final String description;

    Feature(String title, Ikon icon, String description) {
        this.title = title;
        this.icon = icon;
        this.description = description;
    }

    public String title() {
        return title;
    }

    public Ikon icon() {
        return icon;
    }

    /** What the tab will show, in one sentence. */
    public String description() {
        return description;
    }
}
