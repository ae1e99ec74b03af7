package dev.railyard.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.railyard.inspect.Finding;
import dev.railyard.inspect.OverviewReport;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Overview tab: vital-sign cards on top, findings with their fixes, extensions and settings beside. */
public final class OverviewView extends InspectTabView<OverviewReport, Finding> {

    private final FlowPane cards = new FlowPane(10, 10);

    public OverviewView(OverviewModel model) {
        this(model, new FindingsPane(model.table(), "overview", model.placeholderProperty(), Orientation.VERTICAL,
                () -> model.setMessage("Copied the fix to the clipboard.")));
    }

    private OverviewView(OverviewModel model, FindingsPane pane) {
        super(model, pane.list());
        reportCopies(pane.list());
        cards.setId("overview-cards");
        cards.getStyleClass().add("overview-cards");
        model.cards().addListener((ListChangeListener<OverviewModel.Card>) change -> showCards(model));
        showCards(model);

        Label findingsTitle = new Label("Findings");
        findingsTitle.getStyleClass().add(Styles.TITLE_4);
        javafx.scene.layout.FlowPane elsewhere = new javafx.scene.layout.FlowPane(12, 4);
        elsewhere.setId("overview-elsewhere");
        Runnable showElsewhere = () -> {
            elsewhere.getChildren().clear();
            for (OverviewModel.ElsewhereCount count : model.elsewhere()) {
                javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(count.text());
                link.setId("overview-elsewhere-" + count.feature().name().toLowerCase(java.util.Locale.ROOT));
                link.setTooltip(new javafx.scene.control.Tooltip("Open the " + count.feature().title() + " tab"));
                link.setOnAction(e -> model.open(count.feature()));
                elsewhere.getChildren().add(link);
            }
        };
        model.elsewhere().addListener((ListChangeListener<OverviewModel.ElsewhereCount>) change -> showElsewhere.run());
        showElsewhere.run();
        Label also = new Label("Also found:");
        also.getStyleClass().add(Styles.TEXT_MUTED);
        also.setMinWidth(Region.USE_PREF_SIZE);
        HBox alsoRow = new HBox(6, also, elsewhere);
        alsoRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox findings = new VBox(6, findingsTitle, alsoRow, pane);
        VBox.setVgrow(pane, Priority.ALWAYS);

        TableView<OverviewModel.Setting> settings = new TableView<>(model.settings());
        settings.setId("overview-settings");
        settings.getStyleClass().addAll("inspect-table", Styles.DENSE);
        TableColumn<OverviewModel.Setting, String> name = new TableColumn<>("Setting / extension");
        name.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().name()));
        name.setPrefWidth(192);
        TableColumn<OverviewModel.Setting, String> value = new TableColumn<>("Value");
        value.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().value()));
        value.setPrefWidth(92);
        settings.getColumns().setAll(java.util.List.of(name, value));
        settings.setPlaceholder(new Label(""));
        Label settingsTitle = new Label("Extensions and settings");
        settingsTitle.setMinWidth(0);
        settingsTitle.getStyleClass().add(Styles.TITLE_4);
        VBox side = new VBox(6, settingsTitle, settings);
        VBox.setVgrow(settings, Priority.ALWAYS);

        side.setPrefWidth(312);
        side.setMinWidth(200);
        side.getStyleClass().add("overview-side");
        javafx.scene.layout.BorderPane lower = new javafx.scene.layout.BorderPane(findings);
        lower.setRight(side);
        lower.getStyleClass().add("overview-lower");
        VBox body = new VBox(12, cards, lower);
        body.getStyleClass().add("inspect-body");
        VBox.setVgrow(lower, Priority.ALWAYS);
        // On a low window (1024×640) the findings keep a usable height and the page scrolls,
        // rather than pushing the fix and its Copy button below the window's edge.
        lower.setMinHeight(280);
        cards.setMinHeight(Region.USE_PREF_SIZE);
        javafx.scene.control.ScrollPane page = new javafx.scene.control.ScrollPane(body);
        page.setId("overview-page");
        page.setFitToWidth(true);
        page.setFitToHeight(true);
        page.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        page.getStyleClass().add("edge-to-edge");
        setBody(page);
    }

    private void showCards(OverviewModel model) {
        cards.getChildren().clear();
        for (OverviewModel.Card card : model.cards()) {
            Label title = new Label(card.title());
            title.getStyleClass().add("card-title");
            Label value = new Label(card.value());
            value.getStyleClass().add("card-value");
            value.setId("overview-card-" + card.id() + "-value");
            Label detail = new Label(card.detail());
            detail.getStyleClass().add("card-detail");
            detail.setWrapText(true);
            VBox box = new VBox(2, title, value, detail);
            box.setId("overview-card-" + card.id());
            box.getStyleClass().addAll("overview-card", "tone-" + card.tone().name().toLowerCase(Locale.ROOT));
            cards.getChildren().add(box);
        }
    }
}
