package bindercheck.properties.txn;

import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.Seeds;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.ScenarioException;

import bindercheck.model.TraceStep;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Recorded runs of the driver, for TLC's batch trace validation (BinderTrace.tla): random
 * multi-process streams drawn by {@link TxnMove} in a {@link World} (from the end of its set-up, which is Init again), each turned into the
 * sequence of spec actions its driver steps matched. Stutters (steps the spec has no action for)
 * are left out, as TLC would accept them anyway; a run is cut where the checker stopped (the
 * model's pools) or at a step of work Binder.tla does not model.
 */
public final class TxnTraces {
    /** Pools of the validation model: small, so that TLC's records stay small. */
    public static final int TXN_IDS = 12;
    public static final int BUF_SLOTS = 8;

    private TxnTraces() {
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
            World w = WorldCampaign.world(3, 2, 128 * 1024,
                    (cast, recording) -> List.of(new TxnChecks(cast, recording, TXN_IDS, BUF_SLOTS)), false, true,
                    version);
            boolean wellBehaved = k % 3 == 0;
            try {
                for (int i = 0; i < ops; i++) {
                    w.apply(TxnMove.drawAny(w, r, wellBehaved));
                }
            } catch (ScenarioException e) {
                throw new IllegalStateException("a generated move did not run: " + e.getMessage(), e);
            }
            runs.add(w);
        }
        return runs;
    }

    /** The run as a trace of spec actions, from Binder.tla's Init (the world before its first step). */
    public static TxnTrace trace(World run) {
        TxnChecker c = run.run().check(TxnChecks.class).checker();
        List<TraceStep<TxnState>> steps = new ArrayList<>();
        for (TxnChecker.CheckedStep s : c.steps()) {
            if (s.action().equals("stutter")) {
                continue;
            }
            if (!s.isSpecAction()) {
                break;
            }
            steps.add(new TraceStep<>(s.action(), s.params(), s.state()));
        }
        TxnState init = TxnState.init(c.state().config());
        return new TxnTrace(c.state().config(), init, steps);
    }

    public static List<TxnTrace> traces(List<World> runs) {
        return runs.stream().map(TxnTraces::trace).toList();
    }
}
