package bindercheck.properties.raw;

import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.DriverStep;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.refs.RefsChecks;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.txn.TxnChecks;
import java.util.List;

/**
 * A slice's checks on a raw run, stopped where a raw input takes the driver somewhere that check's spec and rules
 * do not follow and that the check does not see itself:
 * <ul>
 *   <li>one-way calls in flight to two nodes of one process (a mutated call made one-way, or sent to the
 *       fd-accepting second node the generators call only synchronously, see {@code World.syncOnly}): the driver
 *       queues them per node, Binder.tla per process (BinderRefs.tla has no queues);</li>
 *   <li>BC_INCREFS_DONE or BC_ACQUIRE_DONE with a cookie other than its node's while that node's acknowledgement
 *       is pending, when the node is left with no weak count and no ref: the driver drops nothing (a user error)
 *       and only puts the node it looked up, which queues its work; BinderRefs.tla has no cookies, so to it this
 *       is the acknowledgement.</li>
 * </ul>
 * From the step that made it on, the check's violations are not counted and it reports itself stopped, with the
 * reason, as its own stops are reported.
 */
final class Guarded implements Checks {
    private static final String TWO_ASYNC_NODES = "one-way calls in flight to two nodes of one process (Binder.tla "
            + "queues them per process)";
    private static final String FOREIGN_COOKIE = "a pending node acknowledgement with another cookie (BinderRefs.tla "
            + "has no cookies)";

    private final Checks inner;
    private final boolean binderTla;
    private final boolean binderRefsTla;
    private int violationsBefore;
    private int frozenAt = -1;
    private String gap;
    private String gapReason;
    /** Set by a driver step of the current scenario step that the check cannot follow. */
    private String pending;
    /** Where and why the check had stopped by itself before the gap, if it had. */
    private String stoppedBefore;
    private String stopReasonBefore;

    Guarded(Checks inner) {
        this.inner = inner;
        this.binderTla = inner instanceof TxnChecks;
        this.binderRefsTla = inner instanceof RefsChecks;
    }

    /** The checks {@code factory} makes, each guarded. */
    static Checks.Factory all(Checks.Factory factory) {
        return (cast, recording) -> factory.start(cast, recording).stream().map(c -> (Checks) new Guarded(c)).toList();
    }

    @Override
    public CompactState compactState() {
        return inner.compactState();
    }

    /** The guarded check. */
    @Override
    public Checks inner() {
        return inner;
    }

    @Override
    public void start(CheckedRun run) {
        if (binderRefsTla) {
            run.listen(step -> {
                if (pending == null && step instanceof DriverStep.NodeDone d) {
                    BinderNode node = d.thread().proc().node(d.ptr());
                    // The spec drops the pending count; the driver did not, and its put may have queued the node's
                    // work (what it does to a node with no weak count and no ref); where it could not, the spec's
                    // stutter is the driver's move and both still agree.
                    if (node != null && node.cookie() != d.cookie()
                            && (d.strong() ? node.pendingStrongRef() : node.pendingWeakRef())
                            && node.workQueued() && node.localWeakRefs() == 0 && node.refs().isEmpty()) {
                        pending = FOREIGN_COOKIE;
                    }
                }
            });
        }
        inner.start(run);
    }

    @Override
    public void beforeStep(ScenarioStep step, CheckedRun run) {
        violationsBefore = inner.violations().size();
        inner.beforeStep(step, run);
    }

    /** The inner check's end-of-run check, unless a gap stopped the guard hearing of it. */
    @Override
    public void finish(CheckedRun run) {
        if (gap == null) {
            inner.finish(run);
        }
    }

    @Override
    public void afterStep(ScenarioStep step, CheckedRun run) {
        inner.afterStep(step, run);
        if (gap != null) {
            return;
        }
        String at = step.line() > 0 ? " at line " + step.line() : "";
        if (pending != null) {
            stop(pending, "a BC_INCREFS_DONE or BC_ACQUIRE_DONE" + at + " named a node whose acknowledgement was "
                    + "pending with another cookie: the driver only puts the node, BinderRefs.tla has no cookies");
            return;
        }
        if (!binderTla) {
            return;
        }
        for (Processes.Fd fd : run.processes().fds()) {
            int busy = 0;
            for (BinderNode n : fd.binder().nodes()) {
                busy += n.hasAsyncTransaction() ? 1 : 0;
            }
            if (busy > 1 && !fd.binder().isDead()) {
                stop(TWO_ASYNC_NODES, fd.name() + " has one-way calls in flight to " + busy + " of its nodes" + at
                        + ": the driver queues them per node, Binder.tla per process");
                return;
            }
        }
    }

    /** The check stops here: this step's violations and later ones are not counted. */
    private void stop(String reason, String where) {
        stoppedBefore = inner.stopped();
        stopReasonBefore = inner.stopReason();
        gapReason = reason;
        gap = where;
        frozenAt = violationsBefore;
    }

    @Override
    public String notStarted() {
        return inner.notStarted();
    }

    @Override
    public List<Violation> violations() {
        List<Violation> all = inner.violations();
        return frozenAt < 0 ? all : all.subList(0, Math.min(frozenAt, all.size()));
    }

    @Override
    public long checkedSteps() {
        return inner.checkedSteps();
    }

    @Override
    public String stopped() {
        return gap == null ? inner.stopped() : stoppedBefore != null ? stoppedBefore : gap;
    }

    @Override
    public String stopReason() {
        return gap == null ? inner.stopReason() : stopReasonBefore != null ? stopReasonBefore : gapReason;
    }
}
