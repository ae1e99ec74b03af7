package dev.railyard.ui.profile;

import dev.railyard.ui.SecretPrompts;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobCancelledException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's prompts: a job thread hands the question to the FX thread and waits for
 * the answer in a future. The FX thread itself never waits for anything here; asked on it,
 * the prompt answers "cancelled" and logs why. A cancelled job closes its open question.
 */
public final class FxSecretPrompts implements SecretPrompts {

    private static final Logger LOG = LoggerFactory.getLogger(FxSecretPrompts.class);

    private final Supplier<Window> owner;

    /**
     * @param fallbackOwner the window the dialogs belong to when none of the app's windows has
     *                      the focus (may give null); otherwise the focused one owns them, so a
     *                      question asked while the editor is open shows over the editor
     */
    public FxSecretPrompts(Supplier<Window> fallbackOwner) {
        this.owner = () -> Window.getWindows().stream()
                .filter(Window::isFocused)
                .findFirst()
                .orElseGet(fallbackOwner);
    }

    @Override
    public Optional<char[]> vaultPassword(boolean creating, String problem) {
        return askOnFxThread(window -> ProfileDialogs.vaultPassword(window, creating, problem));
    }

    @Override
    public Optional<String> connectionPassword(ConnectionProfile profile, String problem) {
        return askOnFxThread(window -> ProfileDialogs.connectionPassword(window, profile, problem));
    }

    private <T> Optional<T> askOnFxThread(Function<Window, Dialog<T>> dialogFor) {
        if (Platform.isFxApplicationThread()) {
            LOG.warn("A password was asked for on the FX thread, which must not wait; treated as cancelled");
            return Optional.empty();
        }
        CompletableFuture<Optional<T>> answer = new CompletableFuture<>();
        AtomicReference<Dialog<T>> open = new AtomicReference<>();
        Platform.runLater(() -> {
            if (answer.isDone()) {
                return; // the job was cancelled before its question came up
            }
            try {
                Dialog<T> dialog = dialogFor.apply(owner.get());
                open.set(dialog);
                answer.complete(dialog.showAndWait());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.complete(Optional.empty());
            Platform.runLater(() -> {
                Dialog<T> dialog = open.get();
                if (dialog != null && dialog.isShowing()) {
                    dialog.close();
                }
            });
            Thread.currentThread().interrupt();
            throw new JobCancelledException();
        } catch (ExecutionException e) {
            LOG.warn("Could not show the password prompt", e.getCause());
            return Optional.empty();
        }
    }
}
