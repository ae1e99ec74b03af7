package dev.railyard.ui.shell;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import java.util.List;

/** The profiles of one environment, as the sidebar shows them under one band. */
public record ProfileGroup(EnvironmentTag environment, List<ConnectionProfile> profiles) {

    public ProfileGroup {
        profiles = List.copyOf(profiles);
    }
}
