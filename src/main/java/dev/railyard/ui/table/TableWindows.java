package dev.railyard.ui.table;

import dev.railyard.inspect.table.TableRef;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.inspect.InspectServices;
import dev.railyard.ui.inspect.TableOpener;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Opens a look inside a table in a window of its own, one per table and profile (opening it again
 * brings it to the front), the size of the main window or a little smaller, so rows and DDL can
 * sit beside the tab they came from. The windows close with the main window.
 */
public final class TableWindows implements TableOpener {

    private final InspectServices services;
    private final Supplier<Window> owner;
    private final Map<String, Stage> open = new HashMap<>();

    /** @param owner the main window, once shown */
    public TableWindows(InspectServices services, Supplier<Window> owner) {
        this.services = services;
        this.owner = owner;
    }

    @Override
    public void open(TableRef table) {
        ConnectionProfile profile = services.connection().profile();
        if (profile == null) {
            return;
        }
        String key = profile.name() + "\u0000" + table.schema() + "\u0000" + table.name();
        Stage shown = open.get(key);
        if (shown != null) {
            shown.toFront();
            shown.requestFocus();
            return;
        }
        TableDetailsModel model = new TableDetailsModel(services, profile, table);
        TableDetailsView view = new TableDetailsView(model, this);
        Stage stage = new Stage();
        Window main = owner.get();
        if (main != null) {
            stage.initOwner(main);
        }
        stage.setTitle(model.title());
        double width = main == null ? 1100 : Math.min(1200, main.getWidth() - 60);
        double height = main == null ? 700 : Math.min(800, main.getHeight() - 60);
        stage.setScene(new Scene(view, Math.max(640, width), Math.max(420, height)));
        stage.setMinWidth(600);
        stage.setMinHeight(400);
        if (main != null) {
            stage.setX(main.getX() + 30);
            stage.setY(main.getY() + 30);
        }
        stage.setOnHidden(e -> {
            open.remove(key);
            model.dispose();
        });
        open.put(key, stage);
        stage.show();
    }

    /** The open windows' views, for tests. */
    public java.util.List<TableDetailsView> views() {
        return open.values().stream().map(s -> (TableDetailsView) s.getScene().getRoot()).toList();
    }
}
