package bindercheck.properties.raw;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.FuzzScript;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.World;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioHeader;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.ScenarioWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw try as a finding: the world's set-up and the inputs, a plain scenario file ({@code # bindercheck:
 * slice=raw}) that {@code bindercheck replay}, {@code fuzz raw --replay} and the real kernel run. Replayed here, an
 * exception out of a step is the step's violation ({@link Thrown}), and a step the harness refuses is one too.
 *
 * @param canary  whether the canary check is on
 * @param procs   the world's processes
 * @param threads threads per process
 * @param ops     the inputs, each a step or two
 * @param version the kernel whose driver it ran on
 */
record RawScript(boolean canary, int procs, int threads, List<List<ScenarioStep>> ops, KernelVersion version)
        implements FuzzScript<List<ScenarioStep>> {
    RawScript {
        ops = List.copyOf(ops);
    }

    /** A script on 6.1's driver. */
    RawScript(boolean canary, int procs, int threads, List<List<ScenarioStep>> ops) {
        this(canary, procs, threads, ops, KernelVersion.DEFAULT);
    }

    @Override
    public RawScript withOps(List<List<ScenarioStep>> other) {
        return new RawScript(canary, procs, threads, other, version);
    }

    @Override
    public List<Violation> firstViolations() {
        World w = RawCampaign.world(procs, threads, canary, version, Checking.DEFAULT);
        for (List<ScenarioStep> op : ops) {
            List<Violation> v = RawCampaign.apply(w, op);
            if (!v.isEmpty()) {
                return v;
            }
        }
        return List.of();
    }

    /** Every step: the set-up, then the inputs. */
    List<ScenarioStep> steps() {
        List<ScenarioStep> all = new ArrayList<>(World.setUp(procs, threads, RawCampaign.MAP_BYTES));
        ops.forEach(all::addAll);
        return all;
    }

    @Override
    public String text(List<String> comments) {
        return ScenarioWriter.text(comments, ScenarioHeader.finding(RawSlice.NAME, canary, version), steps());
    }
}
