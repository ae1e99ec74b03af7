package dev.railyard.cli;

import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** The command line: picocli commands over the same services as the GUI. The only code that prints. */
public final class RailyardCli {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private RailyardCli() {
    }

    /** Runs the CLI in this process and returns its exit code: 0 ok, 1 failure, 2 usage error. */
    public static int run(String... args) {
        return run(CliContext.system(), args);
    }

    /** Runs the CLI with the given environment and streams (tests, embedding). */
    public static int run(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err, String... args) {
        return run(new CliContext(env, stdin, out, err, PasswordPrompt.console(), ConnectionCheck.real()), args);
    }

    public static int run(CliContext context, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        boolean json = Arrays.asList(args).contains("--json");
        CommandLine cli = commandLine(context, args);
        cli.setParameterExceptionHandler((ex, ignored) -> {
            if (debug) {
                ex.printStackTrace(context.err());
            }
            String help = ex.getCommandLine().getCommandSpec().qualifiedName() + " --help";
            report(context, json, oneLine(ex.getMessage()) + " (see '" + help + "')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (debug) {
                ex.printStackTrace(context.err());
            }
            report(context, json, describe(ex));
            return ex instanceof CliException cliException ? cliException.exitCode() : FAILURE;
        });
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    /**
     * The command tree, its objects made with the context where they take one: the tree of the
     * command {@code args} names, or every command when they name none (help, usage errors).
     */
    static CommandLine commandLine(CliContext context, String... args) {
        CommandLine cli = new CommandLine(RootCommand.class, factory(context));
        // --version alone prints one line: the tree of commands would be read for nothing.
        boolean versionOnly = args.length > 0 && Arrays.stream(args).allMatch(arg -> arg.equals("--version") || arg.equals("-V"));
        String named = Arrays.stream(args).filter(arg -> !arg.startsWith("-")).findFirst().orElse(null);
        List<Class<?>> chosen = versionOnly ? List.of()
                : RootCommand.COMMANDS.stream().filter(type -> names(type).contains(named)).toList();
        boolean all = !versionOnly && (chosen.isEmpty() || chosen.contains(picocli.CommandLine.HelpCommand.class));
        for (Class<?> type : all ? RootCommand.COMMANDS : chosen) {
            List<Class<?>> leaves = GROUPS.get(type);
            if (leaves == null) {
                cli.addSubcommand(type);
                continue;
            }
            // A group's own tree too: only the command run, unless none is named (help, usage errors).
            CommandLine group = new CommandLine(type, factory(context));
            String leaf = all ? null : Arrays.stream(args).dropWhile(arg -> !names(type).contains(arg)).skip(1)
                    .filter(arg -> !arg.startsWith("-")).findFirst().orElse(null);
            List<Class<?>> run = leaves.stream().filter(t -> names(t).contains(leaf)).toList();
            for (Class<?> command : run.isEmpty() ? leaves : run) {
                group.addSubcommand(command);
            }
            cli.addSubcommand(group);
        }
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.registerConverter(EnvironmentTag.class, text -> convert(() -> EnvironmentTag.fromId(text)));
        cli.registerConverter(SslMode.class, text -> convert(() -> SslMode.parse(text)));
        cli.registerConverter(SecretMode.class, text -> convert(() -> secretMode(text)));
        return cli;
    }

    /** The groups of commands and theirs (see RootCommand.COMMANDS: picocli reads every command it adds). */
    private static final Map<Class<?>, List<Class<?>>> GROUPS = Map.of(
            dev.railyard.cli.profile.ProfileCommand.class, dev.railyard.cli.profile.ProfileCommand.SUBCOMMANDS,
            dev.railyard.cli.backup.BackupCommand.class, dev.railyard.cli.backup.BackupCommand.SUBCOMMANDS,
            dev.railyard.cli.inspect.InspectCommand.class, dev.railyard.cli.inspect.InspectCommand.SUBCOMMANDS,
            dev.railyard.cli.migrate.MigrateCommand.class, dev.railyard.cli.migrate.MigrateCommand.SUBCOMMANDS,
            dev.railyard.cli.sandbox.SandboxCommand.class, dev.railyard.cli.sandbox.SandboxCommand.SUBCOMMANDS);

    /** A command's name and aliases. */
    private static List<String> names(Class<?> type) {
        CommandLine.Command command = type.getAnnotation(CommandLine.Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(command.aliases()));
        names.add(command.name());
        return names;
    }

    private static SecretMode secretMode(String text) {
        try {
            return SecretMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown secret store '" + text + "': use vault, keychain or ask");
        }
    }

    private static <T> T convert(java.util.function.Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    private static void report(CliContext context, boolean json, String message) {
        context.err().println("railyard: " + TerminalText.cell(message));
        if (json) {
            context.printJson(Map.of("error", message));
        }
    }

    /** An error as the user should read it: our own messages as they are, anything else named plainly. */
    static String describe(Throwable ex) {
        if (ex instanceof CliException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof UncheckedIOException || ex instanceof dev.railyard.profile.SecretStoreException
                || ex instanceof dev.railyard.db.ConnectionProblem || ex instanceof dev.railyard.migrate.MigrationException
                || ex instanceof dev.railyard.backup.BackupException || ex instanceof java.io.IOException) {
            return oneLine(ex.getMessage());
        }
        return oneLine("unexpected error: " + ex) + " (run again with --debug for details)";
    }

    static String oneLine(String text) {
        return text == null ? "unknown error" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Makes commands, mixins and groups; those that take a CliContext get this run's. */
    static IFactory factory(CliContext context) {
        return new ContextFactory(context);
    }

    /** Commands, mixins and groups that take a CliContext get this run's. */
    private record ContextFactory(CliContext context) implements IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** Thrown by a command that needs a subcommand and got none. */
    static ParameterException missingSubcommand(CommandLine cmd) {
        return new ParameterException(cmd, "missing command: use one of " + String.join(", ", cmd.getSubcommands().keySet()
                .stream().filter(name -> !name.equals("help")).toList()));
    }
}
