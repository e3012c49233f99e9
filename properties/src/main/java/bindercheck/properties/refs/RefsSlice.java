package bindercheck.properties.refs;

import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsTrace;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.properties.Project;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.CheckedTxn;
import bindercheck.properties.harness.TxnCampaign;
import bindercheck.properties.harness.TxnScript;
import bindercheck.properties.slice.Slice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Refcounts, object translation and death notifications (spec/BinderRefs.tla, BinderObjects.tla) as a slice. */
public final class RefsSlice implements Slice {
    @Override
    public String name() {
        return "refs";
    }

    @Override
    public String summary() {
        return "nodes, refs, strong/weak counts, object translation and death notifications";
    }

    @Override
    public CampaignSubject<?> campaign() {
        return TxnCampaign.subject(true);
    }

    @Override
    public int replayFinding(Path file, Path trace, Consumer<String> out) throws IOException {
        return TxnScript.replay(file, trace, out);
    }

    @Override
    public String traceModule() {
        return "spec/BinderRefsTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out) {
        long t0 = System.nanoTime();
        List<CheckedTxn> runs = RefsTraces.record(seed, traces, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        long cut = runs.stream().filter(r -> r.refsChecker().stopped() != null).count();
        List<RefsTrace> recorded = RefsTraces.traces(runs);
        long actions = recorded.stream().mapToLong(t -> t.steps().size()).sum();
        out.accept(String.format("recorded %d driver runs of %d refcount operations (3 processes of 2 threads): %d "
                + "BinderRefs actions (%d runs cut where BinderRefs leaves out what they did); the Java checks failed "
                + "in %d", traces, steps, actions, cut, javaViolations));
        TraceValidation.Result<RefsModel> r = RefsTraceValidation.validate(recorded, Project.spec(), work, 2);
        for (TraceValidation.Batch<RefsModel> b : r.batches()) {
            out.accept(String.format("  batch %s: %d traces, %d rejected, TLC %s", b.constants().procs(), b.traceIds().size(),
                    b.rejected().size(), b.tlc().summary()));
        }
        r.violations().forEach((k, v) -> out.accept("  trace " + k + " breaks " + v));
        out.accept(String.format("validated %d traces in %.1f s: %s; generated modules in %s", traces,
                (System.nanoTime() - t0) / 1e9, r.allAccepted() ? "all accepted" : "REJECTED " + r.rejected(), work));
        return r.allAccepted() && javaViolations == 0 ? 0 : 1;
    }
}
