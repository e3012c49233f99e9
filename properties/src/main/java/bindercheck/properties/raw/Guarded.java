package bindercheck.properties.raw;

import bindercheck.impl.driver.BinderNode;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.Checks;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.List;

/**
 * A slice's checks on a raw run, stopped where a raw input takes the driver somewhere that check's spec and rules
 * do not follow and that the check does not see itself:
 * <ul>
 *   <li>a second context manager (BINDER_SET_CONTEXT_MGR from another process once the first manager's process has
 *       died), which Binder.tla, BinderRefs.tla and impl's descriptor rules leave out: they fix one manager for the
 *       whole run, so a call on handle 0 would go to a node they do not know, and desc 0 would name a node other
 *       than the manager's;</li>
 *   <li>one-way calls in flight to two nodes of one process (a mutated call made one-way, or sent to the
 *       fd-accepting second node the generators call only synchronously, see {@code World.syncOnly}): the driver
 *       queues them per node, Binder.tla per process.</li>
 * </ul>
 * From the step that made it on, the check's violations are not counted and it reports itself stopped, with the
 * reason, as its own stops are reported.
 */
final class Guarded implements Checks {
    private final Checks inner;
    private final String spec;
    private BinderNode manager;
    private int violationsBefore;
    private int frozenAt = -1;
    private String gap;
    private String gapReason;
    /** Where and why the check had stopped by itself before the gap, if it had. */
    private String stoppedBefore;
    private String stopReasonBefore;

    /** {@code inner}, whose stops are reported as {@code spec}'s. */
    Guarded(Checks inner, String spec) {
        this.inner = inner;
        this.spec = spec;
    }

    /** The checks {@code factory} makes, each guarded. */
    static Checks.Factory all(Checks.Factory factory) {
        return (cast, recording) -> factory.start(cast, recording).stream().map(c -> (Checks) new Guarded(c,
                c.getClass().getSimpleName())).toList();
    }

    /** The guarded check. */
    Checks inner() {
        return inner;
    }

    @Override
    public void start(CheckedRun run) {
        inner.start(run);
    }

    @Override
    public void beforeStep(ScenarioStep step, CheckedRun run) {
        violationsBefore = inner.violations().size();
        inner.beforeStep(step, run);
    }

    @Override
    public void afterStep(ScenarioStep step, CheckedRun run) {
        inner.afterStep(step, run);
        if (gap != null) {
            return;
        }
        String at = step.line() > 0 ? " at line " + step.line() : "";
        for (Processes.Fd fd : run.processes().fds()) {
            BinderNode now = fd.binder().context().binderContextMgrNode(); // one context: every proc's is the same
            if (manager == null) {
                manager = now;
            } else if (now != null && now != manager) {
                stop(SECOND_MANAGER, "a second context manager (node " + now.debugId() + ") was set" + at
                        + ": the specs and impl's descriptor rules fix one manager for the whole run");
                return;
            }
            break;
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

    private static final String SECOND_MANAGER = "a second context manager was set (the specs fix one manager)";
    private static final String TWO_ASYNC_NODES = "one-way calls in flight to two nodes of one process (Binder.tla "
            + "queues them per process)";

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
