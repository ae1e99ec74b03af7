package dev.railyard.ui.inspect;

import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.shell.MainWindow;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The five inspect tabs, put in the main window once: each reads while its tab is selected. */
public final class InspectViews {

    private final Map<Feature, InspectTabView<?, ?>> views = new EnumMap<>(Feature.class);

    private InspectViews() {
    }

    /**
     * Builds the tabs and installs them in {@code window} in place of their placeholders; the
     * window's Refresh (Ctrl+R) reaches the selected one; double-clicking a table (Tables, Indexes)
     * asks {@code tables} to open it. Call after the window's ActiveConnection
     * exists, so each tab hears of a new selection after it.
     */
    public static InspectViews install(MainWindow window, InspectServices services, TableOpener tables) {
        InspectViews inspect = new InspectViews();
        inspect.add(window, new OverviewView(new OverviewModel(services)));
        inspect.add(window, new TablesView(new TablesModel(services), tables));
        inspect.add(window, new IndexesView(new IndexesModel(services), tables));
        inspect.add(window, new QueriesView(new QueriesModel(services)));
        inspect.add(window, new ActivityView(new ActivityModel(services), tables));
        inspect.linkFindings(window);
        return inspect;
    }

    private void add(MainWindow window, InspectTabView<?, ?> view) {
        InspectModel<?, ?> model = view.model();
        views.put(model.feature(), view);
        Runnable refresh = model::refresh;
        model.bindShowing(window.install(model.feature(), view, refresh));
        window.dataTime(model.feature(), model.readAtProperty());
    }

    /**
     * The Overview shows every finding: its own, and a count for each other tab with findings
     * (Indexes), read along with the Overview when that tab has not read yet; the count opens the tab.
     */
    private void linkFindings(MainWindow window) {
        OverviewModel overview = (OverviewModel) model(Feature.OVERVIEW);
        IndexesModel indexes = (IndexesModel) model(Feature.INDEXES);
        overview.onOpenProperty().set(window::show);
        Runnable count = () -> overview.elsewhere(Feature.INDEXES,
                indexes.report() == null ? null : indexes.report().findings().size());
        indexes.reportProperty().addListener((obs, was, now) -> count.run());
        count.run();
        overview.reportProperty().addListener((obs, was, now) -> {
            if (now != null && indexes.report() == null && !indexes.loadingProperty().get()) {
                indexes.refresh(); // one more statement, so the count is there without opening the tab
            }
        });
    }

    public InspectTabView<?, ?> view(Feature feature) {
        return views.get(feature);
    }

    public InspectModel<?, ?> model(Feature feature) {
        InspectTabView<?, ?> view = views.get(feature);
        return view == null ? null : view.model();
    }

    public List<InspectModel<?, ?>> models() {
        return views.values().stream().<InspectModel<?, ?>>map(InspectTabView::model).toList();
    }

    /** Stops the tabs following the selection. */
    public void dispose() {
        models().forEach(InspectModel::dispose);
    }
}
