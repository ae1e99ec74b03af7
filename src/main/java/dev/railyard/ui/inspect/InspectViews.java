package dev.railyard.ui.inspect;

import dev.railyard.ui.shell.Feature;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;

/** The five inspect tabs, built once for the window: {@link #view} is what the main window shows for a feature. */
public final class InspectViews {

    private final Map<Feature, InspectTabView<?, ?>> views = new EnumMap<>(Feature.class);

    /** Build after the window's ActiveConnection, so each tab hears of a new selection after it. */
    public InspectViews(InspectServices services) {
        views.put(Feature.OVERVIEW, new OverviewView(new OverviewModel(services)));
        views.put(Feature.TABLES, new TablesView(new TablesModel(services)));
        views.put(Feature.INDEXES, new IndexesView(new IndexesModel(services)));
        views.put(Feature.QUERIES, new QueriesView(new QueriesModel(services)));
        views.put(Feature.ACTIVITY, new ActivityView(new ActivityModel(services)));
    }

    /** The feature's view, or null for features this package does not show. */
    public Node view(Feature feature) {
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
