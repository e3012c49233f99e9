package bindercheck.properties.campaign;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a campaign did: tries (independent runs from a fresh state), checked operations (and the driver steps they
 * made, BC_ commands and work items read, where the slice counts them), wall time, its findings grouped by cause,
 * what it reached ({@link Coverage}), how long its tries were, what its checks cover and leave out, and how many
 * tries stopped being checked early, by reason (a behaviour the spec leaves out, or its bounds).
 *
 * @param shard              which tries of the campaign this run did ({@link Shard#WHOLE}: all of them)
 * @param maxTries           the tries asked for ({@code --tries}), or {@link Long#MAX_VALUE} for as many as the
 *                           time allows
 * @param findings           one per cause, in the order first found
 * @param unwritten          findings whose file could not be written (their text went to the listener)
 * @param stoppedAtMax       whether the run stopped because it had found {@code --max-findings} causes
 * @param lengths            the tries' lengths in operations, or null if there was no try
 */
public record CampaignReport(String slice, long seed, boolean canary, Shard shard, long maxTries, long tries,
        long operations, long driverSteps, double seconds, List<Finding> findings, int unwritten, boolean stoppedAtMax, TryStatistics.Lengths lengths,
        Coverage coverage, List<String> checked, List<String> notChecked, Map<String, Long> stops) {

    /** The confidence of {@link #failureRateBound()}. */
    public static final double CONFIDENCE = 0.95;

    public CampaignReport {
        findings = List.copyOf(findings);
        checked = List.copyOf(checked);
        notChecked = List.copyOf(notChecked);
        stops = Collections.unmodifiableMap(new TreeMap<>(stops));
    }

    /**
     * One cause of findings ({@link Campaign#cause}: the check that fired and what it names, an invariant, an action,
     * a rule), the violation of the script kept (that of the shortest try that found it, minimised), and how many
     * tries found it.
     *
     * @param cause     the checker and what it names, e.g. {@code invariant ReplyPairing}
     * @param violation the kept script's first violation, in full
     * @param tries     how many tries found this cause
     * @param firstTry  the try that found it first (the file is named after it)
     * @param keptTry   the try whose script the file holds: the cause's shortest (the first of equals)
     * @param rawSize   that try's script's size before minimising ({@link FuzzScript#size})
     * @param operations the kept script's operations, minimised
     * @param file      where it is (or would have been, if not {@code written})
     */
    public record Finding(String cause, String violation, long tries, long firstTry, long keptTry, int rawSize,
            int operations, Path file, boolean written) {
        /** The checker that fired: what {@link #cause} starts with. */
        public String checker() {
            return cause.substring(0, cause.indexOf(' '));
        }
    }

    public double triesPerSecond() {
        return seconds > 0 ? tries / seconds : 0;
    }

    public double operationsPerSecond() {
        return seconds > 0 ? operations / seconds : 0;
    }

    /** The files written, one per cause. */
    public List<Path> files() {
        return findings.stream().filter(Finding::written).map(Finding::file).toList();
    }

    /** How many tries found something. */
    public long failingTries() {
        return findings.stream().mapToLong(Finding::tries).sum();
    }

    /**
     * The one-sided Clopper-Pearson upper bound, at {@value #CONFIDENCE}, on the chance that a try of this campaign
     * finds something; NaN without tries.
     */
    public double failureRateBound() {
        return tries == 0 ? Double.NaN : TryStatistics.upperBound(failingTries(), tries, CONFIDENCE);
    }
}
