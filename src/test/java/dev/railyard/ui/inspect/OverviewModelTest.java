package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.inspect.Finding;
import dev.railyard.inspect.FindingKind;
import dev.railyard.inspect.OverviewSnapshot;
import dev.railyard.inspect.Severity;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.shell.Feature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Overview's cards from readings, without the FX toolkit. */
class OverviewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-20T14:00:00Z");

    private InspectRig rig;
    private OverviewModel model;

    @BeforeEach
    void start() {
        rig = new InspectRig();
        model = rig.bind(new OverviewModel(rig.services));
    }

    @AfterEach
    void stop() throws Exception {
        model.dispose();
        rig.close();
    }

    static OverviewSnapshot snapshot(Instant serverTime, long transactions, int used, int max, List<Finding> findings) {
        return new OverviewSnapshot(Dialect.POSTGRESQL, "17.2", false, serverTime, serverTime.minusSeconds(3 * 86_400 + 4 * 3600),
                "shop", 1_288_490_189L, used, 3, max, 3, 0.9987, 0.9995, transactions, null, null,
                new OverviewSnapshot.LongTransaction(4711, "app", "api", "idle in transaction", serverTime.minusSeconds(400),
                        400_000, "UPDATE orders SET paid = true"),
                new OverviewSnapshot.Replication(false, 0, null, List.of(), false),
                List.of(new OverviewSnapshot.Extension("pg_stat_statements", "1.11"), new OverviewSnapshot.Extension("citext", "1.6")),
                Map.of("work_mem", "4MB"), findings);
    }

    @Test
    void transactionsPerSecondAppearFromTheSecondRefreshOn() {
        model.accept(snapshot(T0, 1_000, 12, 100, List.of()), 84);
        assertEquals("—", model.card("tps").value());
        assertEquals("shown from the next refresh on", model.card("tps").detail());
        assertEquals("Last refreshed 14:03:22 · 84 ms", model.lastRefreshedProperty().get());

        model.accept(snapshot(T0.plusSeconds(10), 1_500, 12, 100, List.of()), 90);
        assertEquals("50.0", model.card("tps").value(), "500 transactions in 10 s of server time");
        assertEquals("over the last 10 s", model.card("tps").detail());

        model.accept(snapshot(T0.plusSeconds(25), 1_500 + 15 * 1_234, 12, 100, List.of()), 90);
        assertEquals("1234", model.card("tps").value(), "large rates without decimals");
    }

    @Test
    void anotherProfileStartsTheRateAfresh() throws Exception {
        rig.show(Feature.MIGRATIONS); // so the selection does not read
        model.accept(snapshot(T0, 1_000, 12, 100, List.of()), 84);
        rig.shell.select(rig.save("other", EmbeddedPostgres.shared().port(), "postgres", EnvironmentTag.DEVELOPMENT));
        assertTrue(model.cards().isEmpty(), "the old server's cards are gone");
        assertEquals("", model.lastRefreshedProperty().get());

        model.accept(snapshot(T0.plusSeconds(10), 1_500, 12, 100, List.of()), 90);
        assertEquals("—", model.card("tps").value(), "no rate across two servers");
    }

    @Test
    void cardsSayWhatTheReadingMeans() {
        Finding idle = new Finding(FindingKind.IDLE_IN_TRANSACTION, Severity.WARNING, "4711", "Session 4711 ...", "SELECT 1;");
        model.accept(snapshot(T0, 1_000, 85, 100, List.of(idle)), 84);

        assertEquals("PostgreSQL 17.2", model.card("server").value());
        assertEquals("up 3 days 4 h", model.card("server").detail());
        assertEquals("1.2 GB", model.card("size").value());
        assertEquals("shop", model.card("size").detail());
        assertEquals("85 / 100", model.card("connections").value());
        assertEquals("3 active · 12 free · 3 reserved", model.card("connections").detail());
        assertEquals(OverviewModel.Tone.WARNING, model.card("connections").tone(), "85 of 97 available");
        assertEquals("99.87 %", model.card("cache").value());
        assertEquals("tables · indexes 99.95 %", model.card("cache").detail());
        assertEquals(OverviewModel.Tone.GOOD, model.card("cache").tone());
        assertEquals("6 min 40 s", model.card("longest").value());
        assertEquals("pid 4711 · app · idle in transaction", model.card("longest").detail());
        assertEquals(OverviewModel.Tone.WARNING, model.card("longest").tone());
        assertEquals("Primary", model.card("replication").value());
        assertEquals(List.of("extension citext", "extension pg_stat_statements", "work_mem"),
                model.settings().stream().map(OverviewModel.Setting::name).toList());
        assertEquals(List.of(idle), model.table().visibleRows());
    }
}
