package bindercheck.properties.alloc;

import bindercheck.model.alloc.AllocModel;
import bindercheck.model.io.AtomicFile;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.AllocSteps;
import bindercheck.model.alloc.AllocTla;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.properties.Project;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.check.Violation;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Override
    public CampaignSubject<?> campaign() {
        return new AllocCampaign();
    }

    @Override
    public int replayFinding(Path file, Path traceFile, Consumer<String> out) throws IOException {
        if (traceFile != null) {
            AtomicFile.requireWritableFile(traceFile, "--trace");
        }
        AllocScript script = AllocScript.read(file);
        out.accept("replay " + file + ": " + script.pages() + " pages of " + script.pageSizeBytes() + " bytes, "
                + script.ops().size() + " operations" + (script.canary() ? ", with the canary check" : ""));
        CheckedAlloc s = script.start(true);
        int seen = 0;
        int n = 0;
        for (AllocOp op : script.ops()) {
            op.apply(s);
            n++;
            List<Violation> v = s.violations();
            out.accept(String.format("%4d  %-48s %s", n, op.line(), s));
            for (Violation x : v.subList(seen, v.size())) {
                out.accept("      VIOLATION " + x);
            }
            seen = v.size();
        }
        if (traceFile != null) {
            try {
                AtomicFile.write(traceFile, s.trace()::writeJsonLines);
            } catch (IOException e) {
                throw new IOException(traceFile + ": " + AtomicFile.reason(e), e);
            }
            out.accept("trace written to " + traceFile);
        }
        out.accept(seen == 0 ? "every check held" : seen + " violation(s)");
        return seen == 0 ? 0 : 1;
    }

    @Override
    public String traceModule() {
        return "spec/BinderAllocTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out) {
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
    public List<String> counterexample(ModelCatalog.Model model, Path modelsDir, List<TlcState> states) {
        AllocModel alloc;
        try {
            alloc = AllocModel.of(TlcConfigFile.read(model.cfg(modelsDir)));
        } catch (IOException | RuntimeException e) {
            return Slice.super.counterexample(model, modelsDir, states);
        }
        List<String> out = new ArrayList<>();
        AllocState previous = null;
        for (TlcState s : states) {
            AllocState current = AllocTla.fromTla(s.variables());
            String action = previous == null ? "Init" : AllocSteps.label(alloc, previous, current);
            previous = current;
            out.add(String.format("%3d  %-30s %s", s.index(), action, current));
        }
        return out;
    }
}
