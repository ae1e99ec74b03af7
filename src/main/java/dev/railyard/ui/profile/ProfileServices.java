package dev.railyard.ui.profile;

import dev.railyard.ui.ConnectionAccess;
import dev.railyard.db.ConnectionTester;
import dev.railyard.db.Databases;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretStores;
import dev.railyard.task.JobRunner;
import java.util.concurrent.Executor;

/**
 * What the profile dialogs work with, built once by the application (tests build their own).
 *
 * @param uiThread   where results reach the models: the FX thread in the app
 * @param background for quick local chores off the FX thread (probing the keychain)
 */
public record ProfileServices(
        RailyardHome home,
        ProfileStore profiles,
        SecretStores secrets,
        ConnectionAccess access,
        JobRunner runner,
        ConnectionTester tester,
        Databases databases,
        Executor uiThread,
        Executor background) {
}
