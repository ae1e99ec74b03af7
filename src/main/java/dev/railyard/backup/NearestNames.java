package dev.railyard.backup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The existing names closest to one that matched nothing ("orders" for "Orders", "order"),
 * for messages: the same name in another case first, then the fewest edits.
 */
public final class NearestNames {

    private static final int MAX = 3;

    private NearestNames() {
    }

    /** Up to three names of {@code names} near {@code wanted}; none when nothing is near. */
    public static List<String> of(String wanted, Collection<String> names) {
        String w = bare(wanted);
        Set<String> result = new LinkedHashSet<>();
        for (String name : names) {
            if (bare(name).equals(w)) {
                result.add(name);
            }
        }
        int limit = Math.max(2, w.length() / 3);
        record Candidate(String name, int distance) {
        }
        List<Candidate> close = new ArrayList<>();
        for (String name : names) {
            int d = distance(w, bare(name));
            if (d <= limit) {
                close.add(new Candidate(name, d));
            }
        }
        close.sort(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name));
        for (Candidate c : close) {
            result.add(c.name());
        }
        return result.stream().limit(MAX).toList();
    }

    /**
     * A refusal naming the patterns that matched nothing and, for each, the nearest names:
     * "--table 'ordrs' matches no table (nearest: public.orders)".
     */
    public static String refusal(String option, String kind, List<String> unmatched, Collection<String> names) {
        StringBuilder text = new StringBuilder();
        for (String pattern : unmatched) {
            List<String> near = of(pattern, names);
            text.append(text.length() == 0 ? "" : "; ").append(option).append(" '").append(pattern).append("' matches no ")
                    .append(kind).append(near.isEmpty() ? "" : " (nearest: " + String.join(", ", near) + ")");
        }
        return text + ". Nothing was backed up: check the name" + (unmatched.size() > 1 ? "s" : "")
                + " (patterns accept * and ?; a \"Quoted\" name keeps its case).";
    }

    /** Lower case, without quotes and wildcards: what a person meant. */
    private static String bare(String name) {
        return name.replace("\"", "").replace("*", "").replace("?", "").toLowerCase(Locale.ROOT);
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
