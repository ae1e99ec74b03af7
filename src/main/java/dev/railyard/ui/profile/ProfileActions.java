package dev.railyard.ui.profile;

import atlantafx.base.theme.Styles;
import dev.railyard.db.ConnectionReport;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.Stylesheets;
import dev.railyard.ui.shell.ShellModel;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * What the window does with profiles: the editor for new, edit and duplicate, the question
 * before deleting, and "Test connection" from the sidebar. {@link #install()} hands these to
 * the shell's hooks (Ctrl+N, toolbar, first-run screen, the sidebar's context menu).
 */
public final class ProfileActions {

    private final Supplier<Window> owner;
    private final ShellModel shell;
    private final ProfileServices services;

    public ProfileActions(Supplier<Window> owner, ShellModel shell, ProfileServices services) {
        this.owner = owner;
        this.shell = shell;
        this.services = services;
    }

    public ProfileActions install() {
        shell.onAddConnectionProperty().set(this::addNew);
        shell.onEditProfileProperty().set(this::edit);
        shell.onDuplicateProfileProperty().set(this::duplicate);
        shell.onDeleteProfileProperty().set(this::delete);
        shell.onTestProfileProperty().set(this::test);
        return this;
    }

    public ProfileEditorView addNew() {
        return open(ProfileEditorModel.forNew(services));
    }

    public ProfileEditorView edit(ConnectionProfile profile) {
        return open(ProfileEditorModel.forEdit(services, profile));
    }

    public ProfileEditorView duplicate(ConnectionProfile profile) {
        return open(ProfileEditorModel.forDuplicate(services, profile));
    }

    private ProfileEditorView open(ProfileEditorModel model) {
        ProfileEditorView view = new ProfileEditorView(model);
        model.savedProperty().addListener((obs, was, saved) -> {
            if (saved == null) {
                return;
            }
            // A saved profile becomes the active connection, so its check runs at once; the
            // active one edited is checked again.
            ConnectionProfile active = shell.activeProfile();
            if (active == null || !active.name().equals(saved.name())) {
                shell.profileFor(saved.name()).ifPresent(shell::select);
            } else {
                shell.reconnect(); // a new password leaves the profile record as it was
            }
        });
        view.showIn(owner.get());
        return view;
    }

    /** Asks (production: the name typed), then forgets the profile, its pool and its password in a job. */
    public void delete(ConnectionProfile profile) {
        Dialog<Boolean> question = ProfileDialogs.confirmDelete(owner.get(), profile,
                services.secrets().describe(profile.secretMode()));
        if (!question.showAndWait().orElse(false)) {
            return;
        }
        // Not a database write; the keychain is another process, so off the FX thread.
        services.runner().submit(JobSpec.reading("Delete connection " + profile.name(), profile.name()), context -> {
            services.profiles().remove(profile.name());
            services.databases().close(profile.name());
            services.secrets().delete(profile.name());
            context.log("Deleted connection " + profile.name() + " and its saved password");
            return null;
        });
    }

    /** Tests a saved profile in a small window: its facts or its problem, with "Test again". */
    public Dialog<Void> test(ConnectionProfile profile) {
        ObjectProperty<TestOutcome> outcome = new SimpleObjectProperty<>();
        ObjectProperty<RunningJob<ConnectionReport>> job = new SimpleObjectProperty<>();
        Runnable run = () -> {
            if (job.get() != null) {
                job.get().cancel();
            }
            outcome.set(TestOutcome.running(profile.address()));
            RunningJob<ConnectionReport> submitted = services.runner().submit(
                    JobSpec.reading("Test connection " + profile.name(), profile.name()),
                    context -> services.access().withPassword(profile, password -> services.tester().test(profile, password)));
            job.set(submitted);
            FxJobs.deliver(submitted, services.uiThread(), (report, failure) -> {
                if (job.get() != submitted) {
                    return;
                }
                outcome.set(failure == null
                        ? TestOutcome.passed(profile.address(), report)
                        : TestOutcome.failed(profile.address(), failure));
            });
        };

        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("Test connection " + profile.name());
        dialog.setHeaderText("Test connection: " + profile.name());
        dialog.getDialogPane().getStylesheets().add(Stylesheets.of("profile-editor.css"));
        dialog.getDialogPane().getStyleClass().add("profile-dialog");
        dialog.getDialogPane().setPrefWidth(560);
        dialog.getDialogPane().setId("test-dialog");
        if (owner.get() != null) {
            dialog.initOwner(owner.get());
        }
        Label where = new Label(profile.environment().displayName() + " · " + profile.dialect().displayName() + " · "
                + profile.address() + " · SSL mode " + profile.sslMode().id());
        where.getStyleClass().add(Styles.TEXT_MUTED);
        where.setWrapText(true);
        where.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.getDialogPane().setContent(new VBox(10, where, new ConnectionTestView(outcome)));
        // The window was sized for the spinner: let it grow to show the facts or the problem.
        outcome.addListener((obs, was, now) -> javafx.application.Platform.runLater(() -> {
            if (dialog.isShowing()) {
                dialog.getDialogPane().getScene().getWindow().sizeToScene();
            }
        }));
        ButtonType again = new ButtonType("Test again", ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().setAll(again, ButtonType.CLOSE);
        Button againButton = (Button) dialog.getDialogPane().lookupButton(again);
        againButton.setId("test-again");
        // "Test again" runs the test without closing the dialog.
        againButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            run.run();
        });
        againButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> outcome.get() != null && outcome.get().state() == TestOutcome.State.RUNNING, outcome));
        dialog.setOnHidden(e -> {
            if (job.get() != null) {
                job.get().cancel();
            }
        });
        run.run();
        dialog.show();
        if (dialog.getDialogPane().getScene().getWindow() instanceof Stage stage) {
            stage.setMinWidth(420);
        }
        return dialog;
    }
}
