package bindercheck.properties.refs;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.Seeds;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.ScenarioException;

import bindercheck.model.refs.RefsTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Recorded runs of the driver, for TLC's batch trace validation against BinderRefs.tla
 * (BinderRefsTrace.tla): random refcount streams drawn by {@link RefsMove} in a {@link World},
 * checked against BinderRefs from its Init, each turned into the spec actions its driver steps
 * matched, with their parameters (stutters left out). A run is cut where its check stopped (a
 * behaviour BinderRefs leaves out) or at a reply checked outside BcReply's guard.
 */
public final class RefsTraces {
    private RefsTraces() {
    }

    /** {@code count} runs of {@code ops} operations, 3 processes of 2 threads, seeded from {@code seed}. */
    public static List<World> record(long seed, int count, int ops) {
        return record(seed, count, ops, KernelVersion.DEFAULT);
    }

    /** {@link #record(long, int, int)} on kernel {@code version}'s driver. */
    public static List<World> record(long seed, int count, int ops, KernelVersion version) {
        List<World> runs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Random r = Seeds.forTry(seed, k);
            World w = WorldCampaign.world(3, 2, 128 * 1024, RefsChecks.factory(), false, true, version);
            boolean wellBehaved = k % 3 == 0;
            try {
                for (int i = 0; i < ops; i++) {
                    w.apply(RefsMove.drawAny(w, r, wellBehaved));
                }
            } catch (ScenarioException e) {
                throw new IllegalStateException("a generated move did not run: " + e.getMessage(), e);
            }
            runs.add(w);
        }
        return runs;
    }

    /** The BinderRefs.tla trace of a run, from its Init (the world before its first step: no manager yet). */
    public static RefsTrace trace(World run) {
        return run.run().check(RefsChecks.class).checker().trace();
    }

    public static List<RefsTrace> traces(List<World> runs) {
        return runs.stream().map(RefsTraces::trace).toList();
    }
}
