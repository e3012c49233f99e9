package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.txn.BinderSpec;
import bindercheck.model.txn.ThreadRef;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTrace;
import bindercheck.properties.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLC validates random behaviours of the Java mirror against Binder.tla, and rejects doctored ones. */
class TxnTraceValidationTest {
    private static final TxnConfig TWO = TxnConfig.of(List.of("pm", "pa"), "pm", List.of("k1", "k2"), 3, 4);
    private static final TxnConfig THREE = TxnConfig.of(List.of("pm", "pa", "pb"), "pm", List.of("k1", "k2"), 5, 4);

    @Test
    void randomBehavioursOfTheMirrorAreBehavioursOfTheSpec(@TempDir Path work) {
        List<TxnTrace> traces = new ArrayList<>();
        for (int seed = 0; seed < 60; seed++) {
            traces.add(TxnTrace.randomWalk(seed % 2 == 0 ? TWO : THREE, seed, 40, 0.1));
        }
        long refused = traces.stream().flatMap(t -> t.steps().stream()).filter(TraceStep::refused).count();
        long steps = traces.stream().mapToLong(t -> t.steps().size()).sum();
        assertTrue(refused > 20 && steps > 1500, refused + " refused of " + steps + " steps");

        TraceValidation.Result<TxnConfig> result = TxnTraceValidation.validate(traces, Project.spec(), work, 1);

        result.batches().forEach(b -> assertTrue(b.tlc().isOk(), () -> b.tlc().summary()));
        assertEquals(Set.of(), result.rejected(), "traces TLC rejected");
        assertEquals(2, result.batches().size(), "one TLC run per set of constants");
        assertTrue(result.allAccepted());
    }

    @Test
    void doctoredTracesAreRejectedAndOnlyThey(@TempDir Path work) {
        List<TxnTrace> traces = new ArrayList<>();
        for (int seed = 100; traces.size() < 5; seed++) {
            TxnTrace t = TxnTrace.randomWalk(TWO, seed, 30, 0.0);
            if (t.steps().size() >= 10) {
                traces.add(t);
            }
        }
        traces.set(1, wakeOnStep(traces.get(1), 4));
        traces.set(3, mislabelled(traces.get(3)));
        traces.set(4, refusedThreadExit(traces.get(4), 3));

        TraceValidation.Result<TxnConfig> result = TxnTraceValidation.validate(traces, Project.spec(), work, 1);

        assertTrue(result.batches().get(0).tlc().isOk(), () -> result.batches().get(0).tlc().summary());
        assertEquals(Set.of(1, 3, 4), result.rejected());
        assertFalse(result.allAccepted());
    }

    @Test
    void aProcNamedLikeASpecIdentifierIsRefusedBeforeTlcRuns(@TempDir Path work) {
        TxnConfig clash = TxnConfig.of(List.of("pm", "Threads"), "pm", List.of("k1"), 2, 2);
        TxnTrace t = TxnTrace.randomWalk(clash, 1, 3, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TxnTraceValidation.validate(List.of(t), Project.spec(), work, 1));
        assertTrue(e.getMessage().contains("Threads"), e.getMessage());
    }

    /** The trace with process_todo of pm.k1 flipped in the state after step k (the rest as recorded). */
    private static TxnTrace wakeOnStep(TxnTrace t, int k) {
        List<TraceStep<TxnState>> steps = new ArrayList<>(t.steps());
        TraceStep<TxnState> s = steps.get(k);
        ThreadRef pm1 = new ThreadRef(0, 0);
        TxnState wrong = s.post().toBuilder().setProcessTodo(pm1, !s.post().processTodo(pm1)).build();
        steps.set(k, new TraceStep<>(s.action(), s.params(), s.refused(), wrong));
        return new TxnTrace(t.config(), t.init(), steps);
    }

    /**
     * The trace with a refused BINDER_THREAD_EXIT of pa.k1 logged before step k, the state left
     * as it was: the spec's ThreadRelease is enabled while pa lives, so it cannot be refused.
     */
    private static TxnTrace refusedThreadExit(TxnTrace t, int k) {
        List<TraceStep<TxnState>> steps = new ArrayList<>(t.steps());
        TxnState pre = steps.get(k - 1).post();
        assertTrue(pre.alive(1), "pa is alive");
        steps.add(k, new TraceStep<>("ThreadRelease",
                java.util.Map.of("t", bindercheck.model.txn.TxnTla.thread(t.config(), new ThreadRef(1, 0))), true, pre));
        return new TxnTrace(t.config(), t.init(), steps);
    }

    /** The trace with its first BrTransaction or BcTransaction step logged under another action. */
    private static TxnTrace mislabelled(TxnTrace t) {
        List<TraceStep<TxnState>> steps = new ArrayList<>(t.steps());
        for (int k = 0; k < steps.size(); k++) {
            TraceStep<TxnState> s = steps.get(k);
            if (s.action().equals("BcTransaction")) {
                // the same thread's BC_REPLY cannot lead to the same state
                TraceStep<TxnState> wrong = new TraceStep<>("BcReply", java.util.Map.of("t", s.params().get("t")), false,
                        s.post());
                TxnState pre = k == 0 ? t.init() : steps.get(k - 1).post();
                assertFalse(new BinderSpec(t.config()).apply(pre, "BcReply", wrong.params()).contains(s.post()));
                steps.set(k, wrong);
                return new TxnTrace(t.config(), t.init(), steps);
            }
        }
        throw new AssertionError("no BC_TRANSACTION in the trace");
    }
}
