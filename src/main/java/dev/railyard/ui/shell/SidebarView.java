package dev.railyard.ui.shell;

import atlantafx.base.theme.Styles;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.ui.Icons;
import dev.railyard.ui.Stylesheets;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The connections, grouped under one coloured band per environment: production red, staging
 * amber, development neutral, so nobody mistakes which database they are about to touch.
 */
public final class SidebarView extends VBox {

    public static final String STYLE = "sidebar";
    public static final String HEADER = "sidebar-header";
    public static final String GROUPS = "sidebar-groups";
    public static final String BAND = "env-band";
    public static final String ENTRY = "profile-entry";
    public static final String ENTRY_NAME = "profile-name";
    public static final String ENTRY_ADDRESS = "profile-address";
    public static final String EMPTY = "sidebar-empty";
    private static final PseudoClass ACTIVE = PseudoClass.getPseudoClass("active");

    private final ShellModel model;
    private final VBox groups = new VBox();
    /** Each listed profile's health line, by name. */
    private final java.util.Map<String, Label> healthLabels = new java.util.HashMap<>();
    public static final String HEALTH = "profile-health";
    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    public SidebarView(ShellModel model) {
        this.model = model;
        getStylesheets().add(Stylesheets.of("shell.css"));
        getStyleClass().add(STYLE);
        setId("sidebar");

        Label title = new Label("Connections");
        title.getStyleClass().add(Styles.TEXT_CAPTION);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button add = new Button(null, Icons.icon(Feather.PLUS));
        add.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        add.setTooltip(new Tooltip("Add a connection (Ctrl+N)"));
        add.setOnAction(e -> model.addConnection());
        HBox header = new HBox(title, spacer, add);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add(HEADER);

        groups.getStyleClass().add(GROUPS);
        groups.setId("sidebar-groups");
        ScrollPane scroll = new ScrollPane(groups);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(header, scroll);

        model.groups().addListener((ListChangeListener<ProfileGroup>) change -> rebuild());
        model.activeProfileProperty().addListener((obs, was, now) -> markActive());
        model.health().addListener((javafx.collections.MapChangeListener<String, dev.railyard.db.ServerHealth>) change ->
                showHealth(change.getKey()));
        rebuild();
    }

    /** Style class of an environment's band and entries: "env-production", "env-staging", "env-development". */
    public static String environmentStyle(EnvironmentTag tag) {
        return "env-" + tag.id();
    }

    /** Style class of a health state: "health-up", "health-slow", "health-down", "health-auth_failed". */
    public static String healthStyle(dev.railyard.db.ServerHealth.State state) {
        return "health-" + state.name().toLowerCase(Locale.ROOT);
    }

    /** "Up · 14:02:01", "Down · last answer 14:01:40": the state and the time of the last good answer. */
    static String healthText(dev.railyard.db.ServerHealth health) {
        String last = health.lastGood() == null ? "no answer yet"
                : (health.answers() ? "" : "last answer ") + CLOCK.format(health.lastGood().atZone(java.time.ZoneId.systemDefault()));
        String trip = health.state() == dev.railyard.db.ServerHealth.State.SLOW && health.roundTrip() != null
                ? " (" + health.roundTrip().toMillis() + " ms)" : "";
        return health.state().displayName() + trip + " · " + last;
    }

    private void showHealth(String name) {
        Label label = healthLabels.get(name);
        if (label == null) {
            return;
        }
        dev.railyard.db.ServerHealth health = model.health().get(name);
        label.getStyleClass().removeIf(style -> style.startsWith("health-"));
        if (health == null) {
            label.setVisible(false);
            label.setManaged(false);
            return;
        }
        label.setText(healthText(health));
        label.getStyleClass().add(healthStyle(health.state()));
        label.setTooltip(new Tooltip(health.problem() == null ? "Checked " + CLOCK.format(
                health.checkedAt().atZone(java.time.ZoneId.systemDefault()))
                : health.problem().summary() + "\n" + health.problem().fix()));
        label.setVisible(true);
        label.setManaged(true);
    }

    private void rebuild() {
        groups.getChildren().clear();
        healthLabels.clear();
        if (model.groups().isEmpty()) {
            Label empty = new Label("No connections yet.\nAdd one with the + above or Ctrl+N.");
            empty.setWrapText(true);
            empty.getStyleClass().addAll(EMPTY, Styles.TEXT_MUTED);
            groups.getChildren().add(empty);
            return;
        }
        for (ProfileGroup group : model.groups()) {
            Label band = new Label(group.environment().displayName().toUpperCase(Locale.ROOT)
                    + "  ·  " + group.profiles().size());
            band.getStyleClass().addAll(BAND, environmentStyle(group.environment()));
            band.setMaxWidth(Double.MAX_VALUE);
            band.setId("band-" + group.environment().id());
            if (group.environment().isProduction()) {
                band.setGraphic(Icons.icon(Feather.ALERT_TRIANGLE, 14));
            }
            groups.getChildren().add(band);
            for (ConnectionProfile profile : group.profiles()) {
                groups.getChildren().add(entry(profile));
            }
        }
        markActive();
    }

    private Button entry(ConnectionProfile profile) {
        Label name = new Label(profile.name());
        name.getStyleClass().add(ENTRY_NAME);
        // shop-prod and shop-prod-local stay apart when the sidebar is narrow: the middle goes, not the end.
        name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        name.setMinWidth(0);
        Label address = new Label(profile.dialect().displayName() + " · " + profile.host() + ":" + profile.port());
        address.getStyleClass().addAll(ENTRY_ADDRESS, Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        address.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
        javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(4);
        dot.getStyleClass().add("health-dot");
        Label health = new Label(null, dot);
        health.getStyleClass().addAll(HEALTH, Styles.TEXT_SMALL);
        health.setId("profile-health-" + profile.name());
        health.setVisible(false);
        health.setManaged(false);
        healthLabels.put(profile.name(), health);
        VBox text = new VBox(name, address, health);
        text.setMinWidth(0);

        Button entry = new Button(null, text);
        entry.getStyleClass().addAll(ENTRY, environmentStyle(profile.environment()));
        entry.setMaxWidth(Double.MAX_VALUE);
        entry.setAlignment(Pos.CENTER_LEFT);
        entry.setUserData(profile.name());
        entry.setId("profile-" + profile.name());
        entry.setTooltip(new Tooltip(profile.name() + "\n" + profile.environment().displayName() + " · " + profile.dialect().displayName()
                + "\n" + profile.address()));
        entry.setOnAction(e -> model.select(profile));
        entry.setContextMenu(contextMenu(profile));
        showHealth(profile.name());
        return entry;
    }

    /** Right-click on a connection: test, edit, duplicate, delete. */
    private ContextMenu contextMenu(ConnectionProfile profile) {
        MenuItem test = menuItem("Test connection", Feather.ZAP, model.onTestProfileProperty().isNull());
        test.setOnAction(e -> model.testProfile(profile));
        MenuItem edit = menuItem("Edit…", Feather.EDIT_2, model.onEditProfileProperty().isNull());
        edit.setOnAction(e -> model.editProfile(profile));
        MenuItem duplicate = menuItem("Duplicate…", Feather.COPY, model.onDuplicateProfileProperty().isNull());
        duplicate.setOnAction(e -> model.duplicateProfile(profile));
        MenuItem delete = menuItem("Delete…", Feather.TRASH_2, model.onDeleteProfileProperty().isNull());
        delete.setOnAction(e -> model.deleteProfile(profile));
        MenuItem backUp = menuItem("Back up now", Feather.ARCHIVE, model.onBackUpNowProperty().isNull());
        backUp.setId("profile-back-up-" + profile.name());
        backUp.setOnAction(e -> model.backUpNow(profile));
        ContextMenu menu = new ContextMenu(test, backUp, edit, duplicate, new SeparatorMenuItem(), delete);
        menu.setId("profile-menu-" + profile.name());
        return menu;
    }

    private static MenuItem menuItem(String text, Feather icon, javafx.beans.value.ObservableBooleanValue disabled) {
        MenuItem item = new MenuItem(text, Icons.icon(icon, 14));
        item.disableProperty().bind(disabled);
        return item;
    }

    private void markActive() {
        ConnectionProfile active = model.activeProfile();
        for (var node : groups.getChildren()) {
            if (node.getStyleClass().contains(ENTRY)) {
                node.pseudoClassStateChanged(ACTIVE, active != null && active.name().equals(node.getUserData()));
            }
        }
    }
}
