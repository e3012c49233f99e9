package bindercheck.properties.txn;

import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnTrace;
import bindercheck.properties.Project;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.FindingReplay;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
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
        return new WorldCampaign(name(), TxnChecks.factory(), TxnMove::drawAny, CHECKED, NOT_CHECKED);
    }

    /** What every step of a txn run checks. */
    public static final List<String> CHECKED = List.of("refinement: every BC_ command, work item read and thread exit is a "
            + "step of the Binder.tla action it stands for (or leaves the abstract state unchanged where the spec has "
            + "none), from Init (after each world's set-up, whose refinement is tested once per world shape)",
            "invariants: " + String.join(", ", bindercheck.model.txn.TxnInvariants.ci().stream()
                    .map(bindercheck.model.txn.TxnInvariants.Invariant::tlaName).toList()),
            "impl structure: every proc's allocator (red-black rules, tree/list agreement, LRU)");

    /** What a txn run leaves out. */
    static final List<String> NOT_CHECKED = List.of(
            "BR_ payload bytes and buffer offsets (the golden scenarios pin those to the real kernel)",
            "extended errors, looper state, BR_SPAWN_LOOPER, node and death work (the refs slice's)",
            "steps after the model's pools (64 transaction ids, 48 buffers per proc) would bind");

    @Override
    public Checks.Factory scenarioChecks() {
        return TxnChecks.factory();
    }

    @Override
    public int replayFinding(Path file, Path trace, Consumer<String> out) throws IOException {
        return FindingReplay.replay(file, name(), TxnChecks.factory(), trace, TxnSlice::traceJson, out);
    }

    /** Streams the Binder.tla steps of a run as JSON lines (a refs finding's trace too). */
    public static FindingReplay.TraceEnd traceJson(bindercheck.properties.harness.CheckedRun run, java.io.Writer out) {
        TxnTraceJson.Stream stream = new TxnTraceJson.Stream(out);
        run.check(TxnChecks.class).checker().streamTo(stream);
        return stream::finish;
    }

    @Override
    public String traceModule() {
        return "spec/BinderTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out) {
        long t0 = System.nanoTime();
        List<World> runs = TxnTraces.record(seed, traces, steps);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        List<TxnTrace> recorded = TxnTraces.traces(runs);
        long actions = recorded.stream().mapToLong(t -> t.steps().size()).sum();
        out.accept(String.format("recorded %d driver runs of %d operations (3 processes of 2 threads): %d spec actions; "
                + "the Java checks failed in %d", traces, steps, actions, javaViolations));
        TraceValidation.Result<TxnConfig> r = TxnTraceValidation.validate(recorded, Project.spec(), work, 2);
        r.report(c -> c.procs().toString(), traces, t0, work).forEach(out);
        return r.exitCode(javaViolations);
    }
}
