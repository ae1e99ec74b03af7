package dev.railyard.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The JavaFX application. */
public final class RailyardApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(RailyardApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Railyard");
        stage.setScene(new Scene(new Label("Railyard"), 1200, 800));
        stage.show();
    }
}
