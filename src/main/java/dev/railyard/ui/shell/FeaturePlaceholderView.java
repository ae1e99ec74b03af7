package dev.railyard.ui.shell;

import atlantafx.base.theme.Styles;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A feature tab before its issue lands: what it will show, and that it is coming. */
public final class FeaturePlaceholderView extends VBox {

    public static final String STYLE = "feature-placeholder";
    public static final String COMING = "coming-badge";
    public static final String DESCRIPTION = "feature-description";

    public FeaturePlaceholderView(Feature feature, ShellModel model) {
        getStylesheets().add(Stylesheets.of("shell.css"));
        getStyleClass().add(STYLE);
        setId("placeholder-" + feature.name().toLowerCase(java.util.Locale.ROOT));
        setAlignment(Pos.CENTER);

        Label title = new Label(feature.title());
        title.getStyleClass().add(Styles.TITLE_3);
        Label coming = new Label("Coming soon");
        coming.getStyleClass().add(COMING);
        Label description = new Label(feature.description());
        description.setWrapText(true);
        description.getStyleClass().addAll(DESCRIPTION, Styles.TEXT_MUTED);
        Label context = new Label();
        context.getStyleClass().add(Styles.TEXT_SMALL);
        context.textProperty().bind(Bindings.createStringBinding(() -> model.activeProfile() == null
                ? "Select a connection on the left."
                : "It will show " + model.activeProfile().name() + " here.", model.activeProfileProperty()));

        getChildren().addAll(Icons.icon(feature.icon(), 40), title, coming, description, context);
    }
}
