package dev.railyard.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.home.Settings.Theme;
import dev.railyard.home.Settings.WindowBounds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path home;

    @Test
    void missingFileMeansDefaults() {
        Settings settings = new SettingsStore(home.resolve("settings.json")).load();
        assertEquals(Theme.LIGHT, settings.theme());
        assertNull(settings.window());
        assertFalse(settings.taskPanelOpen());
    }

    @Test
    void savedSettingsComeBackInANewStore() {
        Path file = home.resolve("settings.json");
        new SettingsStore(file).save(Settings.defaults().withTheme(Theme.DARK)
                .withWindow(new WindowBounds(10, 20, 1000, 700, true)).withTaskPanelOpen(true));

        Settings read = new SettingsStore(file).load();
        assertEquals(Theme.DARK, read.theme());
        assertEquals(new WindowBounds(10, 20, 1000, 700, true), read.window());
        assertTrue(read.taskPanelOpen());
    }

    @Test
    void updateChangesOnlyWhatItTouches() {
        Path file = home.resolve("settings.json");
        SettingsStore store = new SettingsStore(file);
        store.save(Settings.defaults().withTheme(Theme.DARK));
        store.update(s -> s.withTaskPanelOpen(true));

        Settings read = new SettingsStore(file).load();
        assertEquals(Theme.DARK, read.theme());
        assertTrue(read.taskPanelOpen());
    }

    @Test
    void damagedFileFallsBackToDefaultsAndIsRewrittenOnSave() throws Exception {
        Path file = home.resolve("settings.json");
        Files.writeString(file, "{ \"theme\": \"DARK\", ");
        SettingsStore store = new SettingsStore(file);
        assertEquals(Theme.LIGHT, store.load().theme());

        store.update(s -> s.withTheme(Theme.DARK));
        assertEquals(Theme.DARK, new SettingsStore(file).load().theme());
    }

    @Test
    void themeFromANewerVersionReadsAsLightAndKeepsTheRest() throws Exception {
        Path file = home.resolve("settings.json");
        Files.writeString(file, "{\"theme\":\"SOLARIZED\",\"taskPanelOpen\":true,\"futureField\":1}");
        Settings read = new SettingsStore(file).load();
        assertEquals(Theme.LIGHT, read.theme());
        assertTrue(read.taskPanelOpen());
    }
}
