package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.IndexRow;
import dev.railyard.inspect.TableSizeRow;
import dev.railyard.inspect.table.TableInsidePostgresTest;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.table.TableDetailsModel;
import dev.railyard.ui.table.TableDetailsView;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Double-clicking a table in the Tables tab (or an index in the Indexes tab) opens a look inside
 * it, headless: its first rows, a click on a column header sorting them on the server, a filter,
 * and the DDL.
 */
@ExtendWith(ApplicationExtension.class)
class OpenTableTest {

    private InspectWindow app;

    @Start
    void start(Stage stage) {
        app = new InspectWindow(stage, 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void doubleClickingATableOpensItsRowsSortedAndFilteredOnTheServerAndItsDdl(FxRobot robot) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = TableInsidePostgresTest.shop(pg);
        app.save("shop", pg.port(), db, EnvironmentTag.DEVELOPMENT);
        app.open(robot, "shop", Feature.TABLES);
        app.awaitRead(Feature.TABLES);

        Node orders = robot.lookup(".tree-table-row-cell").match((TreeTableRow<TableSizeRow> row) ->
                row.getItem() != null && row.getItem().name().equals("orders")).query();
        robot.doubleClickOn(orders);
        waitFor(() -> app.tables.views().size() == 1 && app.tables.views().get(0).model().rowsProperty().get() != null);
        TableDetailsView view = app.tables.views().get(0);
        TableDetailsModel model = view.model();
        assertEquals("public.orders \u2014 shop", ((Stage) view.getScene().getWindow()).getTitle());
        TableView<List<String>> grid = robot.from(view).lookup("#table-rows").queryTableView();
        assertEquals(200, grid.getItems().size(), "the first 200 rows");
        assertEquals(List.of("id", "customer_id", "amount", "amount_with_tax", "note"),
                grid.getColumns().stream().map(c -> c.getText()).toList());
        assertTrue(model.rowsSummaryProperty().get().startsWith("First 200 rows (the table has more)"),
                model.rowsSummaryProperty().get());
        javafx.scene.control.TabPane tabs = robot.from(view).lookup("#table-tabs").queryAs(javafx.scene.control.TabPane.class);
        assertEquals(List.of("Rows", "Columns (5)", "DDL", "Indexes (2)", "Foreign keys (1 out, 1 in)", "Triggers (1)"),
                tabs.getTabs().stream().map(javafx.scene.control.Tab::getText).toList());

        // A click on a header sorts on the server: ascending, then descending.
        Node amount = robot.from(view).lookup(".column-header").match((TableColumnHeader h) ->
                h.getTableColumn() != null && "amount".equals(h.getTableColumn().getText())).query();
        robot.clickOn(amount);
        waitFor(() -> "amount".equals(model.sortColumnProperty().get()) && !model.loadingRowsProperty().get()
                && "1.00".equals(grid.getItems().get(0).get(2)));
        robot.clickOn(amount);
        waitFor(() -> model.descendingProperty().get() && !model.loadingRowsProperty().get()
                && "300.00".equals(grid.getItems().get(0).get(2)));
        assertTrue(robot.from(view).lookup("#table-rows-sql").queryLabeled().getText()
                .startsWith("SELECT * FROM public.orders ORDER BY amount DESC LIMIT 201"));

        // A filter: its value goes as a bind parameter.
        robot.clickOn("#table-filter-add");
        WaitForAsyncUtils.waitForFxEvents();
        ComboBox<String> column = robot.from(view).lookup(".table-filter-column").queryComboBox();
        robot.interact(() -> column.setValue("customer_id"));
        TextField value = robot.from(view).lookup(".table-filter-value").queryAs(TextField.class);
        robot.clickOn(value).write("2").type(KeyCode.ENTER);
        waitFor(() -> !model.loadingRowsProperty().get() && grid.getItems().size() == 100);
        assertTrue(grid.getItems().stream().allMatch(r -> r.get(1).equals("2")), "only customer 2's orders");
        assertTrue(robot.from(view).lookup("#table-rows-sql").queryLabeled().getText()
                .startsWith("SELECT * FROM public.orders WHERE customer_id = ? ORDER BY amount DESC"));

        // The DDL is read when its tab is first shown.
        robot.interact(() -> view.select("table-tab-ddl"));
        waitFor(() -> model.ddlProperty().get() != null);
        String ddl = robot.from(view).lookup("#table-ddl").queryAs(TextArea.class).getText();
        assertTrue(ddl.contains("CREATE TABLE public.orders ("), ddl);

        // Opening it again brings the same window forward.
        robot.interact(() -> app.tables.open(model.table()));
        assertEquals(1, app.tables.views().size());
    }

    @Test
    void doubleClickingAnIndexOpensItsTable(FxRobot robot) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = TableInsidePostgresTest.shop(pg);
        app.save("shop", pg.port(), db, EnvironmentTag.DEVELOPMENT);
        app.open(robot, "shop", Feature.INDEXES);
        app.awaitRead(Feature.INDEXES);

        Node index = robot.lookup("#indexes-table .table-row-cell").match((javafx.scene.control.TableRow<IndexRow> row) ->
                row.getItem() != null && row.getItem().name().equals("orders_customer")).query();
        robot.doubleClickOn(index);
        waitFor(() -> app.tables.views().size() == 1 && app.tables.views().get(0).model().detailsProperty().get() != null);
        assertEquals(new dev.railyard.inspect.table.TableRef("public", "orders"), app.tables.views().get(0).model().table());
    }

    /** A session waiting for a table's lock names the table in Activity; a double-click opens it. */
    @Test
    void doubleClickingASessionThatWaitsForATableOpensThatTable(FxRobot robot) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = TableInsidePostgresTest.shop(pg);
        try (java.sql.Connection holder = pg.connect(db); java.sql.Statement h = holder.createStatement();
             java.sql.Connection waiter = pg.connect(db); java.sql.Statement w = waiter.createStatement()) {
            holder.setAutoCommit(false);
            h.execute("LOCK TABLE public.customers IN ACCESS EXCLUSIVE MODE");
            Thread blocked = new Thread(() -> {
                try {
                    w.execute("SELECT count(*) FROM public.customers");
                } catch (java.sql.SQLException ignored) {
                    // ended by the rollback below or the connection's close
                }
            });
            blocked.start();
            waitFor(() -> {
                try (java.sql.ResultSet rs = h.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND datname = current_database()")) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            });
            app.save("shop", pg.port(), db, EnvironmentTag.DEVELOPMENT);
            app.open(robot, "shop", Feature.ACTIVITY);
            app.awaitRead(Feature.ACTIVITY);
            Node session = robot.lookup("#activity-table .table-row-cell").match((javafx.scene.control.TableRow<dev.railyard.inspect.SessionRow> row) ->
                    row.getItem() != null && row.getItem().waitsOn() != null).query();
            robot.doubleClickOn(session);
            waitFor(() -> app.tables.views().size() == 1);
            assertEquals(new dev.railyard.inspect.table.TableRef("public", "customers"), app.tables.views().get(0).model().table());
            holder.rollback();
            blocked.join(10_000);
        }
    }
}
