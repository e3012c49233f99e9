package bindercheck.properties.refs;

import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Cast;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.txn.TxnChecks;
import java.util.ArrayList;
import java.util.List;

/**
 * The refs slice's own checks on a run: every driver step against BinderRefs.tla ({@link RefsChecker}: refinement of
 * the context manager, nodes, refs, counts, death records and buffers, and its invariants) from the run's first step
 * (BinderRefs' Init with no manager: every proc open or not yet, nothing held; the scenario's set_context_mgr steps
 * are IoctlSetCtxMgr, every one of them); and after every step the refcount rules and the buffers' object layout read
 * off impl ({@link ImplRefChecks}). The spec's procs are the scenario's binder fds, its node ptrs those of the BINDER
 * objects and BINDER_SET_CONTEXT_MGR_EXT arguments the scenario sends, and 0.
 */
public final class RefsChecks implements Checks {
    private final Cast cast;
    private final List<String> names;
    private final boolean recording;
    private final Checking checking;
    private final List<Violation> impl = new ArrayList<>();
    private RefsChecker checker;
    private String unmappable;

    /** The checks of a scenario of {@code cast}; any scenario can be checked (none needs a manager). */
    public RefsChecks(Cast cast, boolean recording) {
        this(cast, recording, Checking.DEFAULT);
    }

    /** The same, checking each step as {@code checking} says. */
    public RefsChecks(Cast cast, boolean recording, Checking checking) {
        this.checking = checking;
        this.cast = cast;
        this.recording = recording;
        this.names = List.copyOf(cast.fds());
    }

    /** The slice's checks: Binder.tla's ({@link TxnChecks}), then BinderRefs.tla's and impl's refcount rules. */
    public static Checks.Factory factory() {
        return factory(Checking.DEFAULT);
    }

    /** The same, both specs' steps checked as {@code checking} says. */
    public static Checks.Factory factory(Checking checking) {
        return (cast, recording) -> List.of(new TxnChecks(cast, recording, TxnChecks.TXN_IDS, TxnChecks.BUF_SLOTS,
                checking), new RefsChecks(cast, recording, checking));
    }

    /** BinderRefs' Init is the state before the run's first step. */
    @Override
    public void start(CheckedRun run) {
        if (names.isEmpty()) {
            unmappable = "the scenario opens no binder fd";
            return;
        }
        Processes processes = run.processes();
        RefsRefinement map = new RefsRefinement(run.driver(), i -> {
            Processes.Fd fd = processes.fd(names.get(i));
            return fd == null ? null : fd.binder();
        }, names, cast.binderPtrs(), Math.max(cast.maxObjects(), 1));
        try {
            checker = new RefsChecker(map, recording, checking);
            run.listen(checker);
        } catch (RefsRefinement.BeyondBounds e) {
            unmappable = e.getMessage();
        }
    }

    @Override
    public void afterStep(ScenarioStep step, CheckedRun run) {
        if (checker != null && step instanceof ScenarioStep.State) {
            checker.outsideStep("a debugfs state dump (line " + step.line() + ")");
        }
        List<BinderProc> binders = new ArrayList<>();
        for (Processes.Fd fd : run.processes().fds()) {
            binders.add(fd.binder());
        }
        if (!binders.isEmpty()) {
            BinderNode manager = binders.get(0).context().binderContextMgrNode();
            impl.addAll(ImplRefChecks.check(binders, manager, run.driver().deadNodes()));
            impl.addAll(ImplRefChecks.checkLayout(binders));
        }
    }

    /** The end of the run: the incremental checker's whole-state check. */
    @Override
    public void finish(CheckedRun run) {
        if (checker != null) {
            checker.finish();
        }
    }

    /** The BinderRefs.tla checker, or null if the run could not be mapped to the spec. */
    public RefsChecker checker() {
        return checker;
    }

    @Override
    public CompactState compactState() {
        return checker == null ? null
                : new CompactState("BinderRefs.tla", RefsView.compact(checker.model(), checker.state()));
    }

    @Override
    public String notStarted() {
        if (checker != null) {
            return null;
        }
        return unmappable != null ? unmappable : "the run has not started";
    }

    @Override
    public List<Violation> violations() {
        List<Violation> own = checker == null ? List.of() : checker.violations();
        if (impl.isEmpty()) {
            return own;
        }
        List<Violation> all = new ArrayList<>(own);
        all.addAll(impl);
        return all;
    }

    @Override
    public long checkedSteps() {
        return checker == null ? 0 : checker.checkedSteps();
    }

    @Override
    public String stopped() {
        return checker == null ? null : checker.stopped();
    }

    @Override
    public String stopReason() {
        return checker == null ? null : checker.stopReason();
    }
}
