package dev.railyard.ui.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.table.FilterOperator;
import dev.railyard.inspect.table.TableInsidePostgresTest;
import dev.railyard.inspect.table.TableRef;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.inspect.InspectRig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The table window's model without the FX toolkit: reads through the window's ActiveConnection, results on the stand-in UI thread. */
class TableDetailsModelTest {

    private InspectRig rig;
    private ConnectionProfile shop;
    private ConnectionProfile other;

    @BeforeEach
    void start() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        rig = new InspectRig();
        shop = rig.save("shop", pg.port(), TableInsidePostgresTest.shop(pg), EnvironmentTag.PRODUCTION);
        other = rig.save("other", pg.port(), pg.createDatabase("other"), EnvironmentTag.DEVELOPMENT);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private TableDetailsModel opened() throws InterruptedException {
        rig.shell.select(shop);
        rig.ui.drain();
        TableDetailsModel model = new TableDetailsModel(rig.services, shop, new TableRef("public", "orders"));
        assertTrue(model.loadingProperty().get(), "opening reads at once");
        rig.until(() -> !model.loadingProperty().get());
        assertNull(model.problemProperty().get(), () -> model.problemProperty().get().oneLine());
        return model;
    }

    @Test
    void opensWithDetailsAndFirstRowsAndSortsOnTheServerOnEachClick() throws Exception {
        TableDetailsModel model = opened();
        assertEquals(5, model.columns().rows().size());
        assertEquals(List.of("orders_pkey", "orders_customer"), model.indexes().rows().stream().map(i -> i.name()).toList());
        assertEquals(1, model.references().rows().size());
        assertEquals(1, model.referencedBy().rows().size());
        assertEquals(1, model.triggers().rows().size());
        assertEquals(200, model.rowsProperty().get().rows().size());
        assertTrue(model.rowsSummaryProperty().get().matches("First 200 rows \\(the table has more\\) · \\d+ ms · click a column's header to sort"),
                model.rowsSummaryProperty().get());
        assertNull(model.ddlProperty().get(), "the DDL waits for its tab");

        model.sortBy("amount");
        rig.until(() -> !model.loadingRowsProperty().get());
        assertEquals("1.00", model.rowsProperty().get().rows().get(0).get(2));
        model.sortBy("amount");
        rig.until(() -> !model.loadingRowsProperty().get());
        assertTrue(model.descendingProperty().get());
        assertEquals("300.00", model.rowsProperty().get().rows().get(0).get(2));
        assertTrue(model.rowsSummaryProperty().get().contains("sorted by amount descending"));
    }

    @Test
    void aFilterReadsWithBindsAndABadValueSaysWhatTheColumnTakes() throws Exception {
        TableDetailsModel model = opened();
        model.addCondition();
        FilterCondition condition = model.conditions().get(0);
        assertEquals("id", condition.columnProperty().get(), "the first column to start with");
        condition.columnProperty().set("note");
        condition.operatorProperty().set(FilterOperator.EQUALS);
        condition.valueProperty().set("x'; DROP TABLE orders; --");
        model.applyFilter();
        rig.until(() -> !model.loadingRowsProperty().get());
        assertEquals(0, model.rowsProperty().get().rows().size());
        assertTrue(model.rowsSummaryProperty().get().startsWith("No rows match the filter"), model.rowsSummaryProperty().get());

        condition.columnProperty().set("customer_id");
        condition.valueProperty().set("two");
        model.applyFilter();
        rig.until(() -> !model.loadingRowsProperty().get());
        assertNotNull(model.rowsProblemProperty().get());
        assertTrue(model.rowsProblemProperty().get().summary().contains("integer"), model.rowsProblemProperty().get().summary());
        assertEquals("The server refused it", model.rowsProblemProperty().get().title());
        assertTrue(model.rowsProblemProperty().get().fix().contains("a number for a number column"));

        model.clearFilter();
        rig.until(() -> !model.loadingRowsProperty().get());
        assertNull(model.rowsProblemProperty().get());
        assertEquals(200, model.rowsProperty().get().rows().size());
    }

    @Test
    void readsTheDdlOnceAskedAndNothingWhileAnotherProfileIsSelected() throws Exception {
        TableDetailsModel model = opened();
        model.loadDdl();
        rig.until(() -> !model.loadingDdlProperty().get());
        assertNull(model.ddlProblemProperty().get(), () -> model.ddlProblemProperty().get().oneLine());
        assertTrue(model.ddlProperty().get().text().contains("CREATE TABLE public.orders ("));

        rig.shell.select(other);
        rig.ui.drain();
        assertFalse(model.currentProperty().get());
        model.sortBy("amount");
        model.refresh();
        assertFalse(model.loadingRowsProperty().get(), "nothing is read on another profile's connection");
        assertFalse(model.loadingProperty().get());
        assertEquals(200, model.rowsProperty().get().rows().size(), "what was read stays");
        assertNull(model.sortColumnProperty().get(), "a sort not read is not shown as done");

        rig.shell.select(shop);
        rig.ui.drain();
        assertTrue(model.currentProperty().get());
        model.dispose();
    }

    @Test
    void aTableThatIsGoneSaysSoAndWhatToDo() throws Exception {
        rig.shell.select(shop);
        rig.ui.drain();
        TableDetailsModel model = new TableDetailsModel(rig.services, shop, new TableRef("public", "dropped_meanwhile"));
        rig.until(() -> !model.loadingProperty().get());
        assertEquals("The server refused it", model.problemProperty().get().title());
        assertTrue(model.problemProperty().get().summary().contains("There is no table public.dropped_meanwhile"));
        assertTrue(model.problemProperty().get().fix().contains("refresh the Tables tab"));
        assertNull(model.detailsProperty().get());
        model.dispose();
    }
}
