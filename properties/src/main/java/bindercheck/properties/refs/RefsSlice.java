package bindercheck.properties.refs;

import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsSteps;
import bindercheck.model.refs.RefsTla;
import bindercheck.model.refs.RefsTrace;
import bindercheck.model.tlc.TlcConfigFile;
import bindercheck.model.tlc.TlcState;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.Project;
import bindercheck.impl.version.KernelVersion;
import bindercheck.properties.campaign.CampaignSubject;
import bindercheck.properties.campaign.HarnessFault;
import bindercheck.properties.check.ModelCatalog;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.FindingReplay;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.slice.Counterexample;
import bindercheck.properties.slice.Slice;
import bindercheck.properties.trace.TraceFile;
import bindercheck.properties.txn.TxnSlice;
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
    public CampaignSubject<?> campaign(KernelVersion version, Checking checking) {
        return new WorldCampaign(name(), RefsChecks.factory(checking), RefsMove::drawAny, CHECKED, NOT_CHECKED, version);
    }

    /** What every step of a refs run checks: BinderRefs.tla's checks, then Binder.tla's as in the txn slice. */
    static final List<String> CHECKED = java.util.stream.Stream.concat(java.util.stream.Stream.of("refinement against BinderRefs.tla, from its Init (a run's "
            + "first step, with no context manager): every BC_ command, work item read, BINDER_SET_CONTEXT_MGR(_EXT), "
            + "thread exit and proc release is a step of the action it stands for, with the target and objects the "
            + "driver translated (or no change; a refused BINDER_SET_CONTEXT_MGR with the spec's errno)",
            "BinderRefs invariants: " + String.join(", ", java.util.Arrays.stream(
                    bindercheck.model.refs.RefsInvariants.Invariant.values()).map(i -> i.tlaName()).toList()),
            "BinderObjects invariants on every buffer impl holds: OffsetsValid, ParentsValidated",
            "impl refcount rules: RefCountsPositive, UniqueDescriptors, OneRefPerNode, DescriptorZeroIsTheManager, "
                    + "NoSelfRef, RefsHaveNodes, NodeReachable"), TxnSlice.CHECKED.stream()).toList();

    /** What a refs run leaves out. */
    static final List<String> NOT_CHECKED = List.of(
            "BR_ payload bytes and buffer offsets (the golden scenarios pin those to the real kernel)",
            "FD, FDA and PTR objects, cookies, tmp refs and security contexts against BinderRefs.tla (it leaves them "
                    + "out; the golden scenarios pin them to the real kernel)",
            "steps after one BinderRefs leaves out (listed above when a try met one)",
            "Binder.tla steps after the model's pools (64 transaction ids, 48 buffers per proc) would bind");

    @Override
    public Checks.Factory scenarioChecks() {
        return RefsChecks.factory();
    }

    @Override
    public int replayFinding(Path file, TraceFile trace, Consumer<String> out) throws IOException {
        return FindingReplay.replay(file, name(), RefsChecks.factory(), e -> HarnessFault.of(HarnessFault.MOVE, e),
                trace, tracer(), out);
    }

    @Override
    public FindingReplay.RunTracer tracer() {
        return RefsView::trace;
    }

    /**
     * Names each step of a BinderRefs.tla model by the mirror's action and parameters ({@link RefsSteps}; TLC names
     * every step of MCBinderRefs' guarded Next MCNext), each state in the compact form; the other models of the slice
     * (MCBinderObjects, MCBinderLink) have no mirror and print as TLC names them.
     */
    @Override
    public Counterexample counterexample(ModelCatalog.Model model, Path modelsDir, List<TlcState> states) {
        if (model.module().equals("MCBinderLink")) {
            try {
                return LinkCounterexample.read(model, modelsDir, states);
            } catch (IOException | RuntimeException e) {
                return Slice.super.counterexample(model, modelsDir, states);
            }
        }
        RefsModel m;
        try {
            if (!model.module().equals("MCBinderRefs")) {
                throw new IllegalArgumentException("no mirror of " + model.module());
            }
            m = RefsModel.of(TlcConfigFile.read(model.cfg(modelsDir)));
            Counterexample.real(states).forEach(s -> RefsTla.fromTla(m, s.variables()));
        } catch (IOException | RuntimeException e) {
            return Slice.super.counterexample(model, modelsDir, states);
        }
        return Counterexample.read(RefsView.of(m), Counterexample.constants(model.cfg(modelsDir)), states,
                vars -> RefsTla.fromTla(m, vars), (pre, post) -> Counterexample.Step.labelled(RefsSteps.label(m, pre, post)));
    }

    @Override
    public String traceModule() {
        return "spec/BinderRefsTrace.tla";
    }

    @Override
    public int validate(long seed, int traces, int steps, Path work, Consumer<String> out, KernelVersion version) {
        long t0 = System.nanoTime();
        List<World> runs = RefsTraces.record(seed, traces, steps, version);
        long javaViolations = runs.stream().filter(r -> !r.violations().isEmpty()).count();
        long cut = runs.stream().filter(r -> r.run().check(RefsChecks.class).stopped() != null).count();
        List<RefsTrace> recorded = RefsTraces.traces(runs);
        long actions = recorded.stream().mapToLong(t -> t.steps().size()).sum();
        out.accept(String.format("recorded %d driver runs of %d refcount operations (3 processes of 2 threads): %d "
                + "BinderRefs actions (%d runs cut where BinderRefs leaves out what they did); the Java checks failed "
                + "in %d", traces, steps, actions, cut, javaViolations));
        TraceValidation.Result<RefsModel> r = RefsTraceValidation.validate(recorded, Project.spec(), work, 2);
        r.report(m -> m.procs().toString(), traces, t0, work).forEach(out);
        return r.exitCode(javaViolations);
    }
}
