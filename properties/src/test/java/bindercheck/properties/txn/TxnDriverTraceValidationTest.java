package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTrace;
import bindercheck.properties.Project;
import bindercheck.properties.harness.World;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLC validates recorded runs of the Java driver (not of the mirror) against Binder.tla in one
 * batch, from Init (the end of each world's set-up): every spec action the per-step checker matched, with its
 * parameters and the abstract state after it. A trace doctored after recording (a call relabelled as a reply) is rejected.
 */
class TxnDriverTraceValidationTest {
    @Test
    void recordedDriverRunsAreBehavioursOfTheSpec(@TempDir Path work) {
        List<World> runs = TxnTraces.record(11, 30, 30);
        runs.forEach(r -> assertEquals(List.of(), r.violations()));
        List<TxnTrace> traces = new ArrayList<>(TxnTraces.traces(runs));
        long actions = traces.stream().mapToLong(t -> t.steps().size()).sum();
        assertTrue(actions > 400, actions + " spec actions recorded");
        TxnTrace doctored = relabelFirstCall(traces.get(0));
        traces.add(doctored);

        TraceValidation.Result<TxnConfig> r = TxnTraceValidation.validate(traces, Project.spec(), work, 1);

        r.batches().forEach(b -> assertTrue(b.tlc().isOk(), () -> b.tlc().summary()));
        assertEquals(Set.of(traces.size() - 1), r.rejected(), "only the doctored trace is rejected");
    }

    private static TxnTrace relabelFirstCall(TxnTrace t) {
        List<TraceStep<TxnState>> steps = new ArrayList<>(t.steps());
        for (int i = 0; i < steps.size(); i++) {
            TraceStep<TxnState> s = steps.get(i);
            if (s.action().equals("BcTransaction")) {
                java.util.Map<String, bindercheck.model.tlc.TlaValue> ps = new java.util.LinkedHashMap<>();
                ps.put("t", s.params().get("t"));
                steps.set(i, new TraceStep<>("BcReply", ps, false, s.post()));
                return new TxnTrace(t.config(), t.init(), steps);
            }
        }
        throw new AssertionError("no call in the first trace");
    }
}
