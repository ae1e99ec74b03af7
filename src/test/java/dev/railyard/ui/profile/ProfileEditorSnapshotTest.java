package dev.railyard.ui.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.UiRig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the editor in the states a DBA meets, for people to look at: written to
 * target/ui-snapshots (or -Drailyard.snapshotDir). The test checks they were drawn, with the
 * colours that carry meaning: the production header and the green or red test result.
 */
@ExtendWith(ApplicationExtension.class)
class ProfileEditorSnapshotTest {

    private UiRig rig;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        rig = new UiRig(FxThread.executor(), Runnable::run);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private static Path folder() throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("railyard.snapshotDir", "target/ui-snapshots")));
    }

    private ProfileEditorView open(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            ProfileEditorView view = new ProfileEditorView(ProfileEditorModel.forNew(rig.services()));
            view.showIn(null);
            return view;
        }).get(10, TimeUnit.SECONDS);
    }

    private static BufferedImage snapshot(FxRobot robot, Scene scene, String name) throws Exception {
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
        ImageIO.write(out, "png", folder().resolve(name).toFile());
        return out;
    }

    private static void waitForTest(ProfileEditorModel model) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> model.testOutcomeProperty().get() != null
                && model.testOutcomeProperty().get().state() != TestOutcome.State.RUNNING);
    }

    /** True when some pixel in the rectangle is clearly that hue (r, g or b dominant). */
    private static boolean hasColour(BufferedImage image, int y0, int y1, char dominant) {
        for (int y = y0; y < Math.min(y1, image.getHeight()); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                boolean match = switch (dominant) {
                    case 'r' -> r > 150 && r > g + 60 && r > b + 60;
                    case 'g' -> g > 100 && g > r + 40 && g > b + 20;
                    default -> false;
                };
                if (match) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void productionProfileWithAPassedTest(FxRobot robot) throws Exception {
        ProfileEditorView view = open(robot);
        ProfileEditorModel model = view.model();
        robot.interact(() -> {
            model.pasteTextProperty().set(ProfileEditorModelTest.localBlock(EmbeddedPostgres.shared().port(), "pw"));
            model.nameProperty().set("shop-production");
            model.environmentProperty().set(EnvironmentTag.PRODUCTION);
        });
        robot.interact(model::testConnection);
        waitForTest(model);

        BufferedImage image = snapshot(robot, view.getScene(), "profile-editor-passed.png");
        assertEquals((int) view.getScene().getWidth(), image.getWidth());
        assertTrue(hasColour(image, 0, 60, 'r'), "the production header is red");
        assertTrue(hasColour(image, image.getHeight() - 260, image.getHeight(), 'g'), "the passed test is green");
    }

    @Test
    void railwayPasteWithAWarningAndARefusedTest(FxRobot robot) throws Exception {
        ProfileEditorView view = open(robot);
        ProfileEditorModel model = view.model();
        int closed = ProfileEditorModelTest.closedPort();
        robot.interact(() -> {
            model.pasteTextProperty().set("DATABASE_PUBLIC_URL=postgresql://postgres:pw@127.0.0.1:" + closed + "/railway\n"
                    + "DATABASE_URL=postgresql://postgres:pw@postgres.railway.internal:5432/railway\n"
                    + "DATABASE_UNPOOLED_URL=postgresql://postgres:pw@postgres-direct.railway.internal:5432/railway\n");
            model.nameProperty().set("shop-staging");
            model.environmentProperty().set(EnvironmentTag.STAGING);
        });
        robot.interact(model::testConnection);
        waitForTest(model);

        BufferedImage image = snapshot(robot, view.getScene(), "profile-editor-refused.png");
        assertEquals(TestOutcome.State.FAILED, model.testOutcomeProperty().get().state());
        assertTrue(hasColour(image, image.getHeight() - 260, image.getHeight(), 'r'), "the failed test is red");
    }

    @Test
    void emptyNewConnection(FxRobot robot) throws Exception {
        ProfileEditorView view = open(robot);
        BufferedImage image = snapshot(robot, view.getScene(), "profile-editor-new.png");
        assertTrue(image.getHeight() > 400);
    }
}
