package bindercheck.properties.txn;

import bindercheck.properties.campaign.Seeds;
import bindercheck.properties.harness.CheckedTxn;

import bindercheck.model.TraceStep;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Recorded runs of the driver, for TLC's batch trace validation (BinderTrace.tla): random
 * multi-process streams drawn by {@link TxnMove} on {@link CheckedTxn}, each turned into the
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
    public static List<CheckedTxn> record(long seed, int count, int ops) {
        List<CheckedTxn> runs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Random r = Seeds.forTry(seed, k);
            CheckedTxn s = CheckedTxn.start(3, 2, 128 * 1024, true, TXN_IDS, BUF_SLOTS);
            boolean wellBehaved = k % 3 == 0;
            for (int i = 0; i < ops; i++) {
                s.apply(TxnMove.drawAny(s.world(), r, wellBehaved));
            }
            runs.add(s);
        }
        return runs;
    }

    /** The run as a trace of spec actions. */
    public static TxnTrace trace(CheckedTxn run) {
        TxnChecker c = run.checker();
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

    public static List<TxnTrace> traces(List<CheckedTxn> runs) {
        return runs.stream().map(TxnTraces::trace).toList();
    }
}
