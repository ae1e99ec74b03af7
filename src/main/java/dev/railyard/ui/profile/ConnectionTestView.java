package dev.railyard.ui.profile;

import atlantafx.base.theme.Styles;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * A connection test's outcome: a spinner while it runs, then the server's facts on green, or
 * what failed and what to do on red. Hidden before the first test.
 */
public final class ConnectionTestView extends VBox {

    public static final String STYLE = "test-result";
    public static final String HEADLINE = "test-headline";
    public static final String SUMMARY = "test-summary";
    public static final String FIX = "test-fix";
    public static final String NOTE = "test-note";

    public ConnectionTestView(ObservableValue<TestOutcome> outcome) {
        getStylesheets().add(Stylesheets.of("profile-editor.css"));
        getStyleClass().add(STYLE);
        setId("test-result");
        outcome.addListener((obs, was, now) -> show(now));
        show(outcome.getValue());
    }

    private void show(TestOutcome outcome) {
        getChildren().clear();
        getStyleClass().removeAll("running", "passed", "failed");
        setVisible(outcome != null);
        setManaged(outcome != null);
        if (outcome == null) {
            return;
        }
        Label headline = new Label(outcome.headline());
        headline.getStyleClass().add(HEADLINE);
        headline.setId("test-headline");
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE);
        switch (outcome.state()) {
            case RUNNING -> {
                getStyleClass().add("running");
                ProgressIndicator spinner = new ProgressIndicator();
                spinner.setPrefSize(18, 18);
                spinner.setMaxSize(18, 18);
                getChildren().add(row(spinner, headline));
            }
            case PASSED -> {
                getStyleClass().add("passed");
                getChildren().add(row(Icons.icon(Feather.CHECK_CIRCLE, 18), headline));
                GridPane facts = new GridPane();
                facts.setHgap(16);
                facts.setVgap(2);
                facts.setId("test-facts");
                for (int column = 0; column < 4; column++) {
                    javafx.scene.layout.ColumnConstraints constraints = new javafx.scene.layout.ColumnConstraints();
                    if (column % 2 == 0) {
                        constraints.setMinWidth(Region.USE_PREF_SIZE); // the names of the facts never shrink
                    } else {
                        constraints.setHgrow(javafx.scene.layout.Priority.SOMETIMES);
                        constraints.setMinWidth(70);
                    }
                    facts.getColumnConstraints().add(constraints);
                }
                // Two facts a row: the result stays short, so the form above keeps its room.
                int i = 0;
                for (String[] fact : outcome.facts()) {
                    Label key = new Label(fact[0]);
                    key.getStyleClass().add(Styles.TEXT_MUTED);
                    Label value = new Label(fact[1]);
                    value.setWrapText(true);
                    value.setMinHeight(Region.USE_PREF_SIZE);
                    facts.add(key, (i % 2) * 2, i / 2);
                    facts.add(value, (i % 2) * 2 + 1, i / 2);
                    i++;
                }
                getChildren().add(facts);
                for (String note : outcome.report().notes()) {
                    Label line = new Label("• " + note);
                    line.setWrapText(true);
                    line.getStyleClass().addAll(NOTE, Styles.TEXT_SMALL);
                    line.setMinHeight(Region.USE_PREF_SIZE);
                    getChildren().add(line);
                }
            }
            case FAILED -> {
                getStyleClass().add("failed");
                getChildren().add(row(Icons.icon(Feather.X_CIRCLE, 18), headline));
                Label summary = new Label(outcome.problem().summary());
                summary.setWrapText(true);
                summary.getStyleClass().add(SUMMARY);
                summary.setMinHeight(Region.USE_PREF_SIZE);
                summary.setId("test-summary");
                getChildren().add(summary);
                if (!outcome.problem().fix().isEmpty()) {
                    Label fix = new Label("What to do: " + outcome.problem().fix());
                    fix.setWrapText(true);
                    fix.getStyleClass().add(FIX);
                    fix.setMinHeight(Region.USE_PREF_SIZE);
                    fix.setId("test-fix");
                    getChildren().add(fix);
                }
            }
        }
    }

    private static HBox row(Node icon, Label text) {
        HBox row = new HBox(8, icon, text);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
