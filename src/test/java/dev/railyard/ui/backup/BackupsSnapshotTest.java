package dev.railyard.ui.backup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupState;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SslMode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the Backups tab with a few backups and of the restore dialog, for people to look
 * at: written to /work/wt (or RAILYARD_SNAPSHOTS) as backup-tab.png and backup-restore*.png.
 */
class BackupsSnapshotTest extends BackupsTabTestBase {

    @org.testfx.framework.junit5.Start
    void start(javafx.stage.Stage stage) {
        open(stage);
    }

    private static Path folder() throws Exception {
        String configured = System.getenv("RAILYARD_SNAPSHOTS");
        Path dir = configured != null ? Path.of(configured) : Path.of("/work/wt");
        return Files.isDirectory(dir) ? dir : Files.createTempDirectory("railyard-snapshots");
    }

    static Path snapshot(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path file = folder().resolve(name);
        ImageIO.write(out, "png", file.toFile());
        return file;
    }

    private void backUp(FxRobot robot, String note, int expected) throws Exception {
        robot.interact(() -> model().backUpNow(note));
        waitUntil(() -> model().backups().size() == expected);
    }

    private BackupsModel model() {
        return model;
    }

    @Test
    void picturesOfTheTabAndTheRestoreDialog(FxRobot robot) throws Exception {
        selectShop(robot, null);
        backUp(robot, "nightly", 1);
        backUp(robot, "before release 2.4", 2);
        backUp(robot, "", 3);
        CatalogEntry oldest = model().backups().get(2);
        CatalogEntry middle = model().backups().get(1);
        robot.interact(() -> model().pin(oldest, true));
        waitUntil(() -> model().backups().get(2).pinned());
        robot.interact(() -> {
            model().catalog().recordVerification(oldest, new BackupState.Verification(BackupState.Verification.Level.QUICK,
                    false, Instant.now(), "the sha256 differs from the manifest's: the file changed after the backup"));
        });
        robot.interact(() -> model().verifyQuick(middle));
        waitUntil(() -> model().backups().get(1).verified());
        robot.interact(() -> {
            model().selectedProperty().set(model().backups().get(0));
            shell.taskPanelOpenProperty().set(false);
        });
        assertTrue(!robot.lookup("#backups-back-up-now").queryButton().isDisabled());
        Path tab = snapshot(robot.lookup("#backups-view").query().getScene(), "backup-tab.png");
        assertTrue(Files.size(tab) > 0);

        ConnectionProfile prod = new ConnectionProfile("shop-prod", Dialect.POSTGRESQL, "shop.internal", 5432, "shop",
                "postgres", SslMode.REQUIRE, null, EnvironmentTag.PRODUCTION, null, null, null, null, null, 0);
        rig.profiles.save(prod);

        AtomicReference<RestoreDialog> dialog = new AtomicReference<>();
        robot.interact(() -> {
            RestoreDialog d = new RestoreDialog(model(), model().backups().get(1), Instant.now());
            d.initOwner(robot.lookup("#backups-view").query().getScene().getWindow());
            d.show();
            dialog.set(d);
        });
        snapshot(dialog.get().getDialogPane().getScene(), "backup-restore.png");

        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            ComboBox<ConnectionProfile> target = (ComboBox<ConnectionProfile>) dialog.get().getDialogPane().lookup("#restore-target");
            target.getItems().stream().filter(p -> p.name().equals("shop-prod")).findFirst().ifPresent(target::setValue);
            ((RadioButton) dialog.get().getDialogPane().lookup("#restore-into-existing")).setSelected(true);
            ((TextField) dialog.get().getDialogPane().lookup("#restore-typed-name")).setText("sho");
        });
        assertTrue(dialog.get().choice().needsTypedName());
        snapshot(dialog.get().getDialogPane().getScene(), "backup-restore-production.png");
        robot.interact(() -> dialog.get().close());
    }
}
