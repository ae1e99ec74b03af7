package dev.railyard.ui.shell;

import atlantafx.base.theme.Styles;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The first-run screen: what Railyard does, and the way to start. */
public final class EmptyStateView extends VBox {

    public static final String STYLE = "empty-state";
    public static final String LEAD = "empty-state-lead";
    public static final String ACTIONS = "empty-state-actions";
    public static final String ICON = "empty-state-icon";

    public EmptyStateView(ShellModel model) {
        getStylesheets().add(Stylesheets.of("shell.css"));
        getStyleClass().add(STYLE);
        setId("empty-state");
        setAlignment(Pos.CENTER);

        Label title = new Label("Welcome to Railyard");
        title.getStyleClass().add(Styles.TITLE_2);
        Label lead = new Label("A desktop console for the PostgreSQL and MySQL databases you run on Railway.\n"
                + "See table and index health, slow queries and live activity; run migrations; "
                + "take, verify and restore backups.\n"
                + "Production stays marked in red, and nothing destructive runs there without you typing its name.");
        lead.setWrapText(true);
        lead.getStyleClass().add(LEAD);

        Button add = new Button("Add a connection", Icons.icon(Feather.PLUS));
        add.getStyleClass().addAll(Styles.ACCENT, Styles.LARGE);
        add.setId("empty-add-connection");
        add.setDefaultButton(true);
        add.setOnAction(e -> model.addConnection());

        Button sandbox = new Button("Try the sandbox", Icons.icon(Feather.BOX));
        sandbox.getStyleClass().add(Styles.LARGE);
        sandbox.setId("empty-try-sandbox");
        sandbox.setOnAction(e -> model.trySandbox());
        // Offered once the sandbox exists and the app wires it.
        sandbox.visibleProperty().bind(model.onTrySandboxProperty().isNotNull());
        sandbox.managedProperty().bind(sandbox.visibleProperty());

        HBox actions = new HBox(12, add, sandbox);
        actions.setAlignment(Pos.CENTER);
        actions.getStyleClass().add(ACTIONS);

        Label hint = new Label("Paste a Railway connection URL (…proxy.rlwy.net) or the service's variables. "
                + "Ctrl+N adds a connection at any time.");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);

        var icon = Icons.icon(Feather.DATABASE, 56);
        icon.getStyleClass().add(ICON);
        getChildren().addAll(icon, title, lead, actions, hint);
    }
}
