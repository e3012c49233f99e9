package bindercheck.properties.txn;

import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnTrace;
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

/** The driver core (transactions, reply stacks, work lists, exit; spec/Binder.tla) as a slice. */
public final class TxnSlice implements Slice {
    @Override
    public String name() {
        return "txn";
    }

    @Override
    public String summary() {
        return "the driver core (binder.c): transactions, reply stacks, work lists, thread and process exit";
    }

    @Override
    public CampaignSubject<?> campaign() {
        return TxnCampaign.subject(false);
    }

    @Override
    public int replayFinding(Path file, Path trace, Consumer<String> out) throws IOException {
        return TxnScript.replay(file, trace, out);
    }

    @Override
    public String traceModule() {
        return "spec/BinderTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out) {
        long t0 = System.nanoTime();
        List<CheckedTxn> runs = TxnTraces.record(seed, traces, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        List<TxnTrace> recorded = TxnTraces.traces(runs);
        long actions = recorded.stream().mapToLong(t -> t.steps().size()).sum();
        out.accept(String.format("recorded %d driver runs of %d operations (3 processes of 2 threads): %d spec actions; "
                + "the Java checks failed in %d", traces, steps, actions, javaViolations));
        TraceValidation.Result<TxnConfig> r = TxnTraceValidation.validate(recorded, Project.spec(), work, 2);
        for (TraceValidation.Batch<TxnConfig> b : r.batches()) {
            out.accept(String.format("  batch %s: %d traces, %d rejected, TLC %s", b.constants().procs(), b.traceIds().size(),
                    b.rejected().size(), b.tlc().summary()));
        }
        out.accept(String.format("validated %d traces in %.1f s: %s; generated modules in %s", traces,
                (System.nanoTime() - t0) / 1e9, r.allAccepted() ? "all accepted" : "REJECTED " + r.rejected(), work));
        return r.allAccepted() && javaViolations == 0 ? 0 : 1;
    }
}
