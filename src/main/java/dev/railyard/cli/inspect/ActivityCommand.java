package dev.railyard.cli.inspect;

import dev.railyard.cli.CliContext;
import dev.railyard.inspect.Activity;
import dev.railyard.inspect.ActivityReport;
import dev.railyard.inspect.BlockingTree;
import dev.railyard.inspect.SessionRow;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "activity", description = "Sessions with their state, waits, durations and blockers; blocking chains as a tree.")
final class ActivityCommand extends InspectView {

    ActivityCommand(CliContext context) {
        super(context);
    }

    @Override
    String what() {
        return "activity view";
    }

    @Override
    void show(Connection connection, ConnectionProfile profile) throws SQLException {
        ActivityReport report = new Activity(profile.dialect()).read(connection);
        List<SessionRow> sessions = report.sessions().stream().limit(limitOr(Integer.MAX_VALUE)).toList();
        if (output.json()) {
            context.printJson(new ActivityReport(report.dialect(), report.serverTime(), sessions, report.notes()));
            return;
        }
        TextTable table = new TextTable("ID", "USER", "APPLICATION", "STATE", "WAIT", "XACT", "QUERY TIME", "BLOCKED BY", "QUERY")
                .right(0, 5, 6);
        for (SessionRow s : sessions) {
            String wait = s.waitEventType() == null ? "" : s.waitEventType() + (s.waitEvent() == null ? "" : ":" + s.waitEvent());
            table.add(s.id() + (s.self() ? "*" : ""), s.user(), s.application(), s.state(), wait, duration(s.transactionMillis()),
                    duration(s.queryMillis()), s.blockedBy().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    TextTable.shorten(s.query(), 80));
        }
        table.print(context::println);
        context.println("* this session");
        report.notes().forEach(context::println);
        List<BlockingTree.Node> tree = report.blockingTree();
        if (!tree.isEmpty()) {
            context.println("Blocking chains:");
            tree.forEach(node -> print(node, "  "));
        }
    }

    private void print(BlockingTree.Node node, String indent) {
        SessionRow s = node.session();
        context.println(indent + s.id() + " " + (s.user() == null ? "" : s.user() + " ") + "(" + s.state() + ") "
                + TextTable.shorten(s.query(), 60));
        node.blocked().forEach(child -> print(child, indent + "  └ "));
    }

    private static String duration(Long millis) {
        return millis == null ? "" : Sizes.duration(Duration.ofMillis(millis));
    }
}
