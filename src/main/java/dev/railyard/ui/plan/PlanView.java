package dev.railyard.ui.plan;

import atlantafx.base.theme.Styles;
import dev.railyard.console.ExplainResult;
import dev.railyard.console.PlanNode;
import dev.railyard.console.PlanText;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A query plan, reusable wherever a plan is shown: {@code new PlanView()}, then {@link #show(ExplainResult)}.
 * The tree lists each node's operation, relation, estimated and actual rows, time, loops, buffers
 * and cost; the most expensive node is tinted and marked with a lightning icon, and actual rows 10x
 * or more off the estimate with a warning icon (theme colours: readable in light and dark). The
 * selected node's details (conditions, sort key, workers...) show below. "Text" and "Raw" show
 * the plan as indented text and as the server wrote it; Copy copies what is shown.
 */
public final class PlanView extends BorderPane {

    /** Style class of the most expensive node's row. */
    public static final String MOST_EXPENSIVE = "plan-most-expensive";
    /** Style class of a row whose actual rows are 10x or more off the estimate. */
    public static final String MISESTIMATED = "plan-misestimated";

    private final ReadOnlyObjectWrapper<ExplainResult> plan = new ReadOnlyObjectWrapper<>();
    private final TreeTableView<PlanNode> tree = new TreeTableView<>();
    private final TextArea details = new TextArea();
    private final TextArea text = new TextArea();
    private final TextArea raw = new TextArea();
    private final Label summary = new Label();
    private final ToggleButton rawButton = new ToggleButton("Raw JSON");
    private final SimpleObjectProperty<String> showing = new SimpleObjectProperty<>("tree");

    public PlanView() {
        getStyleClass().add("plan-view");
        getStylesheets().addAll(Stylesheets.of("inspect.css"), Stylesheets.of("plan.css"));
        setTop(toolbar());
        setCenter(body());
    }

    /** Shows {@code result}; null clears the view. */
    public void show(ExplainResult result) {
        plan.set(result);
        if (result == null) {
            tree.setRoot(null);
            text.clear();
            raw.clear();
            details.clear();
            summary.setText("");
            return;
        }
        TreeItem<PlanNode> root = item(result.root());
        tree.setRoot(root);
        text.setText(PlanText.of(result));
        raw.setText(result.raw());
        rawButton.setText(result.format().equals("json") ? "Raw JSON" : "Raw text");
        summary.setText(PlanRows.summary(result));
        tree.getSelectionModel().clearSelection();
        showDetails(null);
    }

    private void showDetails(TreeItem<PlanNode> selected) {
        TreeItem<PlanNode> item = selected;
        if (item == null && tree.getRoot() != null) {
            TreeItem<PlanNode> hot = find(tree.getRoot());
            item = hot != null ? hot : tree.getRoot();
        }
        details.setText(item == null || item.getValue() == null ? "" : PlanRows.details(item.getValue()));
    }

    /** The plan shown, or null. */
    public ExplainResult plan() {
        return plan.get();
    }

    /** What Copy copies: the raw plan when it shows, else the plan as text. */
    public String copyText() {
        ExplainResult p = plan.get();
        if (p == null) {
            return "";
        }
        return showing.get().equals("raw") ? p.raw() : PlanText.of(p);
    }

    /** The plan's summary on a line of its own (it is what a reader looks at first), the legend and views below. */
    private javafx.scene.layout.VBox toolbar() {
        summary.setId("plan-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.setWrapText(true);
        summary.setMaxWidth(Double.MAX_VALUE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Label legend = new Label("most expensive", icon(Feather.ZAP, "plan-hot-icon"));
        Label misestimate = new Label("estimate off 10x+", icon(Feather.ALERT_TRIANGLE, "plan-misestimate-icon"));
        legend.getStyleClass().add(Styles.TEXT_SMALL);
        misestimate.getStyleClass().add(Styles.TEXT_SMALL);
        legend.setMinWidth(Region.USE_PREF_SIZE);
        misestimate.setMinWidth(Region.USE_PREF_SIZE);

        ToggleGroup group = new ToggleGroup();
        ToggleButton treeButton = toggle("Tree", "tree", group, Styles.LEFT_PILL);
        ToggleButton textButton = toggle("Text", "text", group, Styles.CENTER_PILL);
        toggle(rawButton, "raw", group, Styles.RIGHT_PILL);
        treeButton.setSelected(true);
        group.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now == null) {
                was.setSelected(true); // one view always shows
            } else {
                showing.set((String) now.getUserData());
            }
        });

        Button copy = new Button("Copy", Icons.icon(Feather.COPY));
        copy.setId("plan-copy");
        copy.setTooltip(new Tooltip("Copy the plan as text, or as the server wrote it when Raw shows"));
        copy.disableProperty().bind(plan.isNull());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(copyText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        });
        copy.setMinWidth(Region.USE_PREF_SIZE);

        HBox bar = new HBox(8, legend, misestimate, spacer, new HBox(treeButton, textButton, rawButton), copy);
        bar.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(4, summary, bar);
        top.getStyleClass().add("plan-toolbar");
        return top;
    }

    private ToggleButton toggle(String label, String view, ToggleGroup group, String pill) {
        return toggle(new ToggleButton(label), view, group, pill);
    }

    private ToggleButton toggle(ToggleButton button, String view, ToggleGroup group, String pill) {
        button.setId("plan-show-" + view);
        button.setUserData(view);
        button.setToggleGroup(group);
        button.getStyleClass().add(pill);
        button.setMinWidth(Region.USE_PREF_SIZE);
        return button;
    }

    private StackPane body() {
        tree.setId("plan-tree");
        tree.getStyleClass().addAll("plan-tree", Styles.DENSE);
        tree.setShowRoot(true);
        tree.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        tree.setPlaceholder(new Label("No plan yet."));
        tree.getColumns().setAll(java.util.List.of(operationColumn(), textColumn("Relation", "relation", 160, PlanNode::relation),
                numberColumn("Est. rows", "estimated", n -> PlanRows.count(n.estimatedRows())), actualRowsColumn(),
                numberColumn("Time ms", "time", n -> PlanRows.millis(n.actualTimeMs())),
                numberColumn("Loops", "loops", n -> n.loops() == null ? "" : Long.toString(n.loops())),
                textColumn("Buffers", "buffers", 170, n -> n.buffers() == null ? "" : n.buffers().summary()),
                numberColumn("Cost", "cost", n -> PlanRows.count(n.cost()))));
        tree.setRowFactory(view -> new TreeTableRow<>() {
            @Override
            protected void updateItem(PlanNode node, boolean empty) {
                super.updateItem(node, empty);
                getStyleClass().removeAll(MOST_EXPENSIVE, MISESTIMATED);
                if (!empty && node != null) {
                    if (node.mostExpensive()) {
                        getStyleClass().add(MOST_EXPENSIVE);
                    }
                    if (node.misestimated()) {
                        getStyleClass().add(MISESTIMATED);
                    }
                }
            }
        });

        details.setId("plan-node-details");
        details.setEditable(false);
        details.setWrapText(true);
        details.getStyleClass().add("sql-text");
        details.setPromptText("Select a node to see what the server says of it.");
        // Without a selection the details are the most expensive node's: that is where a reader starts.
        tree.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> showDetails(now));
        SplitPane treeAndDetails = new SplitPane(tree, details);
        treeAndDetails.setOrientation(Orientation.VERTICAL);
        treeAndDetails.setDividerPositions(0.72);

        for (TextArea area : new TextArea[] {text, raw}) {
            area.setEditable(false);
            area.getStyleClass().add("sql-text");
        }
        text.setId("plan-text");
        raw.setId("plan-raw");
        treeAndDetails.visibleProperty().bind(showing.isEqualTo("tree"));
        text.visibleProperty().bind(showing.isEqualTo("text"));
        raw.visibleProperty().bind(showing.isEqualTo("raw"));
        return new StackPane(treeAndDetails, text, raw);
    }

    private TreeTableColumn<PlanNode, PlanNode> operationColumn() {
        TreeTableColumn<PlanNode, PlanNode> column = column("Operation", "operation", 290);
        column.setCellFactory(c -> new TreeTableCell<>() {
            private final FontIcon hot = icon(Feather.ZAP, "plan-hot-icon");

            @Override
            protected void updateItem(PlanNode node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : node.operation());
                setGraphic(!empty && node != null && node.mostExpensive() ? hot : null);
                setTooltip(!empty && node != null && node.mostExpensive()
                        ? new Tooltip("The most expensive node: " + PlanRows.weight(node)) : null);
            }
        });
        return column;
    }

    private TreeTableColumn<PlanNode, PlanNode> actualRowsColumn() {
        TreeTableColumn<PlanNode, PlanNode> column = column("Actual rows", "actual", 110);
        column.getStyleClass().addAll("align-right", "plan-actual");
        column.setCellFactory(c -> new TreeTableCell<>() {
            private final FontIcon warning = icon(Feather.ALERT_TRIANGLE, "plan-misestimate-icon");

            @Override
            protected void updateItem(PlanNode node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : PlanRows.count(node.actualRows()));
                boolean off = !empty && node != null && node.misestimated();
                setGraphic(off ? warning : null);
                setTooltip(off ? new Tooltip(PlanRows.misestimateText(node)) : null);
            }
        });
        return column;
    }

    private TreeTableColumn<PlanNode, PlanNode> textColumn(String title, String id, double width, Function<PlanNode, String> text) {
        TreeTableColumn<PlanNode, PlanNode> column = column(title, id, width);
        column.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(PlanNode node, boolean empty) {
                super.updateItem(node, empty);
                String value = empty || node == null ? null : text.apply(node);
                setText(value);
                setTooltip(value == null || value.isEmpty() ? null : new Tooltip(value));
            }
        });
        return column;
    }

    private TreeTableColumn<PlanNode, PlanNode> numberColumn(String title, String id, Function<PlanNode, String> text) {
        TreeTableColumn<PlanNode, PlanNode> column = column(title, id, 80);
        column.getStyleClass().add("align-right");
        column.setCellFactory(c -> new TreeTableCell<>() {
            @Override
            protected void updateItem(PlanNode node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : text.apply(node));
            }
        });
        return column;
    }

    private static TreeTableColumn<PlanNode, PlanNode> column(String title, String id, double width) {
        TreeTableColumn<PlanNode, PlanNode> column = new TreeTableColumn<>(title);
        column.setId("plan-col-" + id);
        column.setPrefWidth(Math.max(width, dev.railyard.ui.ColumnWidths.header(title)));
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue().getValue()));
        return column;
    }

    private static FontIcon icon(Feather ikon, String styleClass) {
        FontIcon icon = Icons.icon(ikon, 14);
        icon.getStyleClass().add(styleClass);
        return icon;
    }

    private static TreeItem<PlanNode> item(PlanNode node) {
        TreeItem<PlanNode> item = new TreeItem<>(node);
        item.setExpanded(true);
        for (PlanNode child : node.children()) {
            item.getChildren().add(item(child));
        }
        return item;
    }

    private static TreeItem<PlanNode> find(TreeItem<PlanNode> item) {
        if (item.getValue().mostExpensive()) {
            return item;
        }
        for (TreeItem<PlanNode> child : item.getChildren()) {
            TreeItem<PlanNode> found = find(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
