package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Orders objects so each comes after what it depends on (pg_depend), and otherwise keeps the
 * order it was given (schemas, extensions, types, functions, sequences, tables, views, each
 * by name): the same idea as pg_dump's sort. A dependency cycle cannot be ordered; the
 * first object of the cycle in the given order goes first and the cycle is reported.
 */
public final class DependencySorter {

    /** The ordered objects, and the ones placed before something they depend on because of a cycle. */
    public record Result<T>(List<T> ordered, List<T> cycleBreakers) { }

    private DependencySorter() {
    }

    /**
     * @param nodes        objects in their preferred order
     * @param key          a unique key per object
     * @param dependencies pairs (object key, key of what it depends on); pairs naming unknown
     *                     objects are ignored
     */
    public static <T> Result<T> sort(List<T> nodes, Function<T, String> key, List<Map.Entry<String, String>> dependencies) {
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(key.apply(nodes.get(i)), i);
        }
        List<List<Integer>> dependents = new ArrayList<>(n);
        int[] waitingFor = new int[n];
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Map.Entry<String, String> edge : dependencies) {
            Integer from = index.get(edge.getKey());
            Integer to = index.get(edge.getValue());
            if (from == null || to == null || from.equals(to)) {
                continue;
            }
            if (seen.add(((long) from << 32) | to)) {
                dependents.get(to).add(from);
                waitingFor[from]++;
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] done = new boolean[n];
        List<T> ordered = new ArrayList<>(n);
        List<T> breakers = new ArrayList<>();
        int next = 0;
        while (ordered.size() < n) {
            Integer current = ready.poll();
            if (current == null) {
                // A cycle: take the first object not yet placed.
                while (done[next]) {
                    next++;
                }
                current = next;
                breakers.add(nodes.get(current));
                waitingFor[current] = 0;
            }
            if (done[current]) {
                continue;
            }
            done[current] = true;
            ordered.add(nodes.get(current));
            for (int dependent : dependents.get(current)) {
                if (!done[dependent] && --waitingFor[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        return new Result<>(ordered, breakers);
    }
}
