package dev.railyard.inspect;

/**
 * Whether the Queries view has a source, and if not what would give it one.
 *
 * @param available true when rows came from {@link #source()}
 * @param message   one sentence for the view's banner
 * @param fix       the statement(s) that would enable a source; shown, never run by Railyard; null when none
 * @param note      a caveat ("resets on restart", "only statements slower than 1 s"); null when none
 */
public record QueryStatsStatus(QuerySource source, boolean available, String message, String fix, String note) {

    static QueryStatsStatus ready(QuerySource source, String message, String note) {
        return new QueryStatsStatus(source, true, message, null, note);
    }

    static QueryStatsStatus missing(String message, String fix, String note) {
        return new QueryStatsStatus(QuerySource.NONE, false, message, fix, note);
    }
}
