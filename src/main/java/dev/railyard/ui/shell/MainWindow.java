package dev.railyard.ui.shell;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import dev.railyard.home.Settings.WindowBounds;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import dev.railyard.ui.task.TaskPanelModel;
import dev.railyard.ui.task.TaskPanelView;
import java.util.List;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.event.ActionEvent;
import javafx.event.EventHandler;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.kordamp.ikonli.feather.Feather;

/**
 * The main window: menus and toolbar on top, connections on the left, one tab per feature in
 * the middle (or the first-run screen while there are no connections), the task panel on the
 * right and the status bar at the bottom.
 */
public final class MainWindow extends BorderPane {

    public static final String STYLE = "main-window";
    public static final String PROBLEM = "profile-problem";

    private final ShellModel model;
    private final TaskPanelModel tasks;
    private final ActiveConnection connection;
    private final TabPane tabs = new TabPane();
    private final java.util.Map<Feature, javafx.beans.value.ObservableValue<java.time.Instant>> dataTimes =
            new java.util.EnumMap<>(Feature.class);
    /** "Not reachable since …" over every tab of the active profile; its title and the details below. */
    private final HBox unreachable = new HBox(10);
    private final javafx.scene.control.Label unreachableTitle = new javafx.scene.control.Label();
    private final javafx.scene.control.Label unreachableText = new javafx.scene.control.Label();
    private final javafx.animation.Timeline healthTicks = new javafx.animation.Timeline(
            new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1), e -> tickHealth()));
    private Runnable about = () -> { };
    private Runnable quit = () -> { };

    /**
     * @param connection the selected database and its pool, for the feature tabs' queries
     */
    public MainWindow(ShellModel model, TaskPanelModel tasks, ActiveConnection connection) {
        this.model = model;
        this.tasks = tasks;
        this.connection = connection;
        getStylesheets().add(Stylesheets.of("shell.css"));
        getStyleClass().add(STYLE);

        setTop(new VBox(menuBar(), toolBar()));
        setLeft(new SidebarView(model));
        // Notices of finished jobs sit over the content's corner; the content stays clickable around them.
        dev.railyard.ui.task.JobNoticesView notices = new dev.railyard.ui.task.JobNoticesView(tasks);
        StackPane center = new StackPane(mainArea(), notices);
        StackPane.setAlignment(notices, javafx.geometry.Pos.BOTTOM_RIGHT);
        setCenter(center);
        TaskPanelView panel = new TaskPanelView(tasks, () -> model.taskPanelOpenProperty().set(false));
        panel.visibleProperty().bind(model.taskPanelOpenProperty());
        panel.managedProperty().bind(panel.visibleProperty());
        setRight(panel);
        setBottom(new StatusBarView(model, tasks));


        sceneProperty().addListener((obs, was, scene) -> {
            if (scene != null) {
                installKeys(scene);
            }
        });
        healthTicks.setCycleCount(javafx.animation.Animation.INDEFINITE);
        // Health checks run while the window is shown (not while it is minimised or closed).
        sceneProperty().addListener((obs, was, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((o, w, now) -> followShowing(now));
                followShowing(scene.getWindow());
            }
        });
        model.health().addListener((javafx.collections.MapChangeListener<String, dev.railyard.db.ServerHealth>) c -> updateBanner());
        model.activeProfileProperty().addListener((obs, was, now) -> updateBanner());
        tabs.getSelectionModel().selectedIndexProperty().addListener((obs, was, now) -> updateBanner());

        applyTheme(model.darkThemeProperty().get());
        model.darkThemeProperty().addListener((obs, was, dark) -> applyTheme(dark));
    }

    public ShellModel model() {
        return model;
    }

    public TaskPanelModel tasks() {
        return tasks;
    }

    /** The selected database: what feature tabs run their queries through. */
    public ActiveConnection connection() {
        return connection;
    }

    /**
     * Puts a feature's view in its tab, in place of the placeholder. While the tab is selected,
     * the toolbar's Refresh runs {@code refresh}.
     *
     * @return true while the tab is selected: a view reads its data when it comes into view
     */
    public ReadOnlyBooleanProperty install(Feature feature, Node view, Runnable refresh) {
        Tab tab = tabs.getTabs().get(feature.ordinal());
        // A tab's controls join the scene when it is first shown: skins and CSS for eight tabs
        // cost more than a second before the first window otherwise.
        if (tab.isSelected()) {
            tab.setContent(view);
        }
        tab.selectedProperty().addListener((obs, was, selected) -> {
            if (selected) {
                if (tab.getContent() != view) {
                    tab.setContent(view);
                }
                model.onRefreshProperty().set(refresh);
            } else if (model.onRefreshProperty().get() == refresh) {
                model.onRefreshProperty().set(null);
            }
        });
        if (tab.isSelected()) {
            model.onRefreshProperty().set(refresh);
        }
        return tab.selectedProperty();
    }

    /**
     * When the data a feature's tab shows was read (null before the first read): the banner that
     * says the server stopped answering names it.
     */
    public void dataTime(Feature feature, javafx.beans.value.ObservableValue<java.time.Instant> readAt) {
        dataTimes.put(feature, readAt);
        readAt.addListener((obs, was, now) -> updateBanner());
        updateBanner();
    }

    /** Selects a feature's tab. */
    public void show(Feature feature) {
        tabs.getSelectionModel().select(feature.ordinal());
    }

    /**
     * Puts the window on {@code stage}: scene, title, remembered bounds, and the question
     * before closing while jobs write. When the close goes ahead the window's place is saved;
     * the app's own close handling (stopping the runner) follows in {@code Application.stop()}.
     */
    public void showIn(Stage stage, String homeFolder) {
        Scene scene = new Scene(this);
        stage.setScene(scene);
        stage.titleProperty().bind(model.windowTitleProperty());
        stage.setMinWidth(WindowPlacement.MIN_WIDTH);
        stage.setMinHeight(WindowPlacement.MIN_HEIGHT);

        WindowBounds saved = model.savedWindow();
        List<Rectangle2D> screens = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
        List<Rectangle2D> primaryFirst = new java.util.ArrayList<>(screens);
        primaryFirst.remove(Screen.getPrimary().getVisualBounds());
        primaryFirst.add(0, Screen.getPrimary().getVisualBounds());
        Rectangle2D place = WindowPlacement.place(saved, primaryFirst);
        stage.setX(place.getMinX());
        stage.setY(place.getMinY());
        stage.setWidth(place.getWidth());
        stage.setHeight(place.getHeight());
        stage.setMaximized(saved != null && saved.maximized());

        about = () -> ShellDialogs.about(stage, homeFolder);
        quit = () -> {
            WindowEvent request = new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST);
            stage.fireEvent(request);
            if (!request.isConsumed()) {
                stage.close();
            }
        };
        stage.setOnCloseRequest(event -> {
            var warning = tasks.closeWarning();
            if (warning.isPresent() && !ShellDialogs.confirmQuit(stage, warning.get())) {
                event.consume();
                return;
            }
            model.rememberWindow(new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                    stage.isMaximized()));
        });
    }

    private MenuBar menuBar() {
        MenuItem add = item("Add connection…", Shortcut.ADD_CONNECTION, e -> model.addConnection());
        MenuItem backUp = item("Back up now", Shortcut.BACK_UP_NOW, e -> model.backUpNow(model.activeProfile()));
        backUp.setId("menu-back-up-now");
        backUp.disableProperty().bind(model.activeProfileProperty().isNull().or(model.onBackUpNowProperty().isNull()));
        MenuItem quitItem = item("Quit", Shortcut.QUIT, e -> quit.run());
        Menu file = new Menu("File", null, add, backUp, new SeparatorMenuItem(), quitItem);

        MenuItem refresh = item("Refresh", Shortcut.REFRESH, e -> model.refresh());
        refresh.disableProperty().bind(model.activeProfileProperty().isNull());
        CheckMenuItem taskPanel = new CheckMenuItem("Task panel");
        taskPanel.setAccelerator(Shortcut.TOGGLE_TASKS.keys());
        taskPanel.selectedProperty().bindBidirectional(model.taskPanelOpenProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setAccelerator(Shortcut.TOGGLE_THEME.keys());
        dark.selectedProperty().bindBidirectional(model.darkThemeProperty());
        Menu view = new Menu("View", null, refresh, new SeparatorMenuItem(), taskPanel, dark);

        // At any time, also once profiles exist: whoever started it (this window or the CLI), the server is shared.
        MenuItem startSandbox = new MenuItem("Start the sandbox", Icons.icon(Feather.PLAY_CIRCLE));
        startSandbox.setId("menu-start-sandbox");
        startSandbox.setOnAction(e -> model.trySandbox());
        startSandbox.disableProperty().bind(model.onTrySandboxProperty().isNull());
        MenuItem stopSandbox = new MenuItem("Stop the sandbox", Icons.icon(Feather.STOP_CIRCLE));
        stopSandbox.setId("menu-stop-sandbox");
        stopSandbox.setOnAction(e -> model.stopSandbox());
        stopSandbox.disableProperty().bind(model.onStopSandboxProperty().isNull());
        Menu sandbox = new Menu("Sandbox", null, startSandbox, stopSandbox);
        sandbox.setId("menu-sandbox");

        MenuItem shortcuts = new MenuItem("Keyboard shortcuts");
        shortcuts.setOnAction(e -> ShellDialogs.shortcuts(getScene() == null ? null : getScene().getWindow()));
        // The shortcuts listed in the menu itself, so they can be found without trying keys.
        CustomMenuItem cheatSheet = new CustomMenuItem(ShellDialogs.shortcutGrid(), false);
        cheatSheet.getStyleClass().add("shortcut-sheet");
        Menu help = new Menu("Help", null, shortcuts, cheatSheet, new SeparatorMenuItem(),
                item("About Railyard", Shortcut.ABOUT, e -> about.run()));

        MenuBar bar = new MenuBar(file, view, sandbox, help);
        bar.setId("menu-bar");
        return bar;
    }

    private static MenuItem item(String text, Shortcut shortcut, EventHandler<ActionEvent> action) {
        MenuItem item = new MenuItem(text);
        item.setAccelerator(shortcut.keys());
        item.setOnAction(action);
        return item;
    }

    private ToolBar toolBar() {
        Button add = new Button("Add connection", Icons.icon(Feather.PLUS));
        add.setId("toolbar-add-connection");
        add.setTooltip(new Tooltip("Add a connection (Ctrl+N)"));
        add.setOnAction(e -> model.addConnection());

        Button refresh = new Button("Refresh", Icons.icon(Feather.REFRESH_CW));
        refresh.setId("toolbar-refresh");
        refresh.setTooltip(new Tooltip("Refresh the current view (Ctrl+R)"));
        refresh.setOnAction(e -> model.refresh());
        refresh.disableProperty().bind(model.activeProfileProperty().isNull());

        Button backUp = new Button("Back up now", Icons.icon(Feather.ARCHIVE));
        backUp.setId("toolbar-back-up-now");
        backUp.setTooltip(new Tooltip("Back up the selected connection with its defaults (Ctrl+B)"));
        backUp.setOnAction(e -> model.backUpNow(model.activeProfile()));
        backUp.disableProperty().bind(model.activeProfileProperty().isNull().or(model.onBackUpNowProperty().isNull()));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        ToggleButton taskPanel = new ToggleButton("Tasks", Icons.icon(Feather.LIST));
        taskPanel.setId("toolbar-tasks");
        taskPanel.setTooltip(new Tooltip("Show or hide the task panel (Ctrl+J)"));
        taskPanel.selectedProperty().bindBidirectional(model.taskPanelOpenProperty());
        taskPanel.textProperty().bind(Bindings.createStringBinding(() -> {
            int active = tasks.runningProperty().get() + tasks.queuedProperty().get();
            return active == 0 ? "Tasks" : "Tasks (" + active + ")";
        }, tasks.runningProperty(), tasks.queuedProperty()));

        Button theme = new Button();
        theme.setId("toolbar-theme");
        theme.getStyleClass().add(Styles.BUTTON_ICON);
        theme.setTooltip(new Tooltip("Switch light / dark theme (Ctrl+Shift+T)"));
        theme.graphicProperty().bind(Bindings.createObjectBinding(
                () -> Icons.icon(model.darkThemeProperty().get() ? Feather.SUN : Feather.MOON),
                model.darkThemeProperty()));
        theme.setOnAction(e -> model.toggleTheme());

        ToolBar bar = new ToolBar(add, refresh, backUp, spacer, taskPanel, theme);
        bar.setId("tool-bar");
        return bar;
    }

    private Region mainArea() {
        for (Feature feature : Feature.values()) {
            Tab tab = new Tab(feature.title(), new FeaturePlaceholderView(feature, model));
            tab.setClosable(false);
            tab.setId("tab-" + feature.name().toLowerCase(java.util.Locale.ROOT));
            tabs.getTabs().add(tab);
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("feature-tabs");

        EmptyStateView empty = new EmptyStateView(model);
        empty.visibleProperty().bind(model.hasProfilesProperty().not());

        Message problem = new Message("Connections file", null, Icons.icon(Feather.ALERT_TRIANGLE));
        problem.getStyleClass().addAll(Styles.WARNING, PROBLEM);
        problem.setId("profile-problem");
        problem.descriptionProperty().bind(model.profileProblemProperty());
        problem.visibleProperty().bind(model.profileProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        ActiveProfileBar activeProfile = new ActiveProfileBar(model);
        unreachableTitle.setId("unreachable-title");
        unreachableTitle.getStyleClass().addAll(Styles.TEXT_BOLD, "unreachable-title");
        unreachableTitle.setWrapText(true);
        unreachableText.setId("unreachable-text");
        unreachableText.setWrapText(true);
        VBox unreachableWords = new VBox(2, unreachableTitle, unreachableText);
        HBox.setHgrow(unreachableWords, Priority.ALWAYS);
        unreachable.getChildren().setAll(Icons.icon(Feather.WIFI_OFF, 20), unreachableWords);
        unreachable.getStyleClass().add("unreachable-banner");
        unreachable.setId("unreachable-banner");
        unreachable.setMinHeight(Region.USE_PREF_SIZE);
        unreachable.setVisible(false);
        unreachable.managedProperty().bind(unreachable.visibleProperty());
        VBox workArea = new VBox(activeProfile, unreachable, tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        workArea.setId("work-area");
        workArea.visibleProperty().bind(model.hasProfilesProperty());

        StackPane stack = new StackPane(workArea, empty);
        VBox.setVgrow(stack, Priority.ALWAYS);
        return new VBox(problem, stack);
    }

    /**
     * Keys that work wherever the focus is: Ctrl+1…8 show a tab, Ctrl+F goes to the current tab's
     * filter, Ctrl+Tab and Ctrl+Shift+Tab move between tabs (a filter on the scene, so a table
     * or a text field that would take the key for itself does not).
     */
    private void installKeys(Scene scene) {
        Feature[] features = Feature.values();
        for (int i = 0; i < features.length; i++) {
            Feature feature = features[i];
            scene.getAccelerators().put(javafx.scene.input.KeyCombination.keyCombination("Shortcut+" + (i + 1)),
                    () -> show(feature));
        }
        scene.getAccelerators().put(Shortcut.FILTER.keys(), this::focusFilter);
        scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == javafx.scene.input.KeyCode.TAB && event.isControlDown()) {
                int count = tabs.getTabs().size();
                int at = tabs.getSelectionModel().getSelectedIndex();
                tabs.getSelectionModel().select((at + (event.isShiftDown() ? count - 1 : 1)) % count);
                event.consume();
            }
        });
    }

    /** Ctrl+F: the selected tab's filter field, if it has one. */
    public boolean focusFilter() {
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (tab == null || tab.getContent() == null) {
            return false;
        }
        for (Node field : tab.getContent().lookupAll(".text-field")) {
            if (field.getId() != null && field.getId().endsWith("-filter") && field.isVisible() && !field.isDisabled()) {
                field.requestFocus();
                if (field instanceof javafx.scene.control.TextField text) {
                    text.selectAll();
                }
                return true;
            }
        }
        return false;
    }

    private void followShowing(javafx.stage.Window window) {
        if (window == null) {
            healthTicks.stop();
            return;
        }
        Runnable follow = () -> {
            boolean iconified = window instanceof Stage stage && stage.isIconified();
            if (window.isShowing() && !iconified) {
                healthTicks.play();
            } else {
                healthTicks.stop();
            }
        };
        window.showingProperty().addListener((obs, was, now) -> follow.run());
        if (window instanceof Stage stage) {
            stage.iconifiedProperty().addListener((obs, was, now) -> follow.run());
        }
        follow.run();
    }

    private void tickHealth() {
        connection.health().tick();
    }

    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", java.util.Locale.ROOT);

    private static String clock(java.time.Instant instant) {
        return CLOCK.format(instant.atZone(java.time.ZoneId.systemDefault()));
    }

    /** "Not reachable since 14:02:11 — the data below is from 14:01:40", over every tab of the profile. */
    private void updateBanner() {
        dev.railyard.db.ServerHealth health = model.activeHealth();
        if (health == null || health.answers()) {
            unreachable.setVisible(false);
            return;
        }
        Feature shown = Feature.values()[Math.max(0, tabs.getSelectionModel().getSelectedIndex())];
        var readAt = dataTimes.get(shown);
        java.time.Instant dataTime = readAt == null ? null : readAt.getValue();
        String what = health.state() == dev.railyard.db.ServerHealth.State.AUTH_FAILED
                ? "Authentication failed since " : "Not reachable since ";
        String data = dataTime != null ? "the data below is from " + clock(dataTime)
                : health.lastGood() != null ? "it last answered at " + clock(health.lastGood())
                : "it has not answered since this window opened";
        unreachableTitle.setText(what + clock(health.downSince()) + " — " + data);
        unreachableText.setText(health.problem() == null ? ""
                : health.problem().summary() + (health.problem().fix().isEmpty() ? "" : "\n" + health.problem().fix())
                + "\nChecked again by itself; the tab reads again when the server answers.");
        unreachable.setVisible(true);
    }

    private static void applyTheme(boolean dark) {
        // The user-agent stylesheet is the application's; this window is the application's only one.
        // The precompiled (binary) form: parsing the 170 KB CSS text on every switch froze the window.
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheetBSS()
                : new PrimerLight().getUserAgentStylesheetBSS());
    }
}
