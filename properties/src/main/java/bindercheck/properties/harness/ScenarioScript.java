package bindercheck.properties.harness;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.campaign.HarnessFault;
import bindercheck.properties.check.Violation;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioHeader;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.ScenarioWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated run as a finding: a {@link World}'s set-up and the moves drawn in it, written as a plain scenario file
 * ({@link ScenarioWriter}) whose header names the slice and the canary. The file runs unchanged under {@code
 * bindercheck replay}, {@code fuzz SLICE --replay} and on the real kernel; minimisation deletes whole moves.
 *
 * @param slice    the slice whose checks found it
 * @param canary   whether the canary check is on
 * @param procs    the world's processes
 * @param threads  threads per process
 * @param mapBytes each process's mapping
 * @param checks   the slice's checks
 * @param ops      the moves, each a few steps
 * @param version  the kernel whose driver it ran on (the header's {@code kernel=} when not 6.1)
 */
public record ScenarioScript(String slice, boolean canary, int procs, int threads, long mapBytes, Checks.Factory checks,
        List<List<ScenarioStep>> ops, KernelVersion version) implements FuzzScript<List<ScenarioStep>> {
    public ScenarioScript {
        ops = List.copyOf(ops);
    }

    /** A script on 6.1's driver. */
    public ScenarioScript(String slice, boolean canary, int procs, int threads, long mapBytes, Checks.Factory checks,
            List<List<ScenarioStep>> ops) {
        this(slice, canary, procs, threads, mapBytes, checks, ops, KernelVersion.DEFAULT);
    }

    @Override
    public ScenarioScript withOps(List<List<ScenarioStep>> other) {
        return new ScenarioScript(slice, canary, procs, threads, mapBytes, checks, other, version);
    }

    /** The same script checked by {@code other}. */
    public ScenarioScript withChecks(Checks.Factory other) {
        return new ScenarioScript(slice, canary, procs, threads, mapBytes, other, ops, version);
    }

    /** A fresh world of this script's shape with its checks (and the canary if on), set up. */
    public World start(boolean recording) {
        return WorldCampaign.world(procs, threads, mapBytes, checks, canary, recording, version);
    }

    /**
     * As a campaign's try runs: the set-up, then each move, stopping at the first that breaks a check. What the
     * harness cannot make sense of is a {@link HarnessFault}, in the phase it happened (a move that names what no
     * longer exists, after minimisation deleted what made it, is one too).
     */
    @Override
    public List<Violation> firstViolations() {
        World w;
        try {
            w = start(false);
        } catch (RuntimeException | StackOverflowError | AssertionError e) {
            return List.of(HarnessFault.of(HarnessFault.SET_UP, e));
        }
        if (!w.violations().isEmpty()) {
            return w.violations();
        }
        for (List<ScenarioStep> op : ops) {
            try {
                w.apply(op);
            } catch (ScenarioException | RuntimeException | StackOverflowError | AssertionError e) {
                return List.of(HarnessFault.of(HarnessFault.MOVE, e));
            }
            if (!w.violations().isEmpty()) {
                return w.violations();
            }
        }
        w.finish();
        return w.violations();
    }

    /** Every step: a bigger world's set-up is a bigger script. */
    @Override
    public int size() {
        int n = World.setUp(procs, threads, mapBytes).size();
        for (List<ScenarioStep> op : ops) {
            n += op.size();
        }
        return n;
    }

    /** Every step: the set-up, then the moves. */
    public List<ScenarioStep> steps() {
        List<ScenarioStep> all = new ArrayList<>(World.setUp(procs, threads, mapBytes));
        ops.forEach(all::addAll);
        return all;
    }

    @Override
    public String text(List<String> comments) {
        return ScenarioWriter.text(comments, ScenarioHeader.finding(slice, canary, version), steps());
    }
}
