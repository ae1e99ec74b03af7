package dev.railyard.cli.migrate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliException;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.DatabaseOptions;
import dev.railyard.cli.DatabaseSession;
import dev.railyard.cli.MigrationTimeoutOptions;
import dev.railyard.cli.OutputOptions;
import dev.railyard.cli.RailyardCli;
import dev.railyard.cli.ResolvedConnection;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.migrate.BaselineOutcome;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.migrate.MigrationFailedException;
import dev.railyard.migrate.MigrationOverview;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.RepairOutcome;
import dev.railyard.migrate.StatusReport;
import dev.railyard.migrate.ValidateOutcome;
import dev.railyard.migrate.history.ToolHistory;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.migrate.numbered.NumberedMigrations;
import dev.railyard.migrate.numbered.NumberedOutcome;
import dev.railyard.migrate.numbered.NumberedRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "migrate",
        description = "Flyway migrations (status, check, validate, run, repair, baseline) and the history of other tools' migrations.")
public final class MigrateCommand implements Callable<Integer> {

    /** The commands under migrate, in the order help lists them (added by RailyardCli, see RootCommand.COMMANDS). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(Status.class, Validate.class, Run.class,
            Repair.class, Baseline.class, CheckCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: use status, check, validate, run, repair or baseline");
    }

    /** What every migrate subcommand takes. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--locations", arity = "1..*", paramLabel = "DIR",
                description = "Migration folders (or classpath: locations); default: the profile's.")
        List<String> locations = new ArrayList<>();

        final CliContext context;

        Base(CliContext context) {
            this.context = context;
        }

        FlywayMigrations flyway(DatabaseSession session) throws ConnectionProblem {
            ConnectionProfile profile = session.profile();
            MigrationSettings settings = profile.migrations();
            if (!locations.isEmpty()) {
                settings = settings.withLocations(locations);
            }
            return new FlywayMigrations(session.dataSource(), profile, settings);
        }

        boolean hasLocations(DatabaseSession session) {
            return !locations.isEmpty() || !session.profile().migrations().locations().isEmpty();
        }


        @Override
        public final Integer call() throws Exception {
            ResolvedConnection resolved = database.resolve();
            try (DatabaseSession session = new DatabaseSession(resolved, true)) {
                return run(resolved, session);
            }
        }

        abstract Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception;
    }

    @Command(name = "status", description = "Applied, pending and failed migrations; other tools' history tables too.")
    static final class Status extends Base {
        @Option(names = "--style", paramLabel = "STYLE", defaultValue = "flyway", converter = StyleConverter.class,
                description = "flyway (V1__name.sql) or numbered (NNN_name.sql with a migration_history table, "
                        + "as hand-rolled runners keep it); default: ${DEFAULT-VALUE}.")
        Style style;

        Status(CliContext context) {
            super(context);
        }

        @Override
        Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception {
            if (style == Style.NUMBERED) {
                return numberedStatus(this, session);
            }
            MigrationOverview overview = MigrationOverview.read(session.profile(), session.dataSource(), flyway(session),
                    dev.railyard.task.JobContext.silent());
            StatusReport flyway = overview.status();
            List<ToolHistory> otherTools = overview.otherTools();
            if (output.json()) {
                ObjectNode root = context.json().createObjectNode();
                root.put("profile", session.profile().name());
                root.put("locationsGiven", hasLocations(session));
                root.set("flyway", context.json().valueToTree(flyway));
                ArrayNode tools = root.putArray("otherTools");
                otherTools.forEach(h -> tools.add(context.json().valueToTree(h)));
                root.set("notes", context.json().valueToTree(overview.notes()));
                context.printJson(root);
                return flyway.failed().isEmpty() ? 0 : RailyardCli.FAILURE;
            }
            context.println("Flyway: " + flyway.summary() + (hasLocations(session) ? "" : " (no --locations: history table only)"));
            for (MigrationRow row : flyway.rows()) {
                context.println(String.format("  %-8s %-12s %-40s %s", row.label(), row.status().displayName(),
                        truncate(row.description(), 40), row.installedOn() == null ? "" : row.installedOn().toString()));
            }
            flyway.changedScripts().forEach(changed -> context.println("  changed: " + changed));
            flyway.warnings().forEach(context::warn);
            for (ToolHistory history : otherTools) {
                context.println(history.summary());
                history.entries().stream().skip(Math.max(0, history.entries().size() - 5))
                        .forEach(e -> context.println("  " + e));
            }
            overview.notes().forEach(note -> context.println("Note: " + note));
            return flyway.failed().isEmpty() ? 0 : RailyardCli.FAILURE;
        }
    }

    @Command(name = "validate", description = "Check applied migrations against their files; exit 1 on any problem.")
    static final class Validate extends Base {
        Validate(CliContext context) {
            super(context);
        }

        @Override
        Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception {
            requireLocations(this, session);
            ValidateOutcome outcome;
            try (CliProgress progress = new CliProgress(context.err(), false)) {
                outcome = flyway(session).validate().run(progress);
            }
            if (output.json()) {
                context.printJson(outcome);
            } else {
                context.println(outcome.summary());
            }
            return outcome.valid() ? 0 : RailyardCli.FAILURE;
        }
    }

    @Command(name = "run", description = "Apply pending migrations (optionally up to --target).")
    static final class Run extends Base {
        @Option(names = "--target", paramLabel = "VERSION", description = "Migrate up to this version.")
        String target;

        @Option(names = "--style", paramLabel = "STYLE", defaultValue = "flyway", converter = StyleConverter.class,
                description = "flyway (V1__name.sql) or numbered (NNN_name.sql applied in order, recorded in "
                        + "migration_history(id, migration_name, applied_at, checksum)); default: ${DEFAULT-VALUE}.")
        Style style;

        @Option(names = "--confirm", paramLabel = "DBNAME", description = "The database name, required for a production profile.")
        String confirm;

        @Mixin
        MigrationTimeoutOptions timeouts;

        Run(CliContext context) {
            super(context);
        }

        @Override
        Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception {
            requireLocations(this, session);
            Clearance clearance = context.clear(resolved.profile(), GuardedAction.MIGRATE, confirm);
            if (style == Style.NUMBERED) {
                if (target != null) {
                    throw new CliException("--target is for Flyway folders", RailyardCli.USAGE);
                }
                NumberedOutcome numbered;
                try (CliProgress progress = new CliProgress(context.err(), false)) {
                    numbered = numbered(this, session).migrate(clearance, timeouts.timeouts(clearance)).run(progress);
                }
                numbered.warnings().forEach(context::warn);
                if (output.json()) {
                    context.printJson(numbered);
                } else {
                    context.println(numbered.summary());
                }
                return numbered.succeeded() ? 0 : RailyardCli.FAILURE;
            }
            MigrateOutcome outcome;
            try (CliProgress progress = new CliProgress(context.err(), false)) {
                outcome = flyway(session).migrate(target, clearance, timeouts.timeouts(clearance)).run(progress);
            } catch (MigrationFailedException e) {
                outcome = e.outcome();
            }
            if (output.json()) {
                context.printJson(outcome);
            } else {
                context.println(outcome.summary());
                if (outcome.failure() != null) {
                    context.err().println(dev.railyard.cli.TerminalText.safe(outcome.failure().inWords()));
                }
            }
            return outcome.succeeded() ? 0 : RailyardCli.FAILURE;
        }
    }

    @Command(name = "repair", description = "Remove failed entries and realign checksums with the files.")
    static final class Repair extends Base {
        @Option(names = "--confirm", paramLabel = "DBNAME", description = "The database name, required for a production profile.")
        String confirm;

        Repair(CliContext context) {
            super(context);
        }

        @Override
        Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception {
            requireLocations(this, session);
            Clearance clearance = context.clear(resolved.profile(), GuardedAction.REPAIR, confirm);
            RepairOutcome outcome;
            try (CliProgress progress = new CliProgress(context.err(), false)) {
                outcome = flyway(session).repair(clearance).run(progress);
            }
            if (output.json()) {
                context.printJson(outcome);
            } else {
                context.println(outcome.summary());
            }
            return 0;
        }
    }

    @Command(name = "baseline", description = "Mark an existing schema as being at a version, so later migrations apply on top.")
    static final class Baseline extends Base {
        @Option(names = "--version", paramLabel = "VERSION", defaultValue = "1", description = "The baseline version (default 1).")
        String version;

        @Option(names = "--description", defaultValue = "Baseline", description = "Shown in the history.")
        String description;

        @Option(names = "--confirm", paramLabel = "DBNAME", description = "The database name, required for a production profile.")
        String confirm;

        Baseline(CliContext context) {
            super(context);
        }

        @Override
        Integer run(ResolvedConnection resolved, DatabaseSession session) throws Exception {
            Clearance clearance = context.clear(resolved.profile(), GuardedAction.BASELINE, confirm);
            BaselineOutcome outcome;
            try (CliProgress progress = new CliProgress(context.err(), false)) {
                outcome = flyway(session).baseline(version, description, clearance).run(progress);
            }
            if (output.json()) {
                context.printJson(outcome);
            } else {
                context.println(outcome.summary());
            }
            return outcome.baselined() ? 0 : RailyardCli.FAILURE;
        }
    }

    /** How a folder's migrations are named and recorded. */
    enum Style { FLYWAY, NUMBERED }

    /** "flyway" or "numbered", in any case. */
    public static final class StyleConverter implements picocli.CommandLine.ITypeConverter<Style> {
        @Override
        public Style convert(String text) {
            for (Style style : Style.values()) {
                if (style.name().equalsIgnoreCase(text.strip())) {
                    return style;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + text + "' is not a style: use flyway or numbered");
        }
    }

    /** The one numbered folder of --locations (or the profile's). */
    static NumberedMigrations numbered(Base command, DatabaseSession session) throws ConnectionProblem {
        requireLocations(command, session);
        List<String> folders = command.locations.isEmpty() ? session.profile().migrations().locations() : command.locations;
        if (folders.size() != 1 || folders.get(0).startsWith("classpath:")) {
            throw new CliException("--style numbered takes one folder of NNN_name.sql files", RailyardCli.USAGE);
        }
        String folder = folders.get(0).startsWith("filesystem:") ? folders.get(0).substring("filesystem:".length()) : folders.get(0);
        return new NumberedMigrations(session.dataSource(), session.profile(), Path.of(folder));
    }

    static int numberedStatus(Base command, DatabaseSession session) throws Exception {
        List<NumberedRow> rows = numbered(command, session).status();
        CliContext context = command.context;
        long pending = rows.stream().filter(r -> r.state() == NumberedRow.State.PENDING).count();
        if (command.output.json()) {
            ObjectNode root = context.json().createObjectNode();
            root.put("profile", session.profile().name());
            root.put("historyTable", NumberedMigrations.HISTORY_TABLE);
            root.put("pending", pending);
            root.set("rows", context.json().valueToTree(rows));
            context.printJson(root);
            return 0;
        }
        context.println("Numbered (" + NumberedMigrations.HISTORY_TABLE + "): " + (rows.size() - pending) + " applied, "
                + pending + " pending");
        for (NumberedRow row : rows) {
            context.println(String.format("  %-40s %-28s %s", truncate(row.name(), 40), row.state().displayName(),
                    row.appliedAt() == null ? "" : row.appliedAt().toString()));
        }
        return 0;
    }

    static void requireLocations(Base command, DatabaseSession session) {
        if (!command.hasLocations(session)) {
            throw new CliException("No migration folder: give --locations DIR (or set the profile's migration locations)",
                    RailyardCli.USAGE);
        }
    }

    static String truncate(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
