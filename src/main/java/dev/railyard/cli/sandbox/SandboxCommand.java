package dev.railyard.cli.sandbox;

import dev.railyard.cli.CliContext;
import dev.railyard.cli.CliProgress;
import dev.railyard.cli.OutputOptions;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.sandbox.Sandbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "sandbox",
        description = "A local demo PostgreSQL with a shop application's data, kept in RAILYARD_HOME/sandbox.")
public final class SandboxCommand implements Callable<Integer> {

    /** The commands under sandbox, in the order help lists them (added by RailyardCli, see RootCommand.COMMANDS). */
    public static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(Start.class, Stop.class, Status.class);

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: use start, stop or status");
    }

    private static Map<String, Object> describe(Sandbox.Status status, ConnectionProfile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("running", status.running());
        json.put("port", status.port());
        json.put("profile", Sandbox.PROFILE);
        if (profile != null) {
            json.put("url", "postgresql://" + profile.user() + "@" + profile.host() + ":" + profile.port() + "/" + profile.database());
        }
        json.put("dataDirectory", status.dataDirectory().toString());
        return json;
    }

    @Command(name = "start", description = "Start the sandbox (created and filled with demo data on the first run) and save the profile 'sandbox'.")
    static final class Start implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        private final CliContext context;

        Start(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Sandbox sandbox = new Sandbox(context.home(), context.profiles());
            ConnectionProfile profile;
            try (CliProgress progress = new CliProgress(context.err(), false)) {
                profile = sandbox.start(progress);
            }
            if (output.json()) {
                context.printJson(describe(sandbox.status(), profile));
            } else {
                context.println("The sandbox runs on localhost:" + profile.port() + " (profile 'sandbox', database '"
                        + profile.database() + "'). Try: railyard inspect tables --profile sandbox");
            }
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the sandbox; its data stays for the next start.")
    static final class Stop implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        private final CliContext context;

        Stop(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Sandbox sandbox = new Sandbox(context.home(), context.profiles());
            boolean stopped = sandbox.stop();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>(describe(sandbox.status(), null));
                json.put("stopped", stopped);
                context.printJson(json);
            } else {
                context.println(stopped ? "The sandbox stopped." : "The sandbox was not running.");
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Say whether the sandbox runs, and where.")
    static final class Status implements Callable<Integer> {
        @Mixin
        OutputOptions output;

        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Sandbox sandbox = new Sandbox(context.home(), context.profiles());
            Sandbox.Status status = sandbox.status();
            if (output.json()) {
                context.printJson(describe(status, context.profiles().find(Sandbox.PROFILE).orElse(null)));
            } else {
                context.println(status.running() ? "The sandbox runs on localhost:" + status.port() + " (profile 'sandbox')."
                        : "The sandbox is stopped. Start it: railyard sandbox start");
            }
            return 0;
        }
    }
}
