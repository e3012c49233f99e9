package bindercheck.model.txn;

import bindercheck.model.Trace;
import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A recorded behaviour of Binder.tla: the model's constants, the initial state and every step
 * ({@link TraceStep}: the action by its TLA+ name, its parameters, whether the driver refused it,
 * the state after it). What BinderTrace.tla checks; made by a run of the driver or by
 * {@link #randomWalk}.
 */
public record TxnTrace(TxnConfig config, TxnState init, List<TraceStep<TxnState>> steps) implements Trace<TxnState> {
    public TxnTrace {
        steps = List.copyOf(steps);
    }

    /**
     * A random behaviour of the mirror from Init, at most {@code length} steps long (it ends
     * early if every proc is dead): each step is drawn uniformly from the enabled steps, except
     * that a thread exit or proc release is kept only one time in ten (they end the
     * interesting part); or, with probability {@code refusedShare}, an action instance is drawn
     * from all of them and, if it is not enabled, logged as refused.
     */
    public static TxnTrace randomWalk(TxnConfig c, long seed, int length, double refusedShare) {
        BinderSpec spec = new BinderSpec(c);
        Random rnd = new Random(seed);
        TxnState s = spec.init();
        List<TraceStep<TxnState>> steps = new ArrayList<>();
        List<String[]> instances = instances(c);
        while (steps.size() < length) {
            if (rnd.nextDouble() < refusedShare) {
                String[] inst = instances.get(rnd.nextInt(instances.size()));
                if (spec.apply(s, inst[0], paramsOf(c, inst)).isEmpty()) {
                    steps.add(new TraceStep<>(inst[0], paramsOf(c, inst), true, s));
                    continue;
                }
            }
            List<TraceStep<TxnState>> next = spec.next(s);
            if (next.isEmpty()) {
                break;
            }
            TraceStep<TxnState> st = next.get(rnd.nextInt(next.size()));
            if (st.action().endsWith("Release") && rnd.nextInt(10) != 0) {
                continue;
            }
            steps.add(st);
            s = st.post();
        }
        return new TxnTrace(c, spec.init(), steps);
    }

    /** Every action instance of Next as {action, proc or thread index..., extra}. */
    private static List<String[]> instances(TxnConfig c) {
        List<String[]> out = new ArrayList<>();
        for (int n = 0; n < c.numThreads(); n++) {
            String t = Integer.toString(n);
            for (int p = 0; p < c.numProcs(); p++) {
                out.add(new String[] {"BcTransaction", t, Integer.toString(p), "false"});
                out.add(new String[] {"BcTransaction", t, Integer.toString(p), "true"});
            }
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                out.add(new String[] {"BcFreeBuffer", t, Integer.toString(slot)});
            }
            for (String a : List.of("BcReply", "BrTransaction", "BrReply", "BrTransactionComplete", "BrDeadReply",
                    "BrFailedReply", "ThreadRelease")) {
                out.add(new String[] {a, t});
            }
        }
        for (int p = 0; p < c.numProcs(); p++) {
            out.add(new String[] {"ProcRelease", Integer.toString(p)});
        }
        return out;
    }

    private static Map<String, TlaValue> paramsOf(TxnConfig c, String[] inst) {
        Map<String, TlaValue> m = new LinkedHashMap<>();
        switch (inst[0]) {
            case "ProcRelease" -> m.put("p", TxnTla.proc(c, Integer.parseInt(inst[1])));
            case "BcTransaction" -> {
                m.put("t", TxnTla.thread(c, c.thread(Integer.parseInt(inst[1]))));
                m.put("p", TxnTla.proc(c, Integer.parseInt(inst[2])));
                m.put("oneway", TlaValue.of(Boolean.parseBoolean(inst[3])));
            }
            case "BcFreeBuffer" -> {
                m.put("t", TxnTla.thread(c, c.thread(Integer.parseInt(inst[1]))));
                m.put("s", TlaValue.of(Integer.parseInt(inst[2])));
            }
            default -> m.put("t", TxnTla.thread(c, c.thread(Integer.parseInt(inst[1]))));
        }
        return m;
    }
}
