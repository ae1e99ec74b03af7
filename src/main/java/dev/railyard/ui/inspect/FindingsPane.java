package dev.railyard.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.railyard.inspect.Finding;
import dev.railyard.ui.Icons;
import java.util.List;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Findings with their fix: the list (severity in colour), and for the selected finding its
 * whole text and the DDL that would fix it in a monospace area to copy. Railyard never runs it.
 */
final class FindingsPane extends SplitPane {

    private final ResultTableView<Finding> list;
    private final Label message = new Label();
    private final TextArea fix = new TextArea();

    /**
     * @param orientation HORIZONTAL: the fix beside the list; VERTICAL: below it
     */
    FindingsPane(ResultTable<Finding> findings, String prefix, ObservableStringValue placeholder, Orientation orientation,
                 Runnable onCopy) {
        list = new ResultTableView<>(findings, prefix + "-findings", placeholder);
        list.setSelectFirst(true);
        list.setRowStyles(f -> List.of(OverviewModel.severityStyle(f.severity())));
        list.table().getStyleClass().add("findings-table");

        message.setId(prefix + "-finding-text");
        message.setWrapText(true);
        message.getStyleClass().add("finding-text");
        message.setMinHeight(Region.USE_PREF_SIZE);
        fix.setId(prefix + "-fix");
        fix.setEditable(false);
        fix.setWrapText(false);
        fix.getStyleClass().add("sql-text");
        fix.setPromptText("The selected finding's fix appears here.");
        fix.setPrefRowCount(4);
        VBox.setVgrow(fix, Priority.ALWAYS);

        Button copy = new Button("Copy fix", Icons.icon(Feather.COPY));
        copy.setId(prefix + "-copy-fix");
        copy.setTooltip(new Tooltip("Copy the statement to run it yourself, after reading it"));
        copy.disableProperty().bind(fix.textProperty().isEmpty());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(fix.getText());
            Clipboard.getSystemClipboard().setContent(content);
            onCopy.run();
        });
        copy.setMinWidth(Region.USE_PREF_SIZE);
        Label never = new Label("Fix · shown to copy, never run by Railyard");
        never.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        never.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox fixBar = new HBox(8, never, spacer, copy);
        fixBar.setAlignment(Pos.CENTER_LEFT);
        fixBar.getStyleClass().add("fix-bar");

        VBox detail = new VBox(6, message, fixBar, fix);
        detail.getStyleClass().add("finding-detail");

        setOrientation(orientation);
        getItems().addAll(list.control(), detail);
        setDividerPositions(orientation == Orientation.HORIZONTAL ? 0.58 : 0.55);
        getStyleClass().add("findings-pane");

        list.selectedRowProperty().addListener((obs, was, now) -> show(now));
        findings.visibleRows().addListener((ListChangeListener<Finding>) change -> {
            if (findings.visibleRows().isEmpty()) {
                show(null);
            }
        });
    }

    ResultTableView<Finding> list() {
        return list;
    }

    private void show(Finding finding) {
        if (finding == null) {
            message.setText("");
            fix.setText("");
            return;
        }
        message.setText(finding.severity().displayName() + " · " + OverviewModel.FindingColumns.kind(finding.kind())
                + (finding.subject().isEmpty() ? "" : " · " + finding.subject()) + "\n" + finding.message());
        fix.setText(finding.hasFix() ? finding.fix() : "");
    }
}
