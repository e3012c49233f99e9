package bindercheck.properties.txn;

import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnTrace;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.Project;
import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.FindingReplay;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.slice.Slice;
import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.txn.BinderSpec;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.slice.Counterexample;
import bindercheck.properties.campaign.HarnessFault;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.trace.TraceEvent;
import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.trace.TraceFormat;
import bindercheck.properties.trace.TraceHeader;
import bindercheck.properties.trace.TraceWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    public CampaignSubject<?> campaign(KernelVersion version, Checking checking) {
        return new WorldCampaign(name(), TxnChecks.factory(checking), TxnMove::drawAny, CHECKED, NOT_CHECKED, version);
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
    public int replayFinding(Path file, TraceFile trace, Consumer<String> out) throws IOException {
        return FindingReplay.replay(file, name(), TxnChecks.factory(), e -> HarnessFault.of(HarnessFault.MOVE, e), trace,
                tracer(), out);
    }

    @Override
    public FindingReplay.RunTracer tracer() {
        return TxnSlice::trace;
    }

    /**
     * Binder.tla's trace of a run (the txn checks'): Init at once, then every driver step as it is checked, with the
     * scenario step it ran for, what the driver did, the action it matched (or VIOLATION, with the driver's state)
     * and the invariants the state breaks.
     */
    public static TraceWriter<TxnState> trace(CheckedRun run, TraceFormat format, Writer out, TraceHeader header)
            throws IOException {
        TxnChecks checks = run.check(TxnChecks.class);
        TraceWriter<TxnState> w = format.open(out, TxnView.VIEW, header.with(TxnView.constants(checks.config())));
        w.state(TraceEvent.INIT, checks.checker().state());
        checks.checker().streamTo(s -> w.state(event(run, s.event(), s.action(), s.params(), s.violated(), Map.of()),
                s.state()));
        return w;
    }

    /**
     * A checked step as a trace event: the scenario step running, what the driver did, the action matched, and the
     * violations as the note {@code violated} (with {@code more} notes after it).
     */
    public static TraceEvent event(CheckedRun run, String event, String action, Map<String, TlaValue> params,
            List<String> violated, Map<String, TlaValue> more) {
        ScenarioStep st = run.current();
        Map<String, TlaValue> notes = new LinkedHashMap<>();
        if (!violated.isEmpty()) {
            notes.put("violated", TlaValue.seq(violated.stream().map(TlaValue::of).toList()));
        }
        notes.putAll(more);
        return new TraceEvent(st == null ? 0 : st.line(), st == null ? null : st.text(), event, action, params, notes);
    }

    /**
     * Names each step by the mirror's action and parameters (TLC names every step of MCBinder's guarded Next MCNext):
     * the actions of Binder.tla's Next that lead from the state before to the state after, in the model's
     * configuration (txn-broken's BC_REPLY without R2 included; the liveness models' narrowing of what users call
     * does not change what a step is); each state in the compact form.
     */
    @Override
    public Counterexample counterexample(ModelCatalog.Model model, Path modelsDir, List<TlcState> states) {
        TxnConfig c;
        try {
            c = TxnConfig.of(TlcConfigFile.read(model.cfg(modelsDir)), true);
            Counterexample.real(states).forEach(s -> TxnTla.fromTla(c, s.variables()));
        } catch (IOException | RuntimeException e) {
            return Slice.super.counterexample(model, modelsDir, states); // not a model the mirror reads
        }
        BinderSpec spec = new BinderSpec(c);
        return Counterexample.read(TxnView.VIEW, Counterexample.constants(model.cfg(modelsDir)), states,
                vars -> TxnTla.fromTla(c, vars), (pre, post) -> {
                    List<TraceStep<TxnState>> steps = spec.stepsBetween(pre, post);
                    if (steps.isEmpty()) {
                        return Counterexample.Step.labelled("[no step of Binder.tla's Next]");
                    }
                    TraceStep<TxnState> st = steps.get(0);
                    return new Counterexample.Step(st.action(), st.params(), st.label() + (steps.size() == 1 ? ""
                            : " (or " + String.join(", ", steps.subList(1, steps.size()).stream()
                                    .map(TraceStep::label).toList()) + ")"));
                });
    }

    @Override
    public String traceModule() {
        return "spec/BinderTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out, KernelVersion version) {
        long t0 = System.nanoTime();
        List<World> runs = TxnTraces.record(seed, traces, steps, version);
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
