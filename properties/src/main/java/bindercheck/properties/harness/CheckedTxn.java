package bindercheck.properties.harness;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.driver.BinderProc;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.txn.TxnConfig;
import bindercheck.properties.refs.RefsChecker;
import bindercheck.properties.txn.TxnChecker;
import bindercheck.properties.check.Violation;
import bindercheck.properties.refs.RefsRefinement;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked multi-process harness every txn property and campaign goes through: a {@link
 * TxnWorld} on the Java driver whose every step is checked by a {@link TxnChecker} against
 * Binder.tla (refinement, invariants), plus the allocator's own structure after every operation.
 * The spec's model is sized so its pools do not bind first: {@value #TXN_IDS} transaction ids and
 * {@value #BUF_SLOTS} buffer slots per proc; a run that outgrows them stops being checked and says so.
 */
public final class CheckedTxn {
    public static final int TXN_IDS = 64;
    public static final int BUF_SLOTS = 48;

    private final TxnWorld world;
    private final TxnChecker checker;
    private final RefsChecker refsChecker;
    private final List<Violation> extra = new ArrayList<>();
    private boolean canary;
    private final boolean refs;
    private long ops;

    private CheckedTxn(int procs, int threads, long mapBytes, boolean recording, int txnIds, int bufSlots,
            boolean refs) {
        ListenerChain chain = new ListenerChain();
        this.refs = refs;
        RefsChecker[] refsAtInit = new RefsChecker[1];
        world = new TxnWorld(procs, threads, mapBytes, chain, w -> {
            if (refs) {
                refsAtInit[0] = new RefsChecker(refinementOf(w), recording);
                chain.add(refsAtInit[0]);
            }
        });
        refsChecker = refsAtInit[0];
        List<String> procNames = new ArrayList<>();
        List<BinderProc> binders = new ArrayList<>();
        for (TxnWorld.Proc p : world.procs()) {
            procNames.add(p.name);
            binders.add(p.binder);
        }
        List<String> threadIds = new ArrayList<>();
        for (int k = 1; k <= threads; k++) {
            threadIds.add(TxnWorld.threadName(k));
        }
        TxnConfig config = TxnConfig.of(procNames, procNames.get(0), threadIds, txnIds, bufSlots);
        checker = new TxnChecker(config, binders, recording);
        chain.add(checker); // Binder.tla's Init is the state after the prelude
    }

    /** A fresh world of {@code procs} processes with {@code threads} threads each, every step checked. */
    public static CheckedTxn start(int procs, int threads, long mapBytes, boolean recording) {
        return new CheckedTxn(procs, threads, mapBytes, recording, TXN_IDS, BUF_SLOTS, false);
    }

    /**
     * The same with the spec's pools sized {@code txnIds} and {@code bufSlots} (small pools keep
     * TLC's trace records small; a run that outgrows them is checked, and recorded, up to there).
     */
    public static CheckedTxn start(int procs, int threads, long mapBytes, boolean recording, int txnIds, int bufSlots) {
        return new CheckedTxn(procs, threads, mapBytes, recording, txnIds, bufSlots, false);
    }

    /**
     * A fresh world whose every step is also checked against BinderRefs.tla ({@link RefsChecker},
     * from the spec's Init: the prelude is checked too) and against the refcount rules read off
     * impl's nodes and refs ({@link bindercheck.properties.refs.ImplRefChecks}).
     */
    public static CheckedTxn startRefs(int procs, int threads, long mapBytes, boolean recording) {
        return new CheckedTxn(procs, threads, mapBytes, recording, TXN_IDS, BUF_SLOTS, true);
    }

    /** The refcount model of a world of {@code procs} processes, as {@link #startRefs} checks it. */
    public static RefsModel refsModel(int procs) {
        return RefsRefinement.modelOf(procNames(procs), nodePtrs(procs), MAX_OBJS);
    }

    /** Objects per transaction the refcount model allows (MaxObjs; what trace validation enumerates). */
    static final int MAX_OBJS = 4;

    private static List<String> procNames(int procs) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            out.add(TxnWorld.procName(p));
        }
        return out;
    }

    /**
     * The ptrs a world's nodes may have, in any process: each client's published node's, and each
     * process's second (fd-accepting) node's, 0x100 above.
     */
    private static java.util.Set<Integer> nodePtrs(int procs) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int p = 0; p < procs; p++) {
            if (p > 0) {
                out.add((int) TxnWorld.nodePtr(p));
            }
            out.add((int) TxnWorld.nodePtr(p) + 0x100);
        }
        return out;
    }

    private static RefsRefinement refinementOf(TxnWorld w) {
        List<BinderProc> binders = new ArrayList<>();
        w.procs().forEach(p -> binders.add(p.binder));
        return new RefsRefinement(w.driver(), binders::get, procNames(w.procs().size()), nodePtrs(w.procs().size()),
                MAX_OBJS);
    }

    /** Adds a check that is false on purpose (at most 3 live buffers in all), to exercise the finding pipeline. */
    public CheckedTxn withCanary() {
        canary = true;
        return this;
    }

    /** The BinderRefs.tla checker, or null unless started with {@link #startRefs}. */
    public RefsChecker refsChecker() {
        return refsChecker;
    }

    public TxnWorld world() {
        return world;
    }

    public TxnChecker checker() {
        return checker;
    }

    /** Whether {@code op} names only things that exist (a minimised script may have lost what it needs). */
    public boolean applicable(TxnOp op) {
        if (world.proc(op.proc()).exited()) {
            return false;
        }
        if (!(op instanceof TxnOp.Wait || op instanceof TxnOp.Exit) && !world.proc(op.proc()).idle(op.thread())) {
            return false; // a thread asleep in a blocking read cannot start another operation
        }
        if (op instanceof TxnOp.FreeRx f) {
            return f.rx() <= world.proc(f.proc()).receivedCount(f.owner());
        }
        return true;
    }

    /** Does {@code op} (which must be {@link #applicable}); the checks run during it. */
    public void apply(TxnOp op) {
        if (!applicable(op)) {
            throw new IllegalArgumentException("not applicable here: " + op.line());
        }
        op.apply(world);
        ops++;
        for (TxnWorld.Proc p : world.procs()) {
            for (String broken : p.binder.alloc().checkStructure()) {
                extra.add(new Violation("impl-structure", "alloc", p.name + ": " + broken));
            }
        }
        if (refs) {
            List<BinderProc> binders = new ArrayList<>();
            world.procs().forEach(p -> binders.add(p.binder));
            extra.addAll(bindercheck.properties.refs.ImplRefChecks.check(binders,
                    world.proc(0).binder.context().binderContextMgrNode(), world.driver().deadNodes()));
            extra.addAll(bindercheck.properties.refs.ImplRefChecks.checkLayout(binders));
        }
        if (canary && liveBuffers() > 3) {
            extra.add(new Violation("canary", "AtMostThreeBuffers", liveBuffers() + " buffers are allocated"));
        }
    }

    private int liveBuffers() {
        int n = 0;
        for (TxnWorld.Proc p : world.procs()) {
            for (BinderBuffer b : p.binder.alloc().buffers()) {
                n += b.isFree() ? 0 : 1;
            }
        }
        return n;
    }

    /** Every violation so far: the checker's, then the structural ones and the canary's. */
    public List<Violation> violations() {
        if (extra.isEmpty() && refsChecker == null) {
            return checker.violations();
        }
        List<Violation> all = new ArrayList<>(checker.violations());
        if (refsChecker != null) {
            all.addAll(refsChecker.violations());
        }
        all.addAll(extra);
        return all;
    }

    /** Operations applied. */
    public long operations() {
        return ops;
    }

    @Override
    public String toString() {
        String out = ops + " operations, " + checker.checkedSteps() + " checked steps"
                + (checker.beyondBounds() != null ? " (unchecked from: " + checker.beyondBounds() + ")" : "")
                + "; spec state:\n" + checker.state();
        if (refsChecker != null) {
            out += "\nBinderRefs: " + refsChecker.checkedSteps() + " checked steps"
                    + (refsChecker.stopped() != null ? " (unchecked from: " + refsChecker.stopped() + ")" : "")
                    + "; spec state:\n" + refsChecker.state().describe(refsChecker.model());
        }
        return out;
    }
}
