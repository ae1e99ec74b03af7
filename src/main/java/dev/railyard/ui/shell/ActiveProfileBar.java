package dev.railyard.ui.shell;

import atlantafx.base.theme.Styles;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.ui.Stylesheets;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * A strip above the tabs naming the database the tabs show, tinted by its environment, so
 * whoever looks at the screen knows at once whether this is production.
 */
public final class ActiveProfileBar extends HBox {

    public static final String STYLE = "active-profile-bar";
    public static final String NAME = "active-profile-name";

    private final Label env = new Label();
    private final Label name = new Label();
    private final Label address = new Label();

    public ActiveProfileBar(ShellModel model) {
        getStylesheets().add(Stylesheets.of("shell.css"));
        getStyleClass().add(STYLE);
        setId("active-profile-bar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(10);
        env.getStyleClass().add(StatusBarView.ENV_PILL);
        name.getStyleClass().add(NAME);
        address.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        // The environment pill never shrinks; a long name loses its middle (full text in the tooltip), the address goes first.
        env.setMinWidth(Region.USE_PREF_SIZE);
        name.setMinWidth(60);
        name.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        address.setMinWidth(0);
        address.setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
        getChildren().addAll(env, name, address);
        model.activeProfileProperty().addListener((obs, was, now) -> show(now));
        show(model.activeProfile());
    }

    private void show(ConnectionProfile profile) {
        getStyleClass().removeIf(style -> style.startsWith("env-"));
        env.getStyleClass().removeIf(style -> style.startsWith("env-") && !style.equals(StatusBarView.ENV_PILL));
        setVisible(profile != null);
        setManaged(profile != null);
        if (profile == null) {
            return;
        }
        String tag = SidebarView.environmentStyle(profile.environment());
        getStyleClass().add(tag);
        env.getStyleClass().add(tag);
        env.setText(profile.environment().displayName().toUpperCase(Locale.ROOT));
        name.setText(profile.name());
        name.setTooltip(new javafx.scene.control.Tooltip(profile.name()));
        address.setText(profile.dialect().displayName() + " · " + profile.address());
        address.setTooltip(new javafx.scene.control.Tooltip(address.getText()));
    }
}
