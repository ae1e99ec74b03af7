package dev.railyard.ui.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.inspect.Finding;
import dev.railyard.inspect.FindingKind;
import dev.railyard.inspect.Overview;
import dev.railyard.inspect.OverviewReport;
import dev.railyard.inspect.OverviewSnapshot;
import dev.railyard.inspect.OverviewTracker;
import dev.railyard.inspect.Severity;
import dev.railyard.task.Sizes;
import dev.railyard.ui.inspect.ResultTable.Column;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Overview tab: cards with the server's vital signs, the extensions or key settings, and the
 * findings in plain words (the tab's table). Transactions per second come from two reads in a
 * row ({@link OverviewTracker}), so the first read shows none.
 */
public final class OverviewModel extends InspectModel<OverviewReport, Finding> {

    /** How a card's value should look: plain, fine (green) or needing a look. */
    public enum Tone { NORMAL, GOOD, WARNING, CRITICAL }

    /**
     * One card.
     *
     * @param id     stable, for styles and tests: server, size, connections, cache, tps, longest, replication
     * @param value  the big text ("12 / 100")
     * @param detail the small text under it ("3 active · 85 free")
     */
    public record Card(String id, String title, String value, String detail, Tone tone) {
    }

    /** A row of the extensions / settings list. */
    public record Setting(String name, String value) {
    }

    /**
     * Findings another tab found, as the Overview shows them: a count that opens that tab.
     *
     * @param count null while the tab has not read its report for the selected profile
     */
    public record ElsewhereCount(Feature feature, Integer count) {
        /** "Indexes: 5 findings", "Indexes: reading…". */
        public String text() {
            return feature.title() + ": " + (count == null ? "reading…" : count + (count == 1 ? " finding" : " findings"));
        }
    }

    private final ObservableList<ElsewhereCount> elsewhere = FXCollections.observableArrayList();
    private final javafx.beans.property.ObjectProperty<java.util.function.Consumer<Feature>> onOpen =
            new javafx.beans.property.SimpleObjectProperty<>();
    private final OverviewTracker tracker = new OverviewTracker();
    private final ObservableList<Card> cards = FXCollections.observableArrayList();
    private final ObservableList<Setting> settings = FXCollections.observableArrayList();

    public OverviewModel(InspectServices services) {
        super(Feature.OVERVIEW, services, new ResultTable<>(r -> List.of(), OverviewModel::findingKey));
        table().setColumns(FindingColumns.columns());
    }

    /** The vital signs, in display order; empty before the first read. */
    public ObservableList<Card> cards() {
        return cards;
    }

    /** PostgreSQL: the database's extensions, then key settings; MySQL: key settings. */
    public ObservableList<Setting> settings() {
        return settings;
    }

    /** The findings of the other tabs, one count per tab that has findings of its own (Indexes). */
    public ObservableList<ElsewhereCount> elsewhere() {
        return elsewhere;
    }

    /** Opens another tab: the window's tab selection. */
    public javafx.beans.property.ObjectProperty<java.util.function.Consumer<Feature>> onOpenProperty() {
        return onOpen;
    }

    /** Shows another tab's findings count (null while it reads). */
    public void elsewhere(Feature feature, Integer count) {
        ElsewhereCount next = new ElsewhereCount(feature, count);
        for (int i = 0; i < elsewhere.size(); i++) {
            if (elsewhere.get(i).feature() == feature) {
                elsewhere.set(i, next);
                return;
            }
        }
        elsewhere.add(next);
    }

    public void open(Feature feature) {
        if (onOpen.get() != null) {
            onOpen.get().accept(feature);
        }
    }

    /** The card with that id, or null. */
    public Card card(String id) {
        return cards.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** A reading as if it came from the server now: goes through the tracker like a real read. */
    void accept(OverviewSnapshot snapshot, long millis) {
        applyRead(tracker.accept(snapshot), millis);
    }

    @Override
    protected OverviewReport read(Connection connection, Dialect dialect) throws SQLException {
        return tracker.accept(new Overview(dialect).read(connection));
    }

    @Override
    protected List<Finding> rows(OverviewReport report) {
        return report.snapshot().findings();
    }

    @Override
    protected String emptyText() {
        return "Nothing needs attention: no findings.";
    }

    @Override
    protected void cleared() {
        tracker.reset();
        cards.clear();
        settings.clear();
    }

    @Override
    protected void applied(OverviewReport report) {
        cards.setAll(cards(report));
        settings.setAll(settings(report.snapshot()));
    }

    static List<Card> cards(OverviewReport report) {
        OverviewSnapshot s = report.snapshot();
        List<Card> out = new ArrayList<>();
        out.add(server(s));
        out.add(new Card("size", "Database size", s.databaseBytes() == null ? "—" : Sizes.human(s.databaseBytes()),
                s.database() == null || s.database().isBlank() ? "no database selected" : s.database(), Tone.NORMAL));
        out.add(connections(s));
        out.add(cache(s));
        out.add(rates(report));
        out.add(longest(s));
        out.add(replication(s));
        return out;
    }

    private static Card server(OverviewSnapshot s) {
        String product = s.dialect() == Dialect.POSTGRESQL ? "PostgreSQL" : s.mariaDb() ? "MariaDB" : "MySQL";
        String version = s.serverVersion() == null ? "" : s.serverVersion().replaceFirst("^5\\.5\\.5-", "");
        String number = version.split("[ -]", 2)[0];
        Duration uptime = s.uptime();
        return new Card("server", "Server", product + " " + number,
                uptime == null ? "uptime unknown" : "up " + Format.span(uptime), Tone.NORMAL);
    }

    private static Card connections(OverviewSnapshot s) {
        int available = s.maxConnections() - s.reservedConnections();
        double share = available <= 0 ? 0 : s.connectionsUsed() / (double) available;
        Tone tone = share >= 0.95 ? Tone.CRITICAL : share >= 0.8 ? Tone.WARNING : Tone.NORMAL;
        StringBuilder detail = new StringBuilder();
        if (s.connectionsActive() != null) {
            detail.append(s.connectionsActive()).append(" active · ");
        }
        detail.append(s.connectionsAvailable()).append(" free");
        if (s.reservedConnections() > 0) {
            detail.append(" · ").append(s.reservedConnections()).append(" reserved");
        }
        return new Card("connections", "Connections", s.connectionsUsed() + " / " + s.maxConnections(), detail.toString(), tone);
    }

    private static Card cache(OverviewSnapshot s) {
        Double tables = s.tableCacheHitRatio();
        Double indexes = s.indexCacheHitRatio();
        boolean low = s.findings().stream().anyMatch(f -> f.kind() == FindingKind.LOW_CACHE_HIT_RATIO);
        Tone tone = tables == null ? Tone.NORMAL : low ? Tone.WARNING : Tone.GOOD;
        if (s.dialect() == Dialect.MYSQL) {
            return new Card("cache", "Buffer pool hit ratio", tables == null ? "—" : Format.hitRatio(tables),
                    "InnoDB reads served from memory", tone);
        }
        return new Card("cache", "Cache hit ratio", tables == null ? "—" : Format.hitRatio(tables),
                "tables" + (indexes == null ? "" : " · indexes " + Format.hitRatio(indexes)), tone);
    }

    private static Card rates(OverviewReport report) {
        if (report.transactionsPerSecond() == null) {
            return new Card("tps", "Transactions / s", "—",
                    report.intervalSeconds() == null ? "shown from the next refresh on" : "counters were reset", Tone.NORMAL);
        }
        String detail = "over the last " + Format.span(Duration.ofMillis(Math.round(report.intervalSeconds() * 1000)));
        if (report.statementsPerSecond() != null) {
            detail = rate(report.statementsPerSecond()) + " statements/s · " + detail;
        }
        return new Card("tps", "Transactions / s", rate(report.transactionsPerSecond()), detail, Tone.NORMAL);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%.0f" : "%.1f", perSecond);
    }

    private static Card longest(OverviewSnapshot s) {
        OverviewSnapshot.LongTransaction t = s.longestTransaction();
        if (t == null && s.limited()) {
            return new Card("longest", "Longest transaction", "—", "unknown: needs GRANT PROCESS ON *.*", Tone.NORMAL);
        }
        if (t == null) {
            return new Card("longest", "Longest transaction", "none", "no other session has one open", Tone.NORMAL);
        }
        boolean flagged = s.findings().stream().anyMatch(f -> f.kind() == FindingKind.LONG_TRANSACTION
                || f.kind() == FindingKind.IDLE_IN_TRANSACTION);
        String who = (s.dialect() == Dialect.POSTGRESQL ? "pid " : "id ") + t.sessionId()
                + (t.user() == null ? "" : " · " + t.user())
                + (t.state() == null || t.state().isBlank() ? "" : " · " + t.state());
        return new Card("longest", "Longest transaction", Format.millis(t.millis()), who, flagged ? Tone.WARNING : Tone.NORMAL);
    }

    private static Card replication(OverviewSnapshot s) {
        OverviewSnapshot.Replication r = s.replication();
        if (r == null) {
            return new Card("replication", "Replication", "—", "unknown", Tone.NORMAL);
        }
        List<String> parts = new ArrayList<>();
        if (r.replicas() > 0) {
            parts.add(r.replicas() + (r.replicas() == 1 ? " replica" : " replicas") + " streaming");
        }
        if (r.replayLagMillis() != null) {
            parts.add("replay lag " + Format.millis(r.replayLagMillis()));
        }
        if (!r.inactiveSlots().isEmpty()) {
            parts.add(r.inactiveSlots().size() + " inactive " + (r.inactiveSlots().size() == 1 ? "slot" : "slots"));
        }
        if (r.readOnly()) {
            parts.add("read_only ON");
        }
        String value = r.standby() ? (s.dialect() == Dialect.POSTGRESQL ? "Standby" : "Replica") : "Primary";
        if (parts.isEmpty()) {
            parts.add(r.standby() ? "replaying from its primary" : "no replicas");
        }
        return new Card("replication", "Replication", value, String.join(" · ", parts),
                r.inactiveSlots().isEmpty() ? Tone.NORMAL : Tone.WARNING);
    }

    static List<Setting> settings(OverviewSnapshot s) {
        List<Setting> out = new ArrayList<>();
        s.extensions().stream().sorted(Comparator.comparing(OverviewSnapshot.Extension::name))
                .forEach(e -> out.add(new Setting("extension " + e.name(), e.version())));
        for (Map.Entry<String, String> e : s.settings().entrySet()) {
            out.add(new Setting(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The findings' columns, shared with the Indexes tab. */
    static final class FindingColumns {

        private FindingColumns() {
        }

        static List<Column<Finding>> columns() {
            return List.of(
                    new Column<>("severity", "Severity", f -> f.severity().displayName(),
                            Comparator.comparing(Finding::severity), null, null, ResultTable.Align.LEFT, 82),
                    Column.text("message", "Finding", 520, Finding::message),
                    Column.text("subject", "About", 170, Finding::subject),
                    Column.text("kind", "Kind", 120, f -> kind(f.kind())),
                    new Column<>("fix", "Fix", f -> f.hasFix() ? Format.oneLine(withoutComments(f.fix()), 120) : "",
                            null, "Fix", f -> f.hasFix() ? f.fix() : "", ResultTable.Align.LEFT, 260));
        }

        static String kind(FindingKind kind) {
            return switch (kind) {
                case PG_STAT_STATEMENTS_NOT_CREATED, PG_STAT_STATEMENTS_NOT_PRELOADED, PG_STAT_STATEMENTS_OUTDATED,
                        PERFORMANCE_SCHEMA_OFF, SLOW_LOG_OFF -> "Query statistics";
                case INVALID_INDEXES, INVALID_INDEX -> "Invalid index";
                case DEAD_ROWS -> "Dead rows";
                case CONNECTIONS_NEAR_MAX -> "Connections";
                case LOW_CACHE_HIT_RATIO -> "Cache";
                case LONG_TRANSACTION -> "Long transaction";
                case IDLE_IN_TRANSACTION -> "Idle in transaction";
                case INACTIVE_REPLICATION_SLOT -> "Replication slot";
                case UNUSED_INDEX -> "Unused index";
                case NOT_ENOUGH_HISTORY -> "Too early to tell";
                case DUPLICATE_INDEX -> "Duplicate index";
                case REDUNDANT_INDEX -> "Redundant index";
                case SEQUENTIAL_SCANS -> "Sequential scans";
                case INDEX_USAGE_UNKNOWN -> "Index usage unknown";
                case LIMITED_PRIVILEGES -> "Limited privileges";
            };
        }

        private static String withoutComments(String sql) {
            return sql.lines().filter(l -> !l.strip().startsWith("--") && !l.strip().startsWith("#"))
                    .reduce((a, b) -> a + " " + b).orElse(sql);
        }
    }

    /** What identifies a finding across reads. */
    static Object findingKey(Finding f) {
        return f.kind() + "/" + f.subject();
    }

    /** Severity as a style: "severity-critical". */
    public static String severityStyle(Severity severity) {
        return "severity-" + severity.name().toLowerCase(Locale.ROOT);
    }
}
