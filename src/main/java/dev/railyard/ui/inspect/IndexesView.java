package dev.railyard.ui.inspect;

import atlantafx.base.theme.Styles;
import dev.railyard.inspect.IndexReport;
import dev.railyard.inspect.IndexRow;
import dev.railyard.inspect.table.TableRef;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Indexes tab: findings with the DDL that would fix them on top, every index below. */
public final class IndexesView extends InspectTabView<IndexReport, IndexRow> {

    /** @param opener what double-clicking an index opens: a look inside its table */
    public IndexesView(IndexesModel model, TableOpener opener) {
        this(model, new ResultTableView<>(model.table(), "indexes", model.placeholderProperty()), opener);
    }

    private IndexesView(IndexesModel model, ResultTableView<IndexRow> indexes, TableOpener opener) {
        super(model, indexes);
        reportCopies(indexes);
        TableOpener.onRows(indexes, opener, row -> new TableRef(row.schema(), row.table()));
        indexes.setRowStyles(r -> r.valid() ? List.of() : List.of("index-invalid"));

        addBanner(note("indexes-notes", model.notesProperty(), Styles.TEXT_MUTED));

        FindingsPane findings = new FindingsPane(model.findings(), "indexes",
                Bindings.createStringBinding(() -> model.report() == null ? ""
                        : model.findings().rows().isEmpty() ? "No findings: every index is used and none duplicates another."
                        : "No findings match the filter.", model.reportProperty(), model.findings().visibleRows()),
                Orientation.HORIZONTAL, () -> model.setMessage("Copied the fix to the clipboard."));
        reportCopies(findings.list());

        Label findingsTitle = new Label("Findings");
        findingsTitle.getStyleClass().add(Styles.TITLE_4);
        VBox top = new VBox(6, findingsTitle, findings);
        VBox.setVgrow(findings, Priority.ALWAYS);

        Label indexesTitle = new Label();
        indexesTitle.getStyleClass().add(Styles.TITLE_4);
        indexesTitle.setId("indexes-summary");
        indexesTitle.textProperty().bind(Bindings.createStringBinding(() -> model.summaryProperty().get().isEmpty()
                ? "Indexes" : "Indexes · " + model.summaryProperty().get(), model.summaryProperty()));
        VBox bottom = new VBox(6, indexesTitle, indexes.control());
        VBox.setVgrow(indexes.control(), Priority.ALWAYS);

        SplitPane body = new SplitPane(top, bottom);
        body.setOrientation(Orientation.VERTICAL);
        body.setDividerPositions(0.45);
        body.getStyleClass().add("inspect-body");
        setBody(body);
    }
}
