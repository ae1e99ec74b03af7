package dev.railyard.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

class MigrationStatusTest {

    @Test
    void everyFlywayStateHasAStatusWithAColourAndAnIcon() {
        Set<MigrationStatus> used = EnumSet.noneOf(MigrationStatus.class);
        for (MigrationState state : MigrationState.values()) {
            MigrationStatus status = MigrationStatus.of(state);
            used.add(status);
            assertTrue(status.icon().startsWith("fth-"), status + " " + status.icon());
            assertFalse(status.displayName().isBlank());
            assertEquals(state.isFailed(), status.failed(), state + " -> " + status);
        }
        assertTrue(used.containsAll(EnumSet.of(MigrationStatus.PENDING, MigrationStatus.SUCCESS, MigrationStatus.FAILED,
                MigrationStatus.OUTDATED, MigrationStatus.FUTURE, MigrationStatus.MISSING, MigrationStatus.IGNORED,
                MigrationStatus.BASELINE, MigrationStatus.OUT_OF_ORDER)));
    }

    @Test
    void failuresAreDangerAndAppliedOnesAreOk() {
        assertEquals(Tone.DANGER, MigrationStatus.FAILED.tone());
        assertEquals("danger", MigrationStatus.CHANGED.tone().styleClass());
        assertEquals(Tone.OK, MigrationStatus.SUCCESS.tone());
        assertEquals(Tone.WARN, MigrationStatus.MISSING.tone());
        assertEquals("Applied out of order", MigrationStatus.of(MigrationState.OUT_OF_ORDER).displayName());
    }
}
