package dev.railyard.ui.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobCancelledException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/** The real password dialogs, asked for from a worker thread as jobs do; the FX thread never waits. */
@ExtendWith(ApplicationExtension.class)
class FxSecretPromptsTest {

    private Stage stage;
    private FxSecretPrompts prompts;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
        prompts = new FxSecretPrompts(() -> this.stage);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean showing(FxRobot robot, String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).match(NodeQueryUtils.isVisible()).tryQuery().isPresent())
                .get(5, TimeUnit.SECONDS);
    }

    /** Asks on a thread of its own, as a job would. */
    private static <T> CompletableFuture<T> onWorker(Supplier<T> question) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                answer.complete(question.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, "test-job");
        worker.setDaemon(true);
        worker.start();
        return answer;
    }

    @Test
    void creatingTheVaultAsksTwiceAndHandsTheAnswerToTheWaitingThread(FxRobot robot) throws Exception {
        CompletableFuture<Optional<char[]>> answer = onWorker(() -> prompts.vaultPassword(true, ""));
        waitUntil(() -> showing(robot, "#vault-password-repeat"));
        Button create = robot.lookup("Create vault").queryButton();
        assertTrue(create.isDisabled());

        robot.clickOn("#vault-password").write("m4ster-pw");
        robot.clickOn("#vault-password-repeat").write("m4ster-p");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(create.isDisabled(), "not while the two differ");
        assertEquals("The two passwords differ", robot.lookup("#vault-password-mismatch").queryAs(Label.class).getText());
        robot.write("w");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(create.isDisabled());
        assertFalse(answer.isDone(), "the worker waits for the user");
        robot.clickOn(create);

        assertArrayEquals("m4ster-pw".toCharArray(), answer.get(10, TimeUnit.SECONDS).orElseThrow());
    }

    @Test
    void aWrongMasterPasswordIsSaidOnTheNextAsk(FxRobot robot) throws Exception {
        CompletableFuture<Optional<char[]>> answer = onWorker(
                () -> prompts.vaultPassword(false, "That is not the vault's password. Try again."));
        waitUntil(() -> showing(robot, "#vault-problem"));
        assertEquals("That is not the vault's password. Try again.",
                robot.lookup("#vault-problem").queryAs(Label.class).getText());
        assertFalse(showing(robot, "#vault-password-repeat"), "unlocking asks once");
        robot.clickOn("#vault-password").write("again");
        robot.clickOn("Unlock");
        assertArrayEquals("again".toCharArray(), answer.get(10, TimeUnit.SECONDS).orElseThrow());
    }

    @Test
    void askedOnTheFxThreadItAnswersCancelledWithoutWaiting(FxRobot robot) throws Exception {
        AtomicReference<Optional<char[]>> answer = new AtomicReference<>();
        robot.interact(() -> answer.set(prompts.vaultPassword(false, "")));
        assertTrue(answer.get().isEmpty());
        assertFalse(showing(robot, "#vault-password"), "no dialog was opened");
    }

    @Test
    void aCancelledJobClosesItsQuestion(FxRobot robot) throws Exception {
        ConnectionProfile profile = ConnectionProfile.of("shop", Dialect.POSTGRESQL, "db.example.com", 5432, "shop", "app");
        CountDownLatch cancelled = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                prompts.connectionPassword(profile, "");
            } catch (JobCancelledException e) {
                cancelled.countDown();
            }
        }, "test-job");
        worker.setDaemon(true);
        worker.start();
        waitUntil(() -> showing(robot, "#connection-password"));
        assertTrue(robot.lookup("Password for shop").tryQuery().isPresent());

        worker.interrupt();

        assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the job ends as cancelled");
        waitUntil(() -> !showing(robot, "#connection-password"));
    }
}
