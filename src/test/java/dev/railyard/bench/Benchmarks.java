package dev.railyard.bench;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks and prints their figures. Each benchmark is a program of its own
 * (a class with main) that measures Railyard and, where there is one, the native tool in the
 * same run. Usage: {@code mvn -B -q -DskipTests package exec:java@bench -Dexec.args="startup tables"};
 * with no arguments every benchmark runs.
 */
public final class Benchmarks {

    private static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("startup", "dev.railyard.bench.StartupBenchmark");
        ALL.put("tables", "dev.railyard.bench.TablesViewBenchmark");
        ALL.put("tables-tab", "dev.railyard.bench.TablesTabBenchmark");
        ALL.put("latency", "dev.railyard.bench.LatencyBenchmark");
        ALL.put("pg-backup", "dev.railyard.backup.postgres.PgBackupBenchmark");
        ALL.put("pg-catalog", "dev.railyard.backup.postgres.PgBackupBenchmark$CatalogPhase");
        ALL.put("mysql-backup", "dev.railyard.bench.MysqlBackupBenchmark");
        ALL.put("cold-cli", "dev.railyard.bench.ColdCliBenchmark");
        ALL.put("console-10m", "dev.railyard.ui.console.ConsoleResultBenchmark");
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length == 0 ? new ArrayList<>(ALL.keySet()) : List.of(args);
        for (String name : names) {
            String className = ALL.get(name);
            if (className == null) {
                System.err.println("Unknown benchmark '" + name + "'; known: " + String.join(", ", ALL.keySet()));
                System.exit(2);
            }
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException e) {
                System.out.println("== " + name + ": not built yet (" + className + " is missing)");
                continue;
            }
            System.out.println("== " + name);
            Method main = type.getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        }
        System.exit(0);
    }
}
