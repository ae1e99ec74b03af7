package dev.railyard.cli.inspect;

import dev.railyard.cli.OutputOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "inspect",
        description = "Read-only views of a database: overview, tables, one table, indexes, queries, activity. "
                + "Each view is one query on a read-only session with a statement timeout.")
public final class InspectCommand implements Callable<Integer> {

    /** The commands under inspect, in the order help lists them (added by RailyardCli, see RootCommand.COMMANDS). */
    public static final List<Class<?>> SUBCOMMANDS = List.of(OverviewCommand.class, TablesCommand.class, TableCommand.class,
            IndexesCommand.class, QueriesCommand.class, ActivityCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing view: use one of "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()));
    }
}
