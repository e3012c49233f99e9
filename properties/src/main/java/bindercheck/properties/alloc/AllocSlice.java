package bindercheck.properties.alloc;

import bindercheck.model.alloc.AllocModel;
import bindercheck.model.io.AtomicFile;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.AllocSteps;
import bindercheck.model.alloc.AllocTla;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.Project;
import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.check.Violation;
import bindercheck.properties.slice.Counterexample;
import bindercheck.properties.slice.Slice;
import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import bindercheck.properties.trace.TraceEvent;
import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.trace.TraceHeader;
import bindercheck.properties.trace.TraceWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The buffer allocator ({@code binder_alloc.c}, spec/BinderAlloc.tla) as a slice. */
public final class AllocSlice implements Slice {
    @Override
    public String name() {
        return "alloc";
    }

    @Override
    public String summary() {
        return "the buffer allocator (binder_alloc.c): best fit, split, coalescing, pages, async space";
    }

    /**
     * The allocator's campaign: the allocator has no version differences in the feature table (every allocator golden
     * prints the same on 6.1, 6.12 and 7.3), so one campaign serves every version.
     */
    @Override
    public CampaignSubject<?> campaign(KernelVersion version, Checking checking) {
        return new AllocCampaign(checking);
    }

    @Override
    public int replayFinding(Path file, TraceFile trace, Consumer<String> out) throws IOException {
        if (trace != null) {
            AtomicFile.requireWritableFile(trace.path(), "--trace");
        }
        AllocScript script = AllocScript.read(file);
        out.accept("replay " + file + ": " + script.pages() + " pages of " + script.pageSizeBytes() + " bytes, "
                + script.ops().size() + " operations" + (script.canary() ? ", with the canary check" : ""));
        CheckedAlloc s = script.start(false);
        int seen = TraceFile.write(trace, w -> {
            TraceWriter<AllocTraceState> tw = w == null ? null : trace.format().open(w,
                    AllocView.VIEW.on(AllocTraceState::state), new TraceHeader("bindercheck fuzz alloc --replay: every "
                            + "operation of " + file + " on impl's allocator, checked against BinderAlloc.tla",
                            file.toString(), AllocView.constants(s.model())));
            AllocOp[] current = new AllocOp[1];
            if (tw != null) {
                tw.state(TraceEvent.INIT, s.init());
                s.streamTo(st -> tw.state(new TraceEvent(0, current[0].line(), null, st.action(), st.params(),
                        notes(st)), st.post()));
            }
            int violations = 0;
            int n = 0;
            for (AllocOp op : script.ops()) {
                current[0] = op;
                op.apply(s);
                n++;
                List<Violation> v = s.violations();
                out.accept(String.format("%4d  %-48s %s", n, op.line(), s));
                for (Violation x : v.subList(violations, v.size())) {
                    out.accept("      VIOLATION " + x);
                }
                violations = v.size();
            }
            s.checkWhole(); // the whole check a campaign's try ends with
            List<Violation> end = s.violations();
            for (Violation x : end.subList(violations, end.size())) {
                out.accept("      VIOLATION (end of the run) " + x);
            }
            violations = end.size();
            if (tw != null) {
                tw.finish();
            }
            return violations;
        });
        if (trace != null) {
            out.accept("trace (" + trace.format().option() + ") written to " + trace.path());
        }
        out.accept(seen == 0 ? "every check held" : seen + " violation(s)");
        return seen == 0 ? 0 : 1;
    }

    /** What an allocator step adds to its action: whether impl refused it, and the outcomes impl's result stands for. */
    private static Map<String, TlaValue> notes(TraceStep<AllocTraceState> st) {
        Map<String, TlaValue> notes = new LinkedHashMap<>();
        notes.put("refused", TlaValue.of(st.refused()));
        notes.put("outcomes", TlaValue.set(st.post().outcomes().stream().map(o -> TlaValue.of(o.tla())).toList()));
        return notes;
    }

    @Override
    public String traceModule() {
        return "spec/BinderAllocTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out, KernelVersion version) {
        long t0 = System.nanoTime();
        List<CheckedAlloc> runs = AllocTraces.record(seed, traces, 4, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        out.accept(String.format("recorded %d traces of %d operations (1 to 4 pages); the Java checks failed in %d",
                traces, steps, javaViolations));
        TraceValidation.Result<AllocTraceValidation.Area> r = AllocTraceValidation.validate(AllocTraces.traces(runs), Project.spec(), work, 2);
        r.report(a -> "AreaUnits=" + a.areaUnits() + " PageUnits=" + a.pageUnits(), traces, t0, work).forEach(out);
        return r.exitCode(javaViolations);
    }

    /** Names each step by the mirror's action and parameters ({@link AllocSteps}); TLC only knows the operator it split on. */
    @Override
    public Counterexample counterexample(ModelCatalog.Model model, Path modelsDir, List<TlcState> states) {
        AllocModel alloc;
        try {
            alloc = AllocModel.of(TlcConfigFile.read(model.cfg(modelsDir)));
        } catch (IOException | RuntimeException e) {
            return Slice.super.counterexample(model, modelsDir, states);
        }
        return Counterexample.read(AllocView.VIEW, Counterexample.constants(model.cfg(modelsDir)), states,
                AllocTla::fromTla, (pre, post) -> Counterexample.Step.labelled(AllocSteps.label(alloc, pre, post)));
    }
}
