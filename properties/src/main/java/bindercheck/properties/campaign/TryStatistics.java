package bindercheck.properties.campaign;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * How sure a campaign is (Apache Commons Math): the lengths of its tries (operations run per try) and, from the tries
 * and how many of them found something, a Clopper-Pearson bound on the per-try failure rate.
 *
 * <p>Lengths are kept as a histogram (length to how many tries had it): a try is at most a few thousand operations,
 * so a day-long campaign keeps a few thousand numbers, and the histograms of the shards of a campaign add up to the
 * campaign's, quantiles included ({@link CampaignMerge}).
 */
public final class TryStatistics {
    private final NavigableMap<Long, Long> histogram = new TreeMap<>();

    /** Counts a try that ran {@code operations} operations. */
    public void add(long operations) {
        add(operations, 1);
    }

    /** Counts {@code tries} tries that ran {@code operations} operations each. */
    public void add(long operations, long tries) {
        if (operations < 0 || tries < 1) {
            throw new IllegalArgumentException(tries + " tries of " + operations + " operations");
        }
        histogram.merge(operations, tries, Long::sum);
    }

    /** The lengths' summary, or null before the first try. */
    public Lengths lengths() {
        if (histogram.isEmpty()) {
            return null;
        }
        long n = 0;
        long sum = 0;
        for (Map.Entry<Long, Long> e : histogram.entrySet()) {
            n += e.getValue();
            sum += e.getKey() * e.getValue();
        }
        return new Lengths(n, histogram.firstKey(), percentile(50, n), percentile(90, n), histogram.lastKey(),
                (double) sum / n, Collections.unmodifiableNavigableMap(new TreeMap<>(histogram)));
    }

    /**
     * The {@code p}-th percentile of the {@code n} lengths as commons-math's {@code Percentile} computes it by
     * default (its legacy estimate: position p/100 (n + 1), interpolated between the two order statistics around
     * it), from the histogram instead of a sorted array.
     */
    private double percentile(double p, long n) {
        double pos = p / 100d * (n + 1);
        if (pos < 1) {
            return histogram.firstKey();
        }
        if (pos >= n) {
            return histogram.lastKey();
        }
        double floor = Math.floor(pos);
        long lower = orderStatistic((long) floor - 1);
        long upper = orderStatistic((long) floor);
        return lower + (pos - floor) * (upper - lower);
    }

    /** The {@code k}-th smallest length, 0-based. */
    private long orderStatistic(long k) {
        long seen = 0;
        for (Map.Entry<Long, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (k < seen) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("no length " + k + " of " + seen);
    }

    /**
     * Try lengths in operations.
     *
     * @param histogram each length that occurred, in increasing order, and how many tries had it
     */
    public record Lengths(long tries, long min, double median, double p90, long max, double mean,
            NavigableMap<Long, Long> histogram) {
    }

    /**
     * The one-sided Clopper-Pearson upper bound, at {@code confidence}, on the probability that a try fails, after
     * {@code failures} of {@code tries} failed: the {@code confidence} quantile of Beta(failures + 1, tries -
     * failures); 1 when every try failed. With no failure it is {@code 1 - (1 - confidence)^(1/tries)}.
     */
    public static double upperBound(long failures, long tries, double confidence) {
        if (tries <= 0 || failures < 0 || failures > tries || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("failures in 0..tries, tries > 0, confidence in (0, 1)");
        }
        if (failures == tries) {
            return 1;
        }
        // the solver's default accuracy (1e-9, absolute) is too coarse for the bounds of long campaigns (~1e-6)
        return new BetaDistribution(failures + 1, tries - failures, 1e-15).inverseCumulativeProbability(confidence);
    }
}
