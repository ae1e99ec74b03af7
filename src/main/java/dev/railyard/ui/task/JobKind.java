package dev.railyard.ui.task;

import java.util.Locale;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;

/** What kind of work a job is, told from its title, so each kind has its own icon in the panel, the status bar and notices. */
public enum JobKind {
    BACK_UP_THEN_MIGRATE(Feather.FAST_FORWARD),
    BACK_UP(Feather.ARCHIVE),
    RESTORE(Feather.UPLOAD_CLOUD),
    VERIFY(Feather.SHIELD),
    MIGRATE(Feather.GIT_COMMIT),
    VALIDATE(Feather.CHECK_SQUARE),
    REPAIR(Feather.TOOL),
    BASELINE(Feather.FLAG),
    SANDBOX(Feather.BOX),
    DELETE(Feather.TRASH_2),
    WRITE(Feather.EDIT_3),
    READ(Feather.EYE);

    private final Ikon icon;

    JobKind(Ikon icon) {
        this.icon = icon;
    }

    public Ikon icon() {
        return icon;
    }

    /** The style class of the kind's icon: "job-kind-back_up". */
    public String style() {
        return "job-kind-" + name().toLowerCase(Locale.ROOT);
    }

    /** From a job's title ("Back up shop", "Restore … into …", "Migrate shop to V3", "Start the sandbox"). */
    public static JobKind of(String title, boolean writes) {
        String t = title == null ? "" : title.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("back up, then migrate")) {
            return BACK_UP_THEN_MIGRATE;
        }
        if (t.startsWith("back up")) {
            return BACK_UP;
        }
        if (t.startsWith("restore")) {
            return RESTORE;
        }
        if (t.startsWith("verify") || t.startsWith("deep verify") || t.startsWith("quick verify")) {
            return VERIFY;
        }
        if (t.startsWith("migrate")) {
            return MIGRATE;
        }
        if (t.startsWith("validate")) {
            return VALIDATE;
        }
        if (t.startsWith("repair")) {
            return REPAIR;
        }
        if (t.startsWith("baseline")) {
            return BASELINE;
        }
        if (t.contains("sandbox")) {
            return SANDBOX;
        }
        if (t.startsWith("delete") || t.startsWith("prune")) {
            return DELETE;
        }
        return writes ? WRITE : READ;
    }
}
