package bindercheck.properties.campaign;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * How sure a campaign is (Apache Commons Math): the lengths of its tries (operations run per try) and, from the tries
 * and how many of them found something, a Clopper-Pearson bound on the per-try failure rate.
 *
 * <p>Min, max and mean are over every try; the quantiles over the last {@value #WINDOW} tries (all of them in any run
 * shorter than that), so that a day-long campaign does not keep every length in memory.
 */
public final class TryStatistics {
    /** How many of the latest try lengths the quantiles are computed over. */
    public static final int WINDOW = 1_000_000;

    private final SummaryStatistics all = new SummaryStatistics();
    private final DescriptiveStatistics recent = new DescriptiveStatistics(WINDOW);

    /** Counts a try that ran {@code operations} operations. */
    public void add(long operations) {
        all.addValue(operations);
        recent.addValue(operations);
    }

    /** The lengths' summary, or null before the first try. */
    public Lengths lengths() {
        if (all.getN() == 0) {
            return null;
        }
        return new Lengths(all.getN(), (long) all.getMin(), recent.getPercentile(50), recent.getPercentile(90),
                (long) all.getMax(), all.getMean(), all.getN() > WINDOW);
    }

    /**
     * Try lengths in operations.
     *
     * @param windowed whether the median and p90 are over the last {@value #WINDOW} tries only
     */
    public record Lengths(long tries, long min, double median, double p90, long max, double mean, boolean windowed) {
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
