package dev.railyard.ui.profile;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.railyard.db.Dialect;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.ui.Icons;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.Stylesheets;
import java.io.File;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

/**
 * The connection editor: a paste box on top that fills everything from what Railway gives,
 * the fields below it, and at the bottom the test result with Test, Cancel and Save. The
 * header takes the environment's colour, so a production profile looks like one.
 */
public final class ProfileEditorView extends VBox {

    public static final String STYLE = "profile-editor";
    public static final String HEADER = "profile-editor-header";
    public static final String PASTE_BOX = "paste-box";
    public static final String FIELD_ERROR = "field-error";
    public static final String FIELD_HINT = "field-hint";
    public static final String FIELD_WARNING = "field-warning";
    public static final String SECTION = "editor-section";

    private final ProfileEditorModel model;
    private Runnable close = () -> { };

    public ProfileEditorView(ProfileEditorModel model) {
        this.model = model;
        getStylesheets().add(Stylesheets.of("profile-editor.css"));
        getStyleClass().add(STYLE);
        setId("profile-editor");

        VBox form = new VBox(14, pasteBox(), connectionSection(), passwordSection(), moreSection());
        form.setPadding(new Insets(14, 16, 16, 16));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        getChildren().addAll(header(), scroll, footer());
    }

    public ProfileEditorModel model() {
        return model;
    }

    /**
     * Opens the editor in its own window over {@code owner}. It closes itself once saved;
     * closing it any way stops a running test.
     */
    public Stage showIn(Window owner) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(model.title());
        // Tall enough for everything on a desktop; a small laptop screen gets what fits (the form scrolls).
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(this, Math.min(780, screen.getWidth() - 40), Math.min(820, screen.getHeight() - 60)));
        stage.setMinWidth(600);
        stage.setMinHeight(480);
        close = stage::close;
        stage.setOnHidden(e -> model.dispose());
        model.savedProperty().addListener((obs, was, saved) -> {
            if (saved != null) {
                stage.close();
            }
        });
        stage.show();
        lookup("#paste-area").requestFocus();
        return stage;
    }

    // ---- header -------------------------------------------------------------------------------

    private Node header() {
        Label title = new Label(model.title());
        title.getStyleClass().add("editor-title");
        title.setId("editor-title");
        Label env = new Label();
        env.getStyleClass().add("env-pill");
        env.setId("editor-environment");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(10, title, spacer, env);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add(HEADER);
        Runnable tint = () -> {
            EnvironmentTag tag = model.environmentProperty().get();
            header.getStyleClass().removeIf(s -> s.startsWith("env-"));
            env.getStyleClass().removeIf(s -> s.startsWith("env-") && !s.equals("env-pill"));
            header.getStyleClass().add("env-" + tag.id());
            env.getStyleClass().add("env-" + tag.id());
            env.setText(tag.displayName().toUpperCase(Locale.ROOT));
        };
        model.environmentProperty().addListener((obs, was, now) -> tint.run());
        tint.run();
        return header;
    }

    // ---- paste --------------------------------------------------------------------------------

    private Node pasteBox() {
        Label title = new Label("Paste a Railway URL or variables");
        title.getStyleClass().add("paste-title");
        title.setGraphic(Icons.icon(Feather.CLIPBOARD, 16));
        Label hint = new Label("In Railway: the database service › Variables › copy DATABASE_PUBLIC_URL (or MYSQL_PUBLIC_URL), "
                + "or Raw Editor › copy all. The fields below fill in as you paste.");
        hint.setWrapText(true);
        hint.getStyleClass().add(FIELD_HINT);

        TextArea area = new TextArea();
        area.setId("paste-area");
        area.getStyleClass().add("paste-area");
        area.setPrefRowCount(4);
        area.setWrapText(true);
        area.setPromptText("postgresql://postgres:…@shinkansen.proxy.rlwy.net:12345/railway\n"
                + "or lines like PGHOST=…  PGPORT=…  PGUSER=…  PGPASSWORD=…  PGDATABASE=…");
        area.textProperty().bindBidirectional(model.pasteTextProperty());

        Label status = new Label();
        status.setId("paste-status");
        status.getStyleClass().add("paste-status");
        status.setGraphic(Icons.icon(Feather.CHECK, 14));
        status.setWrapText(true);
        status.textProperty().bind(model.pasteStatusProperty());
        showWhenText(status, model.pasteStatusProperty());

        Label error = new Label();
        error.setId("paste-error");
        error.getStyleClass().add(FIELD_ERROR);
        error.setGraphic(Icons.icon(Feather.ALERT_CIRCLE, 14));
        error.setWrapText(true);
        error.textProperty().bind(model.pasteErrorProperty());
        showWhenText(error, model.pasteErrorProperty());

        VBox warnings = new VBox(6);
        warnings.setId("paste-warnings");
        Runnable fillWarnings = () -> {
            warnings.getChildren().clear();
            for (String warning : model.warnings()) {
                Message message = new Message(null, warning, Icons.icon(Feather.ALERT_TRIANGLE));
                message.getStyleClass().addAll(Styles.WARNING, "paste-warning");
                warnings.getChildren().add(message);
            }
            warnings.setVisible(!model.warnings().isEmpty());
            warnings.setManaged(!model.warnings().isEmpty());
        };
        model.warnings().addListener((ListChangeListener<String>) change -> fillWarnings.run());
        fillWarnings.run();

        VBox box = new VBox(6, title, hint, area, status, error, warnings);
        box.getStyleClass().add(PASTE_BOX);
        return box;
    }

    // ---- connection fields --------------------------------------------------------------------

    private Node connectionSection() {
        GridPane grid = grid();
        int row = 0;

        TextField name = textField("name-field", model.nameProperty(), "e.g. shop-production");
        ComboBox<EnvironmentTag> env = new ComboBox<>();
        env.setId("environment-choice");
        env.getItems().setAll(EnvironmentTag.values());
        env.valueProperty().bindBidirectional(model.environmentProperty());
        env.setCellFactory(list -> new EnvironmentCell());
        env.setButtonCell(new EnvironmentCell());
        env.setMaxWidth(Double.MAX_VALUE);
        grid.addRow(row++, label("Name"), withMessages(name, model.nameErrorProperty(), null),
                label("Environment"), env);

        grid.addRow(row++, label("Engine"), dialectToggle());
        GridPane.setColumnSpan(grid.getChildren().get(grid.getChildren().size() - 1), 3);

        TextField host = textField("host-field", model.hostProperty(), "name.proxy.rlwy.net");
        TextField port = textField("port-field", model.portProperty(), "5432");
        port.setPrefColumnCount(6);
        grid.addRow(row++, label("Host"), withMessages(host, model.hostErrorProperty(), null),
                label("Port"), withMessages(port, model.portErrorProperty(), null));

        TextField database = textField("database-field", model.databaseProperty(), "railway");
        TextField user = textField("user-field", model.userProperty(), "postgres");
        grid.addRow(row++, label("Database"), database, label("User"), user);

        ComboBox<SslMode> ssl = new ComboBox<>();
        ssl.setId("ssl-choice");
        ssl.getItems().setAll(SslMode.values());
        ssl.valueProperty().bindBidirectional(model.sslModeProperty());
        ssl.setConverter(converter(SslMode::id));
        ssl.setPrefWidth(220);
        Label sslHint = hint(model.sslHintProperty());
        sslHint.setId("ssl-hint");
        Label sslWarning = new Label();
        sslWarning.setId("ssl-warning");
        sslWarning.getStyleClass().add(FIELD_WARNING);
        sslWarning.setWrapText(true);
        sslWarning.textProperty().bind(model.sslWarningProperty());
        showWhenText(sslWarning, model.sslWarningProperty());
        VBox sslBox = new VBox(3, ssl, sslHint, sslWarning);

        TextField ca = textField("ca-field", model.caFileProperty(), "CA certificate (PEM); empty for Java's trusted CAs");
        Button browseCa = new Button("Browse…");
        browseCa.setId("ca-browse");
        browseCa.setOnAction(e -> chooseFile("CA certificate", model.caFileProperty()));
        HBox caRow = new HBox(6, ca, browseCa);
        HBox.setHgrow(ca, Priority.ALWAYS);
        Node caBox = withMessages(caRow, model.caFileErrorProperty(), null);
        Label caLabel = label("CA file");
        var needsCa = Bindings.createBooleanBinding(
                () -> model.sslModeProperty().get() != null && model.sslModeProperty().get().needsCaFile(),
                model.sslModeProperty());
        caBox.visibleProperty().bind(needsCa);
        caLabel.visibleProperty().bind(needsCa);
        grid.addRow(row++, label("SSL mode"), sslBox);
        GridPane.setColumnSpan(sslBox, 3);
        grid.add(caLabel, 0, row);
        grid.add(caBox, 1, row++, 3, 1);
        caBox.managedProperty().bind(needsCa);
        caLabel.managedProperty().bind(needsCa);

        return section("Connection", grid);
    }

    private Node dialectToggle() {
        ToggleGroup group = new ToggleGroup();
        ToggleButton pg = new ToggleButton(Dialect.POSTGRESQL.displayName());
        pg.setId("dialect-postgresql");
        pg.getStyleClass().add(Styles.LEFT_PILL);
        pg.setUserData(Dialect.POSTGRESQL);
        ToggleButton my = new ToggleButton(Dialect.MYSQL.displayName() + " / MariaDB");
        my.setId("dialect-mysql");
        my.getStyleClass().add(Styles.RIGHT_PILL);
        my.setUserData(Dialect.MYSQL);
        pg.setToggleGroup(group);
        my.setToggleGroup(group);
        Runnable fromModel = () -> group.selectToggle(model.dialectProperty().get() == Dialect.MYSQL ? my : pg);
        model.dialectProperty().addListener((obs, was, now) -> fromModel.run());
        fromModel.run();
        group.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now == null) {
                group.selectToggle(was); // one of the two is always chosen
            } else {
                model.dialectProperty().set((Dialect) now.getUserData());
            }
        });
        return new HBox(pg, my);
    }

    private Node passwordSection() {
        GridPane grid = grid();
        PasswordField masked = new PasswordField();
        masked.setId("password-field");
        masked.textProperty().bindBidirectional(model.passwordProperty());
        masked.setPromptText(model.passwordPrompt());
        TextField plain = new TextField();
        plain.setId("password-plain");
        plain.textProperty().bindBidirectional(model.passwordProperty());
        plain.setPromptText(model.passwordPrompt());
        ToggleButton reveal = new ToggleButton(null, Icons.icon(Feather.EYE));
        reveal.setId("password-reveal");
        reveal.setTooltip(new Tooltip("Show or hide the password"));
        plain.visibleProperty().bind(reveal.selectedProperty());
        plain.managedProperty().bind(plain.visibleProperty());
        masked.visibleProperty().bind(reveal.selectedProperty().not());
        masked.managedProperty().bind(masked.visibleProperty());
        HBox passwordRow = new HBox(6, masked, plain, reveal);
        HBox.setHgrow(masked, Priority.ALWAYS);
        HBox.setHgrow(plain, Priority.ALWAYS);

        ComboBox<SecretMode> store = new ComboBox<>(model.secretModes());
        store.setId("secret-choice");
        store.valueProperty().bindBidirectional(model.secretModeProperty());
        store.setConverter(converter(SecretMode::displayName));
        store.setMaxWidth(Double.MAX_VALUE);
        Label storeHint = hint(model.secretHintProperty());
        storeHint.setId("secret-hint");

        grid.addRow(0, label("Password"), passwordRow, label("Kept in"), store);
        grid.add(storeHint, 1, 1, 3, 1);
        return section("Password", grid);
    }

    // ---- more ---------------------------------------------------------------------------------

    private Node moreSection() {
        GridPane grid = grid();
        int row = 0;

        TextField unpooledHost = textField("unpooled-host-field", model.unpooledHostProperty(), "optional");
        TextField unpooledPort = textField("unpooled-port-field", model.unpooledPortProperty(), "");
        unpooledPort.setPrefColumnCount(6);
        grid.addRow(row++, label("Direct host"),
                withMessages(unpooledHost, model.unpooledErrorProperty(),
                        "Not through PgBouncer, for backups and migrations (DATABASE_PUBLIC_UNPOOLED_URL)"),
                label("Port"), unpooledPort);

        TextField backup = textField("backup-folder-field", model.backupFolderProperty(), "");
        backup.promptTextProperty().bind(model.backupFolderPromptProperty());
        Button browseBackup = new Button("Browse…");
        browseBackup.setId("backup-folder-browse");
        browseBackup.setOnAction(e -> chooseFolder("Backup folder", model.backupFolderProperty()));
        HBox backupRow = new HBox(6, backup, browseBackup);
        HBox.setHgrow(backup, Priority.ALWAYS);
        grid.add(label("Backup folder"), 0, row);
        grid.add(backupRow, 1, row++, 3, 1);

        ListView<String> locations = new ListView<>(model.migrationLocations());
        locations.setId("migrations-list");
        locations.setPrefHeight(74);
        locations.setPlaceholder(hint("No migration folders: add the folder of your Flyway migrations (db/migration)"));
        TextField newLocation = new TextField();
        newLocation.setId("migration-location-field");
        newLocation.setPromptText("folder, or classpath:db/migration");
        Button add = new Button("Add");
        add.setId("migration-add");
        add.disableProperty().bind(newLocation.textProperty().isEmpty());
        add.setOnAction(e -> {
            model.addMigrationLocation(newLocation.getText());
            newLocation.clear();
        });
        newLocation.setOnAction(e -> add.fire());
        Button browse = new Button("Browse…");
        browse.setId("migration-browse");
        browse.setOnAction(e -> {
            File folder = folderChooser("Migration folder").showDialog(window());
            if (folder != null) {
                model.addMigrationLocation(folder.getAbsolutePath());
            }
        });
        Button remove = new Button("Remove");
        remove.setId("migration-remove");
        remove.disableProperty().bind(locations.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> model.removeMigrationLocation(locations.getSelectionModel().getSelectedItem()));
        HBox locationRow = new HBox(6, newLocation, add, browse, remove);
        HBox.setHgrow(newLocation, Priority.ALWAYS);
        grid.add(label("Migrations"), 0, row);
        grid.add(new VBox(6, locations, locationRow), 1, row++, 3, 1);

        TextArea notes = new TextArea();
        notes.setId("notes-area");
        notes.setPrefRowCount(2);
        notes.setWrapText(true);
        notes.setPromptText("Who owns it, what runs on it, whom to call");
        notes.textProperty().bindBidirectional(model.notesProperty());
        grid.add(label("Notes"), 0, row);
        grid.add(notes, 1, row, 3, 1);

        TitledPane more = new TitledPane("More: direct host, backups, migrations, notes", grid);
        more.setId("more-pane");
        more.setExpanded(model.mode() != ProfileEditorModel.Mode.NEW || !model.unpooledHostProperty().get().isEmpty());
        // A pasted block with an unpooled URL fills a field in here: show it.
        model.unpooledHostProperty().addListener((obs, was, now) -> {
            if (now != null && !now.isBlank()) {
                more.setExpanded(true);
            }
        });
        more.setAnimated(false);
        return more;
    }

    // ---- footer -------------------------------------------------------------------------------

    private Node footer() {
        ConnectionTestView result = new ConnectionTestView(model.testOutcomeProperty());

        Message problem = new Message("Not saved", "", Icons.icon(Feather.ALERT_CIRCLE));
        problem.getStyleClass().add(Styles.DANGER);
        problem.setId("save-problem");
        model.saveProblemProperty().addListener((obs, was, now) -> showProblem(problem, now));
        showProblem(problem, model.saveProblemProperty().get());

        Button test = new Button("Test connection", Icons.icon(Feather.ZAP));
        test.setId("test-button");
        test.disableProperty().bind(model.testableProperty().not());
        test.setOnAction(e -> model.testConnection());

        Label missing = new Label();
        missing.setId("editor-missing");
        missing.getStyleClass().add(FIELD_HINT);
        missing.textProperty().bind(model.missingProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-button");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close.run());
        Button save = new Button("Save");
        save.setId("save-button");
        save.getStyleClass().add(Styles.ACCENT);
        save.setDefaultButton(true);
        save.disableProperty().bind(model.canSaveProperty().not());
        save.textProperty().bind(Bindings.when(model.savingProperty()).then("Saving…").otherwise("Save"));
        save.setOnAction(e -> model.save());

        HBox buttons = new HBox(10, test, spacer, missing, cancel, save);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox footer = new VBox(10, result, problem, buttons);
        footer.getStyleClass().add("editor-footer");
        return footer;
    }

    private static void showProblem(Message message, ProblemText problem) {
        message.setVisible(problem != null);
        message.setManaged(problem != null);
        if (problem != null) {
            message.setTitle(problem.title());
            message.setDescription(problem.fix().isEmpty() ? problem.summary() : problem.summary() + "\n" + problem.fix());
        }
    }

    // ---- small parts --------------------------------------------------------------------------

    /**
     * Label, wide field, label, narrow field. The label columns have fixed widths so the
     * sections' fields line up under each other.
     */
    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints(120, 120, 120);
        ColumnConstraints wide = new ColumnConstraints();
        wide.setHgrow(Priority.ALWAYS);
        wide.setMinWidth(160);
        ColumnConstraints labels2 = new ColumnConstraints(110, 110, 110);
        ColumnConstraints narrow = new ColumnConstraints(140, 210, 210);
        narrow.setHgrow(Priority.NEVER);
        grid.getColumnConstraints().addAll(labels, wide, labels2, narrow);
        return grid;
    }

    private static Node section(String title, Node content) {
        Label label = new Label(title.toUpperCase(Locale.ROOT));
        label.getStyleClass().add("section-title");
        VBox box = new VBox(8, label, content);
        box.getStyleClass().add(SECTION);
        return box;
    }

    private static Label label(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("field-label");
        GridPane.setValignment(label, javafx.geometry.VPos.TOP);
        label.setPadding(new Insets(6, 0, 0, 0));
        return label;
    }

    private static TextField textField(String id, javafx.beans.property.StringProperty value, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        field.setPromptText(prompt);
        return field;
    }

    private static Label hint(ObservableStringValue text) {
        Label hint = new Label();
        hint.textProperty().bind(text);
        hint.setWrapText(true);
        hint.getStyleClass().add(FIELD_HINT);
        return hint;
    }

    private static Label hint(String text) {
        Label hint = new Label(text);
        hint.setWrapText(true);
        hint.getStyleClass().add(FIELD_HINT);
        return hint;
    }

    /** The control with its error below it (red, only when there is one) and an optional hint. */
    private static Node withMessages(Node control, ObservableStringValue error, String hintText) {
        Label message = new Label();
        message.getStyleClass().add(FIELD_ERROR);
        message.setWrapText(true);
        message.textProperty().bind(error);
        showWhenText(message, error);
        if (control.getId() != null) {
            message.setId(control.getId().replace("-field", "") + "-error");
        }
        VBox box = new VBox(3, control);
        if (hintText != null) {
            box.getChildren().add(hint(hintText));
        }
        box.getChildren().add(message);
        return box;
    }

    private static void showWhenText(Label label, ObservableStringValue text) {
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String string) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private void chooseFile(String title, javafx.beans.property.StringProperty target) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Certificates", "*.pem", "*.crt", "*.cer"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            target.set(file.getAbsolutePath());
        }
    }

    private void chooseFolder(String title, javafx.beans.property.StringProperty target) {
        File folder = folderChooser(title).showDialog(window());
        if (folder != null) {
            target.set(folder.getAbsolutePath());
        }
    }

    private static DirectoryChooser folderChooser(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        return chooser;
    }

    /** The environment, coloured as in the sidebar. */
    private static final class EnvironmentCell extends ListCell<EnvironmentTag> {
        @Override
        protected void updateItem(EnvironmentTag tag, boolean empty) {
            super.updateItem(tag, empty);
            if (empty || tag == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label pill = new Label(tag.displayName());
            pill.getStyleClass().addAll("env-pill", "env-" + tag.id());
            setText(null);
            setGraphic(pill);
        }
    }
}
