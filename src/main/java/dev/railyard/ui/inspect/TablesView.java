package dev.railyard.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.railyard.inspect.TableSizeReport;
import dev.railyard.inspect.TableSizeRow;
import dev.railyard.inspect.table.TableRef;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Tables tab: the tables largest first (partitioned tables expand to their partitions),
 * and beside them the ten largest as bars, so the few that matter stand out.
 */
public final class TablesView extends InspectTabView<TableSizeReport, TableSizeRow> {

    /** The longest bar, in pixels. */
    private static final double BAR_WIDTH = 160;
    private static final int ROWS_PER_COLUMN = 5;

    private final GridPane chart = new GridPane();

    /** @param opener what double-clicking a table opens: a look inside it */
    public TablesView(TablesModel model, TableOpener opener) {
        this(model, new ResultTreeView<>(model.table(), "tables", model.placeholderProperty()), opener);
    }

    private TablesView(TablesModel model, ResultTreeView<TableSizeRow> tree, TableOpener opener) {
        super(model, tree);
        reportCopies(tree);
        // A MySQL partition is no table of its own: it opens nothing.
        TableOpener.onRows(tree, opener, row -> TableSizeRow.PARTITION.equals(row.kind()) && model.report() != null
                && model.report().dialect() == dev.railyard.db.Dialect.MYSQL ? null : new TableRef(row.schema(), row.name()));
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
        chart.setVgap(3);
        model.bars().addListener((ListChangeListener<TablesModel.Bar>) change -> drawBars(model));
        Label chartTitle = new Label("Largest tables");
        chartTitle.getStyleClass().add(Styles.TITLE_4);
        Label summary = note("tables-summary", model.summaryProperty(), Styles.TEXT_MUTED);
        HBox heading = new HBox(10, chartTitle, summary);
        heading.setAlignment(Pos.BASELINE_LEFT);
        VBox strip = new VBox(4, heading, chart);
        strip.getStyleClass().add("chart-panel");
        strip.visibleProperty().bind(Bindings.isNotEmpty(model.bars()));
        strip.managedProperty().bind(strip.visibleProperty());

        // The chart is a strip above the tree, two columns of bars: the tree keeps the width its columns need.
        VBox body = new VBox(8, strip, tree.control());
        VBox.setVgrow(tree.control(), Priority.ALWAYS);
        setBody(body);
    }

    private void drawBars(TablesModel model) {
        chart.getChildren().clear();
        int row = 0;
        for (TablesModel.Bar bar : model.bars()) {
            Label name = new Label(bar.label());
            name.getStyleClass().add("bar-label");
            name.setMaxWidth(200);
            name.setMinWidth(60);
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
            int column = row / ROWS_PER_COLUMN * 4;
            int line = row % ROWS_PER_COLUMN;
            if (line == 0 && column > 0) {
                Region gap = new Region();
                gap.setMinWidth(24);
                chart.add(gap, column - 1, 0);
            }
            chart.add(name, column, line);
            chart.add(fill, column + 1, line);
            chart.add(size, column + 2, line);
            GridPane.setHalignment(fill, javafx.geometry.HPos.LEFT);
            GridPane.setValignment(fill, javafx.geometry.VPos.CENTER);
            row++;
        }
        chart.setAlignment(Pos.TOP_LEFT);
    }
}
