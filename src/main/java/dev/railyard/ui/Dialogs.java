package dev.railyard.ui;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeTableView;
import javafx.stage.Screen;
import javafx.stage.Window;

/** What Railyard's small dialogs (profile, migration confirmations) are made of, and the rule that every dialog fits the screen. */
public final class Dialogs {

    /**
     * The tallest a dialog gets, whatever the screen: a 1024×640 laptop screen shows it whole with
     * room for the window's title bar (#17 "every dialog fits"). Longer content scrolls inside it.
     */
    public static final double MAX_HEIGHT = 600;
    /** The widest a dialog gets; a dialog never needs more to be read. */
    public static final double MAX_WIDTH = 980;
    private static final double SCREEN_MARGIN = 40;
    private static final String FITTED = "railyard.dialog.fitted";
    private static boolean fitting;

    private Dialogs() {
    }

    /** An empty dialog with its title, stylesheet and style class, owned by {@code owner} when there is one. */
    public static <T> Dialog<T> create(Window owner, String title, String stylesheet, String styleClass, double width) {
        Dialog<T> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.getDialogPane().getStylesheets().add(Stylesheets.of(stylesheet));
        dialog.getDialogPane().getStyleClass().add(styleClass);
        dialog.getDialogPane().setPrefWidth(width);
        if (owner != null) {
            dialog.initOwner(owner);
        }
        return dialog;
    }

    /** A label that wraps its text at {@code maxWidth}. */
    public static Label wrapped(String text, double maxWidth) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(maxWidth);
        return label;
    }

    /**
     * From now on every dialog window this application shows (alerts, confirmations, logs, and
     * dialogs written later) is kept within {@link #MAX_WIDTH}×{@link #MAX_HEIGHT} and on its
     * screen; content that does not fit scrolls, so the buttons always stay in view. One rule in one
     * place instead of a size in each dialog. Call on the FX thread; calling again does nothing.
     */
    public static void fitEveryDialog() {
        if (fitting) {
            return;
        }
        fitting = true;
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                for (Window window : change.getAddedSubList()) {
                    // After the window has sized itself to its content.
                    Platform.runLater(() -> fit(window));
                }
            }
        });
    }

    /** Shrinks a dialog window that is taller or wider than allowed, making its content scroll. */
    static void fit(Window window) {
        if (!window.isShowing() || window.getScene() == null || !(window.getScene().getRoot() instanceof DialogPane pane)) {
            return;
        }
        Rectangle2D screen = screenOf(window);
        double maxWidth = Math.min(MAX_WIDTH, screen.getWidth() - SCREEN_MARGIN);
        double maxHeight = Math.min(MAX_HEIGHT, screen.getHeight() - SCREEN_MARGIN);
        if (window.getHeight() > maxHeight + 0.5) {
            scrollable(pane);
            window.setHeight(maxHeight);
        }
        if (window.getWidth() > maxWidth + 0.5) {
            scrollable(pane);
            window.setWidth(maxWidth);
        }
        window.setX(Math.max(screen.getMinX(), Math.min(window.getX(), screen.getMaxX() - window.getWidth())));
        window.setY(Math.max(screen.getMinY(), Math.min(window.getY(), screen.getMaxY() - window.getHeight())));
    }

    /** Puts the pane's content (or its content text) into a scroll pane, unless it scrolls already. */
    private static void scrollable(DialogPane pane) {
        if (pane.getProperties().containsKey(FITTED)) {
            return;
        }
        pane.getProperties().put(FITTED, Boolean.TRUE);
        Node content = pane.getContent();
        if (content == null) {
            String text = pane.getContentText();
            if (text == null || text.isEmpty()) {
                return;
            }
            Label label = new Label(text);
            label.setWrapText(true);
            label.getStyleClass().add("content");
            content = label;
        } else if (content instanceof ScrollPane || content instanceof TextArea || content instanceof ListView<?>
                || content instanceof TableView<?> || content instanceof TreeTableView<?>) {
            return; // it scrolls on its own once given less room
        }
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("dialog-scroll");
        pane.setContent(scroll);
    }

    private static Rectangle2D screenOf(Window window) {
        Window placedBy = window;
        if (window instanceof javafx.stage.Stage stage && stage.getOwner() != null) {
            placedBy = stage.getOwner();
        }
        var screens = Screen.getScreensForRectangle(placedBy.getX(), placedBy.getY(),
                Math.max(1, placedBy.getWidth()), Math.max(1, placedBy.getHeight()));
        return (screens.isEmpty() ? Screen.getPrimary() : screens.get(0)).getVisualBounds();
    }
}
