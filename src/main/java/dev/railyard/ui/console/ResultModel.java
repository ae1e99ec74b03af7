package dev.railyard.ui.console;

import dev.railyard.console.ResultPages;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One result set of a console run, as its tab shows it: the rows that arrived so far (held by
 * {@link ResultPages}, bounded in memory), how many the grid may show, and a line that says
 * whether more are coming, held back, or all there. Properties change on the UI thread only.
 */
public final class ResultModel {

    public enum State {
        /** Rows are arriving. */
        STREAMING,
        /** A page arrived and the server waits: more come when the grid is scrolled to its end. */
        PAUSED,
        /** Every row is here. */
        DONE,
        /** Reading stopped (Cancel, a new run, an error) before the last row. */
        STOPPED
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResultModel.class);

    private final String title;
    private final String statement;
    private final ResultPages pages;
    private final ReadOnlyLongWrapper rows = new ReadOnlyLongWrapper(this, "rows");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.STREAMING);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Running…");
    private Runnable onMore = () -> { };
    private Duration elapsed = Duration.ZERO;
    /** The plan this result holds (its rows are then the server's raw text); null for a result set. */
    private final dev.railyard.console.ExplainResult plan;

    ResultModel(String title, String statement, ResultPages pages) {
        this(title, statement, pages, null);
    }

    ResultModel(String title, String statement, ResultPages pages, dev.railyard.console.ExplainResult plan) {
        this.title = title;
        this.statement = statement;
        this.pages = pages;
        this.plan = plan;
    }

    /** The plan shown in the plan viewer, or null for a result set. */
    public dev.railyard.console.ExplainResult plan() {
        return plan;
    }

    public String title() {
        return title;
    }

    /** The statement that produced it: what an export runs again. */
    public String statement() {
        return statement;
    }

    public List<String> columns() {
        return pages.columns();
    }

    /** The row at {@code index}, below {@link #rowsProperty()}. */
    public Object[] row(long index) {
        return pages.row(index);
    }

    /** Rows the grid shows: what arrived up to the last batch handed to the UI. */
    public ReadOnlyLongProperty rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "150,000 rows · 1.4 s", "First 50,000 rows — scroll to the end for more". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Asks for the next page of a paused result (the grid was scrolled to its end). */
    public void more() {
        if (state.get() == State.PAUSED) {
            onMore.run();
        }
    }

    void onMore(Runnable action) {
        this.onMore = action;
    }

    /** A batch reached the UI: {@code count} rows are readable. */
    void update(long count, State now, Duration took) {
        rows.set(count);
        elapsed = took;
        state.set(now);
        summary.set(describe(count, now, took));
    }

    /** Reading stopped where it was. */
    void stopped() {
        if (state.get() == State.STREAMING || state.get() == State.PAUSED) {
            state.set(State.STOPPED);
            summary.set(describe(rows.get(), State.STOPPED, elapsed));
        }
    }

    static String describe(long count, State state, Duration took) {
        String rows = count(count);
        return switch (state) {
            case STREAMING -> rows + " so far · " + seconds(took);
            case PAUSED -> "First " + rows + " · more wait on the server: scroll to the end or Fetch more";
            case DONE -> rows + " · " + seconds(took);
            case STOPPED -> rows + " shown · stopped before the end of the result";
        };
    }

    static String count(long rows) {
        return String.format(Locale.ROOT, "%,d %s", rows, rows == 1 ? "row" : "rows");
    }

    static String seconds(Duration took) {
        long millis = took.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Drops the rows and deletes their spool file (the tab closed, or a new run replaced it). */
    void close() {
        try {
            pages.close();
        } catch (IOException e) {
            LOG.warn("Could not delete the result's spool file", e);
        }
    }
}
