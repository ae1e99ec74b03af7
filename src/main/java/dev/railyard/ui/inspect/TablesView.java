package dev.railyard.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.railyard.inspect.TableSizeReport;
import dev.railyard.inspect.TableSizeRow;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Tables tab: the tables largest first (partitioned tables expand to their partitions),
 * and beside them the ten largest as bars, so the few that matter stand out.
 */
public final class TablesView extends InspectTabView<TableSizeReport, TableSizeRow> {

    /** The longest bar, in pixels. */
    private static final double BAR_WIDTH = 150;

    private final GridPane chart = new GridPane();

    public TablesView(TablesModel model) {
        this(model, new ResultTreeView<>(model.table(), "tables", model.placeholderProperty()));
    }

    private TablesView(TablesModel model, ResultTreeView<TableSizeRow> tree) {
        super(model, tree);
        reportCopies(tree);
        tree.tree().setRowFactory(view -> new javafx.scene.control.TreeTableRow<>() {
            @Override
            protected void updateItem(TableSizeRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("partition-row");
                if (!empty && item != null && TableSizeRow.PARTITION.equals(item.kind())) {
                    getStyleClass().add("partition-row");
                }
            }
        });

        addBanner(note("tables-stats-note", model.statsNoteProperty(), "stats-note"));

        chart.setId("tables-chart");
        chart.getStyleClass().add("size-chart");
        chart.setHgap(8);
        chart.setVgap(4);
        model.bars().addListener((ListChangeListener<TablesModel.Bar>) change -> drawBars(model));
        Label chartTitle = new Label("Largest tables");
        chartTitle.getStyleClass().add(Styles.TITLE_4);
        Label summary = note("tables-summary", model.summaryProperty(), Styles.TEXT_MUTED);
        VBox side = new VBox(8, chartTitle, summary, chart);
        side.getStyleClass().add("chart-panel");
        side.setMinWidth(0);

        SplitPane body = new SplitPane(tree.control(), side);
        body.setOrientation(Orientation.HORIZONTAL);
        body.setDividerPositions(0.72);
        SplitPane.setResizableWithParent(side, false);
        setBody(body);
    }

    private void drawBars(TablesModel model) {
        chart.getChildren().clear();
        int row = 0;
        for (TablesModel.Bar bar : model.bars()) {
            Label name = new Label(bar.label());
            name.getStyleClass().add("bar-label");
            name.setMaxWidth(160);
            name.setTooltip(new Tooltip(bar.label()));
            Region fill = new Region();
            fill.getStyleClass().add("bar-fill");
            double width = Math.max(2, BAR_WIDTH * bar.fraction());
            fill.setMinWidth(width);
            fill.setPrefWidth(width);
            fill.setMaxWidth(width);
            fill.setPrefHeight(14);
            fill.setMaxHeight(14);
            Label size = new Label(bar.text());
            size.getStyleClass().addAll("bar-text", Styles.TEXT_SMALL);
            GridPane.setHgrow(fill, Priority.NEVER);
            chart.add(name, 0, row);
            chart.add(fill, 1, row);
            chart.add(size, 2, row);
            GridPane.setHalignment(fill, javafx.geometry.HPos.LEFT);
            GridPane.setValignment(fill, javafx.geometry.VPos.CENTER);
            row++;
        }
        chart.setAlignment(Pos.TOP_LEFT);
    }
}
