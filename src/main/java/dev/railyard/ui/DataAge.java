package dev.railyard.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;

/** How old the data a tab shows is, in words that keep up with the clock: "read just now", "read 3 min ago". */
public final class DataAge {

    private DataAge() {
    }

    /** "just now" under 10 s, then "45 s ago", "3 min ago", "2 h 5 min ago". */
    public static String words(Instant readAt, Instant now) {
        Duration age = Duration.between(readAt, now);
        if (age.isNegative() || age.compareTo(Duration.ofSeconds(10)) < 0) {
            return "just now";
        }
        if (age.compareTo(Duration.ofMinutes(1)) < 0) {
            return age.toSeconds() + " s ago";
        }
        if (age.compareTo(Duration.ofHours(1)) < 0) {
            return age.toMinutes() + " min ago";
        }
        long minutes = age.toMinutesPart();
        return age.toHours() + " h" + (minutes == 0 ? "" : " " + minutes + " min") + " ago";
    }

    /** A label saying "Data read 3 min ago", empty before the first read; it follows the clock every few seconds. */
    public static Label label(String id, ObservableValue<Instant> readAt, Clock clock) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("data-age");
        Runnable show = () -> {
            Instant at = readAt.getValue();
            label.setText(at == null ? "" : "Data read " + words(at, clock.instant()));
        };
        readAt.addListener((obs, was, now) -> show.run());
        Timeline ticks = new Timeline(new KeyFrame(javafx.util.Duration.seconds(5), e -> show.run()));
        ticks.setCycleCount(Animation.INDEFINITE);
        // Only while the label is in a window: a tab never shown costs nothing.
        label.sceneProperty().addListener((obs, was, scene) -> {
            if (scene == null) {
                ticks.stop();
            } else {
                ticks.play();
            }
        });
        show.run();
        return label;
    }
}
