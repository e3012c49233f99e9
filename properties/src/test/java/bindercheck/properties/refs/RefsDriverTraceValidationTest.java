package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.TraceStep;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.refs.RefsTrace;
import bindercheck.properties.harness.World;
import bindercheck.properties.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Driver runs of the refcount generator, recorded as the BinderRefs actions their steps matched,
 * validated by TLC in one batch: every one is a behaviour of the spec; a copy with one state
 * changed is not.
 */
class RefsDriverTraceValidationTest {
    @Test
    void driverRunsAreBehavioursOfBinderRefs() throws IOException {
        List<World> runs = RefsTraces.record(7, 8, 30);
        runs.forEach(r -> assertEquals(List.of(), r.violations()));
        List<RefsTrace> traces = new ArrayList<>(RefsTraces.traces(runs));
        long actions = traces.stream().mapToLong(t -> t.steps().size()).sum();
        assertTrue(actions > 100, "too few actions recorded: " + actions);

        RefsTrace t = traces.get(0);
        List<TraceStep<RefsState>> steps = new ArrayList<>(t.steps());
        TraceStep<RefsState> last = steps.get(steps.size() - 1);
        RefsState s = last.post();
        RefsState changed = new RefsState(s.alive(), s.mgrNode(), s.mgrUid(), s.nodes(), s.refs(), s.deaths(), s.bufs(),
                s.held(), s.reached(), !s.drift(), s.misuse(), s.kernelBug(), s.wasMgr());
        steps.set(steps.size() - 1, new TraceStep<>(last.action(), last.params(), changed));
        traces.add(new RefsTrace(t.model(), t.init(), steps));

        Path work = Files.createTempDirectory("refs-driver-traces");
        TraceValidation.Result<RefsModel> r = RefsTraceValidation.validate(traces, Project.spec(), work, 2);
        assertEquals(Set.of(traces.size() - 1), r.rejected(), () -> r.batches().get(0).tlc().summary());
    }
}
