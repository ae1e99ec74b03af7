package dev.railyard.ui.migrate;

import atlantafx.base.theme.Styles;
import dev.railyard.migrate.check.Finding;
import dev.railyard.migrate.check.LockHolder;
import dev.railyard.migrate.check.ScriptCheck;
import dev.railyard.migrate.check.StatementCheck;
import dev.railyard.migrate.check.Verdict;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.Dialogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Window;

/**
 * The confirmation before "Migrate" and "Back up, then migrate": every pending migration with its
 * SQL and the check's findings (verdict, lock, table size, who holds locks on the table now, the
 * safer rewrite), the migration session's timeouts for this run, and on production the database
 * name typed back. The backed-up path is the default button when a backup is possible.
 */
public final class MigrationPreviewDialog {

    public static final String BACKUP_ID = "preview-backup-then-migrate";
    public static final String MIGRATE_ID = "preview-migrate";
    /** Style classes of a verdict badge, by verdict. */
    public static final String VERDICT = "verdict";

    private static final Pattern DURATION = Pattern.compile("^([0-9]+)\\s*(ms|s|m|min|h)?$");

    /**
     * What the user chose.
     *
     * @param lockTimeout      null for the core's default; {@link Duration#ZERO} for none
     * @param statementTimeout likewise
     */
    public record Choice(boolean backUpFirst, String typed, Duration lockTimeout, Duration statementTimeout) {
    }

    private MigrationPreviewDialog() {
    }

    /**
     * @param backupPossible   offer "Back up, then migrate" (as the default action)
     * @param word             the database name to type back on production; ignored otherwise
     * @param defaultLock      the lock timeout the core applies when the user leaves the field as it is
     * @return empty when cancelled: nothing runs
     */
    public static Dialog<Choice> create(Window owner, ConnectionProfile profile, MigrationPreview preview, String target,
                                        boolean production, String word, boolean backupPossible, Duration defaultLock) {
        Dialog<Choice> dialog = Dialogs.create(owner, "Before migrating " + profile.name(), "migrations.css",
                "migration-dialog", 760);
        dialog.getDialogPane().getStyleClass().add("migration-preview");
        dialog.setResizable(true);
        // Wide enough for the SQL and the three buttons, and never wider than a small screen.
        double width = Math.min(760, Screen.getPrimary().getVisualBounds().getWidth() - 40);
        dialog.getDialogPane().setMinWidth(width);
        dialog.getDialogPane().setPrefWidth(width);
        String where = (production ? "the PRODUCTION database " : "") + profile.database() + " (" + profile.name() + ")";
        dialog.setHeaderText((target == null ? "Migrate " : "Migrate up to version " + target + " on ") + where + "?");

        Label summary = new Label(preview.summary());
        summary.setId("preview-summary");
        summary.getStyleClass().add("preview-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        if (preview.verdict() != null) {
            summary.getStyleClass().add(VERDICT + "-" + preview.verdict().name().toLowerCase(Locale.ROOT));
        }

        VBox list = new VBox(10);
        list.setId("preview-items");
        for (MigrationPreview.Item item : preview.items()) {
            list.getChildren().add(card(item));
        }
        if (preview.items().isEmpty()) {
            list.getChildren().add(new Label("Nothing is pending: Migrate would apply nothing."));
        }
        for (LockHolder holder : preview.longTransactions()) {
            list.getChildren().add(line("Long transaction now: " + holder.describe(), "preview-holder"));
        }
        for (String note : preview.notes()) {
            list.getChildren().add(line(note, Styles.TEXT_MUTED));
        }
        ScrollPane scroll = new ScrollPane(list);
        scroll.setId("preview-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        // What is left of a small screen once the header, timeouts, name and buttons have theirs.
        double screen = Screen.getPrimary().getVisualBounds().getHeight();
        scroll.setPrefViewportHeight(Math.max(140, Math.min(420, screen - (production ? 440 : 370))));
        VBox.setVgrow(scroll, Priority.ALWAYS);

        TextField lock = new TextField(words(defaultLock));
        lock.setId("lock-timeout");
        lock.setPrefColumnCount(6);
        TextField statement = new TextField("off");
        statement.setId("statement-timeout");
        statement.setPrefColumnCount(6);
        Label timeoutHelp = new Label("for this run: 500ms, 5s, 2m or off. A statement that waits longer for a lock fails"
                + " instead of making every query on the table wait behind it.");
        timeoutHelp.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        timeoutHelp.setWrapText(true);
        timeoutHelp.setMinHeight(Region.USE_PREF_SIZE);
        Label lockLabel = new Label("Lock timeout");
        Label statementLabel = new Label("Statement timeout");
        for (javafx.scene.control.Control c : List.of(lockLabel, statementLabel, lock, statement)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox fields = new HBox(8, lockLabel, lock, statementLabel, statement);
        fields.setAlignment(Pos.CENTER_LEFT);
        VBox timeouts = new VBox(2, fields, timeoutHelp);
        Label badTimeout = new Label();
        badTimeout.setId("timeout-problem");
        badTimeout.getStyleClass().add(Styles.DANGER);
        badTimeout.textProperty().bind(Bindings.createStringBinding(() -> parse(lock.getText()).isEmpty()
                ? "'" + lock.getText() + "' is not a duration: use 500ms, 5s, 2m, 1h, or off"
                : parse(statement.getText()).isEmpty() ? "'" + statement.getText() + "' is not a duration: use 500ms, 5s, 2m, 1h, or off"
                : "", lock.textProperty(), statement.textProperty()));
        badTimeout.visibleProperty().bind(badTimeout.textProperty().isNotEmpty());
        badTimeout.managedProperty().bind(badTimeout.visibleProperty());

        VBox content = new VBox(10, summary, scroll, timeouts, badTimeout);
        TextField typed = new TextField();
        BooleanBinding allowed = badTimeout.textProperty().isEmpty();
        if (production) {
            Label ask = new Label("This is a production database. Type its name to confirm: " + word);
            ask.getStyleClass().add(Styles.DANGER);
            ask.setWrapText(true);
            typed.setId("confirm-database");
            typed.setPromptText(word);
            content.getChildren().addAll(ask, typed);
            allowed = allowed.and(Bindings.createBooleanBinding(() -> typed.getText().strip().equals(word), typed.textProperty()));
            Platform.runLater(typed::requestFocus);
        }
        dialog.getDialogPane().setContent(content);

        ButtonType migrate = new ButtonType("Migrate", backupPossible ? ButtonBar.ButtonData.OTHER : ButtonBar.ButtonData.OK_DONE);
        ButtonType backup = new ButtonType("Back up, then migrate", ButtonBar.ButtonData.OK_DONE);
        if (backupPossible) {
            dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, migrate, backup);
        } else {
            dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, migrate);
        }
        Button cancelButton = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        Button migrateButton = (Button) dialog.getDialogPane().lookupButton(migrate);
        for (ButtonType type : dialog.getDialogPane().getButtonTypes()) {
            ((Button) dialog.getDialogPane().lookupButton(type)).setMinWidth(Region.USE_PREF_SIZE);
        }
        migrateButton.setId(MIGRATE_ID);
        migrateButton.setDefaultButton(false);
        migrateButton.disableProperty().bind(allowed.not());
        if (backupPossible) {
            // The safer path is the primary action; plain Migrate stays beside it, never the default.
            Button backupButton = (Button) dialog.getDialogPane().lookupButton(backup);
            backupButton.setId(BACKUP_ID);
            backupButton.getStyleClass().add(Styles.ACCENT);
            backupButton.setDefaultButton(true);
            backupButton.disableProperty().bind(allowed.not());
            cancelButton.setDefaultButton(false);
        } else {
            migrateButton.getStyleClass().add(production ? Styles.DANGER : Styles.ACCENT);
            cancelButton.setDefaultButton(true); // Enter never starts an unprotected migration by accident
        }
        dialog.setResultConverter(button -> {
            if (button != migrate && button != backup) {
                return null;
            }
            String lockText = lock.getText().strip();
            Duration chosenLock = lockText.equalsIgnoreCase(words(defaultLock)) ? null : parse(lockText).orElse(null);
            Duration chosenStatement = parse(statement.getText()).orElse(Duration.ZERO);
            return new Choice(button == backup, production ? typed.getText().strip() : null, chosenLock, chosenStatement);
        });
        return dialog;
    }

    /** One pending migration: its name and verdict, each finding with its live facts, then its SQL. */
    private static Node card(MigrationPreview.Item item) {
        ScriptCheck check = item.check();
        Label name = new Label(item.name());
        name.getStyleClass().add("preview-name");
        Label tool = new Label(item.tool());
        tool.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        HBox title = new HBox(8, badge(check == null ? null : check.verdict()), name, tool);
        title.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(6, title);
        card.getStyleClass().add("preview-card");
        if (check != null) {
            for (Finding finding : MigrationPreview.findings(check)) {
                card.getChildren().add(finding(check, finding));
            }
            if (MigrationPreview.findings(check).isEmpty()) {
                for (StatementCheck statement : check.statements()) {
                    if (statement.table() != null) {
                        card.getChildren().add(line("Line " + statement.line() + ": " + statement.lockInWords()
                                + (statement.facts() == null ? "" : "; " + statement.facts().sizeInWords()), Styles.TEXT_SMALL));
                    }
                }
            }
        }
        TextArea sql = new TextArea(item.sql().strip());
        sql.getStyleClass().addAll(MigrationsView.MONOSPACE, "preview-sql");
        sql.setEditable(false);
        sql.setPrefRowCount((int) Math.max(2, Math.min(8, item.sql().strip().lines().count())));
        sql.setMinHeight(Region.USE_PREF_SIZE);
        card.getChildren().add(sql);
        return card;
    }

    private static Node finding(ScriptCheck check, Finding finding) {
        VBox box = new VBox(3);
        box.getStyleClass().add("preview-finding");
        Label head = line(finding.rule().title() + ": " + finding.message(), null);
        HBox top = new HBox(8, badge(finding.verdict()), head);
        HBox.setHgrow(head, Priority.ALWAYS);
        box.getChildren().add(top);
        GridPane facts = new GridPane();
        facts.setHgap(8);
        facts.setVgap(2);
        int row = 0;
        Optional<StatementCheck> statement = MigrationPreview.statementOf(check, finding);
        if (statement.isPresent()) {
            StatementCheck s = statement.get();
            facts.addRow(row++, key("Lock"), value("line " + s.line() + ": " + s.lockInWords()));
            if (s.facts() != null) {
                facts.addRow(row++, key("Table"), value(s.facts().sizeInWords()));
                List<String> holders = new ArrayList<>();
                s.facts().holders().forEach(h -> holders.add(h.describe()));
                facts.addRow(row++, key("Locks now"), value(holders.isEmpty() ? "nobody else holds or waits for a lock on it"
                        : String.join("\n", holders)));
            }
        }
        if (!finding.saferRewrite().isEmpty()) {
            Label rewrite = value(finding.saferRewrite());
            rewrite.getStyleClass().addAll(MigrationsView.MONOSPACE, "preview-rewrite");
            facts.addRow(row++, key("Safer"), rewrite);
        }
        if (row > 0) {
            box.getChildren().add(facts);
        }
        return box;
    }

    private static Label key(String text) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label value(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.getStyleClass().add(Styles.TEXT_SMALL);
        GridPane.setHgrow(label, Priority.ALWAYS);
        return label;
    }

    /** "DANGEROUS" in red, "RISKY" in amber, "SAFE" in green; "NOT CHECKED" in grey. */
    static Label badge(Verdict verdict) {
        Label badge = new Label(verdict == null ? "not checked" : verdict.displayName());
        badge.getStyleClass().addAll(VERDICT, VERDICT + "-" + (verdict == null ? "none" : verdict.name().toLowerCase(Locale.ROOT)));
        badge.setMinWidth(Region.USE_PREF_SIZE);
        return badge;
    }

    private static Label line(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        if (style != null) {
            label.getStyleClass().add(style);
        }
        return label;
    }

    static String words(Duration d) {
        if (d == null || d.isZero()) {
            return "off";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** "500ms", "5s", "2m", "1h", "off"; a bare number is seconds. Empty when it is none of those. */
    static Optional<Duration> parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("off") || v.equals("none") || v.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        });
    }
}
