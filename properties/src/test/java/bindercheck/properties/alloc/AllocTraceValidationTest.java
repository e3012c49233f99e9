package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.TraceStep;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.PageState;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.properties.Project;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLC validates recorded impl traces against BinderAlloc.tla, and rejects a doctored one. */
class AllocTraceValidationTest {

    @Test
    void twoHundredFortyImplTracesAreBehavioursOfTheSpec(@TempDir Path work) {
        List<CheckedAlloc> runs = AllocTraces.record(7, 240, 4, 40);
        runs.forEach(r -> assertEquals(List.of(), r.violations(), "the Java checks already fail"));
        List<AllocTrace> traces = AllocTraces.traces(runs);

        TraceValidation.Result<AllocTraceValidation.Area> result =
                AllocTraceValidation.validate(traces, Project.spec(), work, 2);

        result.batches().forEach(b -> assertTrue(b.tlc().isOk(), () -> b.tlc().summary()));
        assertEquals(Set.of(), result.rejected(), "traces TLC rejected");
        assertEquals(240, result.batches().stream().mapToInt(b -> b.traceIds().size()).sum());
        assertEquals(4, result.batches().size(), "traces on every area size from 1 to 4 pages, one TLC run each");
    }

    @Test
    void aTraceWithAWrongPageStateIsRejected(@TempDir Path work) {
        List<AllocTrace> traces = new ArrayList<>(AllocTraces.traces(AllocTraces.record(11, 5, 1, 30)));
        AllocTrace good = traces.get(2);
        // the same run, but after its first step page 0 is claimed to be on the LRU
        List<TraceStep<AllocTraceState>> steps = new ArrayList<>(good.steps());
        TraceStep<AllocTraceState> s = steps.get(0);
        steps.set(0, new TraceStep<>(s.action(), s.params(), s.refused(),
                new AllocTraceState(lru0(s.post().state()), s.post().outcomes())));
        traces.set(2, new AllocTrace(good.areaUnits(), good.pageUnits(), good.init(), steps));

        TraceValidation.Result<AllocTraceValidation.Area> result =
                AllocTraceValidation.validate(traces, Project.spec(), work, 1);

        assertEquals(Set.of(2), result.rejected());
    }

    private static AllocState lru0(AllocState s) {
        List<PageState> pages = new ArrayList<>(s.pages());
        pages.set(0, pages.get(0) == PageState.LRU ? PageState.ABSENT : PageState.LRU);
        return new AllocState(s.buffers(), pages, s.freeAsyncSpace(), s.mapped(), s.pageFault(), s.outcome());
    }
}
