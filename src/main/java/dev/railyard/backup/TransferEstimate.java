package dev.railyard.backup;

import dev.railyard.task.Sizes;
import java.util.Locale;

/**
 * What moving a backup through Railway's proxy costs: egress is billed per GB (about $0.05).
 * Shown before a backup of a Railway host starts.
 *
 * @param bytes      the estimated bytes that cross the proxy
 * @param billed     true when the host is Railway's, whose egress is billed
 */
public record TransferEstimate(long bytes, boolean billed) {

    /** Railway's published egress price, in US dollars per GB (10^9 bytes). */
    public static final double DOLLARS_PER_GB = 0.05;

    public double dollars() {
        return billed ? bytes / 1e9 * DOLLARS_PER_GB : 0;
    }

    /** "about 2.4 GB through Railway's proxy, ~$0.12 of egress", or "about 2.4 GB (local, not billed)". */
    public String describe() {
        if (!billed) {
            return "about " + Sizes.human(bytes) + " to transfer (not a Railway host: no egress charge)";
        }
        double cost = dollars();
        String price = cost < 0.01 ? "less than $0.01" : String.format(Locale.ROOT, "~$%.2f", cost);
        return "about " + Sizes.human(bytes) + " through Railway's proxy, " + price + " of egress at $"
                + DOLLARS_PER_GB + "/GB";
    }
}
