package bindercheck.properties.refs;

import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import bindercheck.properties.txn.TxnChecker;

import bindercheck.impl.Errno;
import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.model.refs.BinderRefsSpec;
import bindercheck.model.refs.Buffer;
import bindercheck.model.refs.Obj;
import bindercheck.model.refs.RefsInvariants;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import bindercheck.model.refs.RefsTla;
import bindercheck.model.TraceStep;
import bindercheck.model.refs.RefsTrace;
import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-step check of the driver against BinderRefs.tla, beside {@link TxnChecker}'s against
 * Binder.tla. After every driver step (one BC_ command, one work item read, BINDER_SET_CONTEXT_MGR, a
 * thread exit, a proc release) it maps the driver's state to the spec's ({@link RefsRefinement}) and
 * requires the move to be a step of the spec action the driver's step is, with the parameters the driver used (a
 * transaction's step carries its target and the objects it translated), or no change where the
 * spec allows one; then every invariant of refs-ci.cfg. The ghosts (counts
 * user space took, nodes that reached a proc, drift, misuse, BUG_ON) are taken from the
 * successor that matches.
 *
 * <p>A failed transaction may fail at any object, or before all of them: every fail point of
 * {@code BcTransaction}/{@code BcReply} is a candidate. What BinderRefs leaves out stops the check, named,
 * instead of counting as a violation: user space dropping a count it did not take, a second
 * death record for one ref, a thread exit while another thread of the proc holds node or death
 * work (the spec has one thread per proc), a node or buffer outside the model. A reply after the
 * replier freed the call's buffer (which BcReply's guard excludes) is checked as the spec's
 * Transaction without the guard.
 */
public final class RefsChecker implements DriverListener {
    private final BinderRefsSpec spec;
    private final Checking checking;
    private final RefsRefinement map;
    private final RefsModel model;
    private final RefsState init;
    private RefsState state;
    private final List<Violation> violations = new ArrayList<>();
    private final List<TraceStep<RefsState>> steps = new ArrayList<>();
    private final boolean recording;
    private String stopped;
    private String stopReason;
    private long checkedSteps;
    private long specSteps;
    private long unguardedReplies;
    private boolean traceEnded;
    /** Incremental checking: the state whose invariants were checked last, and those it broke. */
    private RefsState invariantsOf;
    private List<RefsInvariants.Invariant> invariantsBroken = List.of();

    private java.util.function.Consumer<Checked> sink;

    /**
     * One checked step, as a {@link #streamTo} sink hears of it: what the driver did, the action that matched (its
     * TLA+ name, "stutter" for no change, {@link TxnChecker#VIOLATION} where none did: the state is then the
     * driver's), its parameters under the spec's names, the state reached, and what the step violated (the invariants
     * the state breaks, or the refinement violation's first line).
     */
    public record Checked(String event, String action, Map<String, TlaValue> params, RefsState state,
            List<String> violated) {
    }

    /** Hands every checked step to {@code sink} as it is checked (a trace of the run: {@code replay --trace}). */
    public void streamTo(java.util.function.Consumer<Checked> sink) {
        this.sink = sink;
    }

    /**
     * A candidate: the action's TLA+ name, its parameters, its successors; for BcTransaction and BcReply, the
     * transaction. The successors are computed when first asked for: the match stops at the first candidate that
     * fits, so most of a step's candidates (every node a BC_RELEASE might name) are never computed.
     */
    private static final class Candidate {
        private final String action;
        private Supplier<Map<String, TlaValue>> paramsOf;
        private Map<String, TlaValue> params;
        private final Txn txn;
        private Supplier<List<RefsState>> next;
        private List<RefsState> successors;

        Candidate(String action, Map<String, TlaValue> params, Supplier<List<RefsState>> next, Txn txn) {
            this.action = action;
            this.params = params;
            this.next = next;
            this.txn = txn;
        }

        Candidate(String action, Map<String, TlaValue> params, Supplier<List<RefsState>> next) {
            this(action, params, next, null);
        }

        /** Parameters made when asked for too: only the matching candidate's are ever read. */
        Candidate(String action, Supplier<Map<String, TlaValue>> params, Supplier<List<RefsState>> next) {
            this(action, (Map<String, TlaValue>) null, next, null);
            this.paramsOf = params;
        }

        String action() {
            return action;
        }

        Map<String, TlaValue> params() {
            if (params == null) {
                params = paramsOf.get();
                paramsOf = null;
            }
            return params;
        }

        Txn txn() {
            return txn;
        }

        List<RefsState> successors() {
            if (successors == null) {
                successors = next.get();
                next = null;
            }
            return successors;
        }
    }

    /** A BcTransaction (to node {@code other}) or BcReply (to proc {@code other}) of p with {@code objs}. */
    private record Txn(boolean reply, int p, int other, List<Obj> objs) {
    }

    /** A checker of the driver objects {@code map} names, which must be in the spec's Init now. */
    public RefsChecker(RefsRefinement map, boolean recording) {
        this(map, recording, Checking.FULL);
    }

    /** The same, each step checked as {@code checking} says. */
    public RefsChecker(RefsRefinement map, boolean recording, Checking checking) {
        this.checking = checking;
        this.map = map;
        this.model = map.model();
        this.spec = new BinderRefsSpec(model);
        this.recording = recording;
        this.init = spec.init();
        this.state = init;
        RefsState now = map.abstractState();
        if (!sameDriverState(now, init)) {
            violations.add(new Violation("refinement", "Init", "the driver's state is not Init:\n"
                    + now.describe(model)));
        }
    }

    public List<Violation> violations() {
        return violations;
    }

    public RefsState state() {
        return state;
    }

    public RefsModel model() {
        return model;
    }

    /** Driver steps checked (each a spec action or a stutter). */
    public long checkedSteps() {
        return checkedSteps;
    }

    /** Checked steps that were spec actions (not stutters). */
    public long specSteps() {
        return specSteps;
    }

    /** Where and why checking stopped (something BinderRefs leaves out), or null while it goes on. */
    public String stopped() {
        return stopped;
    }

    /** Why checking stopped, without the step it stopped at; null while it goes on. */
    public String stopReason() {
        return stopReason;
    }

    /**
     * The behaviour so far, if recording: Init and every spec action matched (stutters left out),
     * up to the first step that was not a spec step (a reply without the call's buffer).
     */
    public RefsTrace trace() {
        return new RefsTrace(model, init, steps);
    }

    /**
     * The end of the run. With incremental checking, the whole driver state is abstracted once more and must be the
     * state followed step by step, which then must keep every invariant; with full checking every step did this.
     */
    public void finish() {
        if (checking == Checking.FULL || stopped != null) {
            return;
        }
        RefsState full;
        try {
            full = map.abstractState();
        } catch (RefsRefinement.BeyondBounds e) {
            stop("the end of the run", e.getMessage());
            return;
        }
        if (!sameDriverState(full, state)) {
            violations.add(new Violation("refinement", "EndOfRun", "at the end of the run the driver's state is not "
                    + "the one checked step by step\nchecked:\n" + state.describe(model) + "\ndriver:\n"
                    + full.describe(model)));
            state = withGhosts(full, state);
            for (RefsInvariants.Invariant inv : violated(state)) {
                violations.add(new Violation("invariant", inv.tlaName(), "the end of the run reached:\n"
                        + state.describe(model)));
            }
        }
    }

    private List<RefsInvariants.Invariant> violated(RefsState s) {
        List<RefsInvariants.Invariant> out = new ArrayList<>();
        for (RefsInvariants.Invariant inv : RefsInvariants.Invariant.values()) {
            if (!inv.holds(model, s)) {
                out.add(inv);
            }
        }
        return out;
    }

    // ---- what the driver reports ----

    @Override
    public void onStep(DriverStep step) {
        if (step instanceof DriverStep.Transaction t) {
            transaction(t);
        } else if (step instanceof DriverStep.Command c) {
            command(c.thread(), c.cmd(), c.error());
        } else if (step instanceof DriverStep.Read r) {
            read(r);
        } else if (step instanceof DriverStep.ThreadRelease r) {
            threadRelease(r.thread());
        } else if (step instanceof DriverStep.ProcRelease r) {
            procRelease(r.proc());
        } else if (step instanceof DriverStep.IoctlSetCtxMgr m) {
            setCtxMgr(m);
        } else if (step instanceof DriverStep.AddFreezeWork f) {
            outsideStep("BINDER_FREEZE's walk over the nodes of pid " + f.proc().pid() + " (6.12+: each node is "
                    + "pinned and unpinned, and the unpin re-checks it)");
        }
        // FLUSH: no refcount action and no refcount change (checked at the next step).
    }

    /**
     * BC_TRANSACTION / BC_REPLY: BcTransaction to the target node or BcReply to the target proc the step names,
     * with the objects it translated, failing at any of them; no change if it failed before it had
     * a target.
     */
    private void transaction(DriverStep.Transaction s) {
        if (stopped != null) {
            return;
        }
        List<Obj> objs = new ArrayList<>();
        try {
            for (FlatBinderObject o : s.objects()) {
                objs.add(map.obj(o));
            }
        } catch (RefsRefinement.BeyondBounds e) {
            stop("translating an object", e.getMessage());
            return;
        }
        BinderThread thread = s.thread();
        int p = map.procIndex(thread.proc());
        String event = name(thread) + " " + Bc.nameOf(s.cmd());
        if (p < 0) {
            step(event, List.of(), null);
            return;
        }
        for (Obj o : objs) {
            // RefsRefinement.obj lets ptr 0 through as the manager's node; sent by another proc it is a node of
            // that proc's, which the model does not have (found by fuzz raw: it crashed the spec's translation)
            boolean binder = o.kind() == Obj.Kind.BINDER || o.kind() == Obj.Kind.WEAK_BINDER;
            if (binder && model.nodeIndex(p, o.v()) < 0) {
                stop("translating an object", "a BINDER object with ptr 0x" + Integer.toHexString(o.v()) + " from "
                        + model.procName(p) + ", not a node of the model");
                return;
            }
        }
        List<Candidate> c = new ArrayList<>();
        if (s.targetResolved()) {
            boolean reply = s.reply();
            int other = reply ? map.procIndex(s.targetProc()) : nodeIndexOrStop(s.targetNode());
            if (other < 0) {
                return;
            }
            transactions(c, reply ? "BcReply" : "BcTransaction", p, other, objs);
            if (reply && !holdsCallBuffer(p, other) && state.alive().get(p) && state.alive().get(other)) {
                transactions(c, UNGUARDED_REPLY, p, other, objs);
            }
        }
        step(event, c, null);
    }

    /** The other BC_ commands (and any command that ended the write: no change). */
    private void command(BinderThread thread, int bc, int error) {
        int p = map.procIndex(thread.proc());
        Bc cmd = Bc.fromCode(bc);
        String event = name(thread) + " " + Bc.nameOf(bc) + (error != 0 ? " error " + error : "");
        if (p < 0 || error != 0 || cmd == null) {
            step(event, List.of(), null);
            return;
        }
        List<Candidate> c = new ArrayList<>();
        Supplier<String> gap = null;
        switch (cmd) {
            case BC_FREE_BUFFER -> {
                for (Buffer b : state.bufs().get(p).keySet()) {
                    c.add(new Candidate("BcFreeBuffer", () -> params("p", proc(p), "b", RefsTla.buffer(model, b)),
                            () -> spec.bcFreeBuffer(state, p, b)));
                }
            }
            case BC_INCREFS, BC_ACQUIRE -> {
                boolean strong = cmd == Bc.BC_ACQUIRE;
                java.util.Set<Integer> hs = new java.util.TreeSet<>(BinderRefsSpec.descs(state, p));
                hs.add(0);
                for (int h : hs) {
                    c.add(new Candidate(strong ? "BcAcquire" : "BcIncrefs", () -> params("p", proc(p), "h", TlaValue.of(h)),
                            () -> strong ? spec.bcAcquire(state, p, h) : spec.bcIncrefs(state, p, h)));
                }
            }
            case BC_RELEASE, BC_DECREFS -> {
                boolean strong = cmd == Bc.BC_RELEASE;
                for (int n = 0; n < model.nodeCount(); n++) {
                    int k = n; // the lambda's copy
                    c.add(new Candidate(strong ? "BcRelease" : "BcDecrefs", () -> params("p", proc(p), "n", node(k)),
                            () -> strong ? spec.bcRelease(state, p, k) : spec.bcDecrefs(state, p, k)));
                }
                gap = () -> untakenCountDropped(p, strong);
            }
            case BC_INCREFS_DONE, BC_ACQUIRE_DONE -> {
                boolean strong = cmd == Bc.BC_ACQUIRE_DONE;
                for (int n = 0; n < model.nodeCount(); n++) {
                    int k = n; // the lambda's copy
                    c.add(new Candidate(strong ? "BcAcquireDone" : "BcIncrefsDone", () -> params("p", proc(p), "n", node(k)),
                            () -> strong ? spec.bcAcquireDone(state, p, k) : spec.bcIncrefsDone(state, p, k)));
                }
            }
            case BC_REQUEST_DEATH_NOTIFICATION -> {
                for (int n = 0; n < model.nodeCount(); n++) {
                    int k = n; // the lambda's copy
                    c.add(new Candidate("BcRequestDeathNotification", () -> params("p", proc(p), "n", node(k)),
                            () -> spec.bcRequestDeathNotification(state, p, k)));
                }
            }
            case BC_CLEAR_DEATH_NOTIFICATION, BC_DEAD_BINDER_DONE -> {
                boolean clear = cmd == Bc.BC_CLEAR_DEATH_NOTIFICATION;
                for (int n = 0; n < model.nodeCount(); n++) {
                    int k = n; // the lambda's copy
                    for (boolean looper : new boolean[] {false, true}) {
                        c.add(new Candidate(clear ? "BcClearDeathNotification" : "BcDeadBinderDone",
                                () -> params("p", proc(p), "n", node(k), "looper", TlaValue.of(looper)),
                                () -> clear ? spec.bcClearDeathNotification(state, p, k, looper)
                                        : spec.bcDeadBinderDone(state, p, k, looper)));
                    }
                }
            }
            default -> {
                // looper commands, freeze, and the like: no refcount action
            }
        }
        step(event, c, gap);
    }

    /**
     * BcTransaction or BcReply with the objects the driver translated, failing at any of them or after them
     * (or before the first, which the spec writes with no objects).
     */
    private void transactions(List<Candidate> c, String action, int p, int other, List<Obj> objs) {
        boolean reply = !action.equals("BcTransaction");
        List<List<Obj>> seqs = objs.isEmpty() ? List.of(objs) : List.of(objs, List.of());
        for (List<Obj> seq : seqs) {
            for (int fail : seq == objs ? failFirst(seq) : List.of(1)) {
                Map<String, TlaValue> ps = params("p", proc(p), reply ? "q" : "n", reply ? proc(other) : node(other),
                        "objs", RefsTla.objs(seq), "fail", TlaValue.of(fail));
                Supplier<List<RefsState>> next = () -> switch (action) {
                    case "BcTransaction" -> spec.bcTransaction(state, p, other, seq, fail);
                    case "BcReply" -> spec.bcReply(state, p, other, seq, fail);
                    default -> List.of(spec.replyWithoutCallBuffer(state, p, other, seq, fail));
                };
                c.add(new Candidate(action, ps, next, new Txn(reply, p, other, seq)));
            }
        }
    }

    /** A work item read: by the word written; a read that faulted consumed an item of any kind. */
    private void read(DriverStep.Read r) {
        BinderThread thread = r.thread();
        if (r instanceof DriverStep.ReadTransaction rt && rt.error() == 0 && !rt.written().isEmpty()) {
            delivered(thread, rt.written().get(0));
        } else if (r instanceof DriverStep.ReadTransaction rt) {
            readFailed(thread, Br.nameOf(rt.br()), rt.error() != 0 ? rt.error() : rt.fixupError());
        } else if (r.error() != 0) {
            readFailed(thread, r instanceof DriverStep.ReadNode ? "node work" : Br.nameOf(wordOf(r)), r.error());
        } else if (r instanceof DriverStep.ReadNode n) {
            nodeWork(thread, n.node(), n.written());
        } else {
            delivered(thread, wordOf(r));
        }
    }

    /** The one word a completion, return error, death or freeze item is read as. */
    private static int wordOf(DriverStep.Read r) {
        if (r instanceof DriverStep.ReadComplete c) {
            return c.br();
        } else if (r instanceof DriverStep.ReadReturnError e) {
            return e.br();
        } else if (r instanceof DriverStep.ReadFreeze f) {
            return f.br();
        }
        return ((DriverStep.ReadDeath) r).br();
    }

    private void delivered(BinderThread thread, int br) {
        int p = map.procIndex(thread.proc());
        String event = name(thread) + " read " + Br.nameOf(br);
        Br b = Br.fromCode(br);
        if (p < 0 || b == null) {
            step(event, List.of(), null);
            return;
        }
        List<Candidate> c = new ArrayList<>();
        switch (b) {
            case BR_DEAD_BINDER -> deathWork(c, p, true, false);
            case BR_CLEAR_DEATH_NOTIFICATION_DONE -> deathWork(c, p, false, true);
            case BR_FAILED_REPLY -> frees(c, p); // a reply whose fds did not install: its buffer is freed
            default -> {
            }
        }
        step(event, c, null);
    }

    private void nodeWork(BinderThread thread, BinderNode node, List<Integer> brs) {
        int p = map.procIndex(thread.proc());
        int n = nodeIndexOrStop(node);
        if (p < 0 || n < 0) {
            return;
        }
        List<String> words = brs.stream().map(Br::nameOf).toList();
        step(name(thread) + " read node work " + words, List.of(new Candidate("WorkNode",
                params("p", proc(p), "n", node(n)), () -> spec.workNode(state, p, n))), null);
    }

    private void readFailed(BinderThread thread, String what, int error) {
        int p = map.procIndex(thread.proc());
        if (p < 0) {
            return;
        }
        // The item is consumed whatever it was: node or death work, or a transaction cleaned up.
        List<Candidate> c = new ArrayList<>();
        for (int n = 0; n < model.nodeCount(); n++) {
            int k = n; // the lambda's copy
            c.add(new Candidate("WorkNode", () -> params("p", proc(p), "n", node(k)), () -> spec.workNode(state, p, k)));
        }
        deathWork(c, p, true, true);
        frees(c, p);
        step(name(thread) + " read " + what + " failed (" + Errno.name(error) + ")", c, null);
    }

    /**
     * BINDER_SET_CONTEXT_MGR(_EXT): IoctlSetCtxMgr with the node the driver made the manager's; a
     * refusal must change nothing and be the spec's (SetCtxMgrError: -EBUSY while a manager is set,
     * -EPERM for another euid than the one recorded), a success must be one the spec allows.
     */
    private void setCtxMgr(DriverStep.IoctlSetCtxMgr m) {
        if (stopped != null) {
            return;
        }
        int p = map.procIndex(m.thread().proc());
        String event = name(m.thread()) + " set_context_mgr" + (m.fbo() == null ? "" : "_ext ptr 0x"
                + Long.toHexString(m.ptr())) + (m.result() != 0 ? " error " + m.result() : "");
        if (p < 0) {
            step(event, List.of(), null);
            return;
        }
        int wanted = spec.setCtxMgrError(state, p);
        if (m.result() != wanted) {
            violations.add(new Violation("refinement", "IoctlSetCtxMgr", event + ": the driver returned "
                    + m.result() + ", BinderRefs' SetCtxMgrError gives " + wanted + "\nbefore:\n"
                    + state.describe(model)));
        }
        List<Candidate> c = new ArrayList<>();
        if (m.result() == 0) {
            int n = nodeIndexOrStop(m.node());
            if (n < 0) {
                return;
            }
            c.add(new Candidate("IoctlSetCtxMgr", params("p", proc(p), "n", node(n)), () -> spec.ioctlSetCtxMgr(state, p, n)));
        }
        step(event, c, null);
    }

    private void threadRelease(BinderThread thread) {
        int p = map.procIndex(thread.proc());
        if (p < 0) {
            return;
        }
        RefsState before = state;
        step(name(thread) + " thread_exit", List.of(new Candidate("ThreadRelease", params("p", proc(p)),
                () -> spec.threadRelease(state, p))), () -> workOnOtherThreads(before, p));
    }

    private void procRelease(BinderProc proc) {
        int p = map.procIndex(proc);
        if (p < 0) {
            return;
        }
        step("release of " + model.procName(p), List.of(new Candidate("ProcRelease", params("p", proc(p)),
                () -> spec.procRelease(state, p))), null);
    }

    /** The death work items a read of p may have taken: BR_DEAD_BINDER's, BR_CLEAR_DEATH_NOTIFICATION_DONE's. */
    private void deathWork(List<Candidate> c, int p, boolean deadBinder, boolean clearDone) {
        for (int n = 0; n < model.nodeCount(); n++) {
            int k = n; // the lambda's copy
            if (deadBinder) {
                c.add(new Candidate("BrDeadBinder", () -> params("p", proc(p), "n", node(k)), () -> spec.brDeadBinder(state, p, k)));
            }
            if (clearDone) {
                c.add(new Candidate("BrClearDeathNotificationDone", () -> params("p", proc(p), "n", node(k)),
                        () -> spec.brClearDeathNotificationDone(state, p, k)));
            }
        }
    }

    private void frees(List<Candidate> c, int p) {
        for (Buffer b : state.bufs().get(p).keySet()) {
            c.add(new Candidate("BcFreeBuffer", () -> params("p", proc(p), "b", RefsTla.buffer(model, b)),
                    () -> spec.bcFreeBuffer(state, p, b)));
        }
    }

    /**
     * Something that ran outside the BC_ protocol (a debugfs read, and from 6.12 BINDER_FREEZE: each pins every
     * node and its unpin re-checks it, which may queue node work): it must leave the abstract state as it was,
     * or the check stops there, named.
     */
    public void outsideStep(String what) {
        if (stopped != null) {
            return;
        }
        try {
            if (!sameDriverState(state, map.abstractState())) {
                stop(what, "changed the refcount state outside any BC_ step (BinderRefs has no such step)");
            }
        } catch (RefsRefinement.BeyondBounds e) {
            stop(what, e.getMessage());
        }
    }

    // ---- what BinderRefs leaves out ----

    /** BC_RELEASE / BC_DECREFS of a count user space did not take (the spec's users never do). */
    private String untakenCountDropped(int p, boolean strong) {
        for (int n = 0; n < model.nodeCount(); n++) {
            if (state.hasRef(p, n) && state.held().get(p).get(n).of(strong) == 0
                    && (strong ? state.ref(p, n).s() : state.ref(p, n).w()) > 0) {
                return "user space dropped a " + (strong ? "strong" : "weak")
                        + " count it did not take (BinderRefs' users release only what they took)";
            }
        }
        return null;
    }

    /**
     * The fail points of {@code objs}, the earliest failure first and no failure last: a call
     * whose object does not translate matches several (at it, after it, or none), and the first
     * names where it failed.
     */
    private static List<Integer> failFirst(List<Obj> objs) {
        List<Integer> out = new ArrayList<>(BinderRefsSpec.failPoints(objs));
        out.remove(Integer.valueOf(0));
        out.add(0);
        return out;
    }

    /** Whether p holds a buffer of a call from q (the guard of the spec's BcReply). */
    private boolean holdsCallBuffer(int p, int q) {
        return state.bufs().get(p).keySet().stream().anyMatch(b -> b.from() == q && !b.isReply());
    }

    /**
     * A reply after the replier freed the call's buffer: the kernel allows it (it looks at the
     * stack), BinderRefs' BcReply does not (it takes the buffer as the sign of a call). Its effect
     * on counts is still checked, as the spec's Transaction without the guard; such a step is
     * counted ({@link #unguardedReplies()}) and ends the recorded trace (TLC would refuse it).
     * This is the action name such a step is checked under.
     */
    static final String UNGUARDED_REPLY = "BcReply without the call's buffer";

    /** Replies checked as the spec's Transaction without BcReply's guard (the call's buffer was freed first). */
    public long unguardedReplies() {
        return unguardedReplies;
    }

    /**
     * A thread exit the spec's one thread per proc cannot make: another thread of the proc still
     * holds node or CLEAR work, or the exiting thread held a DEAD_BINDER, which the kernel drops
     * from its todo (the record stays on the ref, idle) where BinderRefs keeps it queued.
     */
    private String workOnOtherThreads(RefsState before, int p) {
        RefsState after;
        try {
            after = map.abstractState();
        } catch (RefsRefinement.BeyondBounds e) {
            return e.getMessage();
        }
        for (int n = 0; n < model.nodeCount(); n++) {
            boolean nodeWork = model.nodes().get(n).owner() == p
                    && after.nodes().get(n).work() == bindercheck.model.refs.NodeState.Work.THREAD;
            if (nodeWork || after.deaths().get(p).get(n) == bindercheck.model.refs.DeathState.CLEAR_THREAD) {
                return "a thread exit while another thread of the proc holds node or CLEAR work (BinderRefs has one "
                        + "thread per proc, whose exit drops all of it)";
            }
            if (before.deaths().get(p).get(n) == bindercheck.model.refs.DeathState.DEAD
                    && after.deaths().get(p).get(n) == bindercheck.model.refs.DeathState.DONE) {
                return "a thread exit dropped a DEAD_BINDER from the thread's todo (the record stays on its ref, "
                        + "idle; BinderRefs keeps it queued)";
            }
        }
        return null;
    }

    // ---- the check ----

    private void step(String event, List<Candidate> candidates, Supplier<String> gap) {
        if (stopped != null) {
            return;
        }
        RefsState post;
        try {
            post = map.abstractState();
        } catch (RefsRefinement.BeyondBounds e) {
            stop(event, e.getMessage());
            return;
        }
        checkedSteps++;
        RefsState matched = null;
        Candidate how = null;
        for (Candidate c : candidates) {
            for (RefsState s : c.successors()) {
                if (sameDriverState(s, post)) {
                    matched = s;
                    how = c;
                    break;
                }
            }
            if (matched != null) {
                break;
            }
        }
        if (matched == null && sameDriverState(state, post)) {
            matched = state;
        }
        if (matched == null && gap != null) {
            String why = gap.get();
            if (why != null) {
                stop(event, why);
                return;
            }
        }
        if (matched == null) {
            String wanted = candidates.isEmpty() ? "no change (BinderRefs has no action for it)"
                    : candidates.get(0).action() + " (" + candidates.size() + " instances) or no change";
            RefsState example = candidates.stream().flatMap(c -> c.successors().stream()).findFirst().orElse(null);
            Violation v = new Violation("refinement", candidates.isEmpty() ? "stutter" : candidates.get(0).action(),
                    event + ": the driver's move is not " + wanted + "\nbefore:\n" + state.describe(model)
                            + "\nafter (driver):\n" + post.describe(model)
                            + (example == null ? "" : "\nthe spec allows e.g.:\n" + example.describe(model)));
            violations.add(v);
            state = withGhosts(post, state);
            if (sink != null) {
                sink.accept(new Checked(event, TxnChecker.VIOLATION, Map.of(), state,
                        List.of(v.toString().lines().findFirst().orElse(""))));
            }
            return;
        }
        if (how != null && how.action().equals(UNGUARDED_REPLY)) {
            unguardedReplies++;
            traceEnded = true;
        } else if (how != null) {
            specSteps++;
            if (recording && !traceEnded) {
                Candidate rec = inNextsDomain(how, matched);
                if (rec == null) {
                    traceEnded = true;
                } else {
                    steps.add(new TraceStep<>(rec.action(), rec.params(), matched));
                }
            }
        }
        state = matched;
        List<String> broken = new ArrayList<>();
        if (checking == Checking.FULL) {
            invariantsBroken = violated(state);
        } else if (state != invariantsOf) {
            // only the invariants that read a variable the step changed (a stutter: none)
            invariantsBroken = InvariantReads.violated(model, invariantsOf,
                    invariantsBroken.isEmpty() ? java.util.Set.of() : java.util.EnumSet.copyOf(invariantsBroken), state);
            invariantsOf = state;
        }
        for (RefsInvariants.Invariant inv : invariantsBroken) {
            violations.add(new Violation("invariant", inv.tlaName(), event + " reached:\n" + state.describe(model)));
            broken.add(inv.tlaName());
        }
        if (sink != null) {
            sink.accept(new Checked(event, how == null ? "stutter" : how.action(), how == null ? Map.of() : how.params(),
                    state, broken));
        }
    }

    /**
     * The step as an instance of Next, for the recorded trace: Next draws a transaction's objects
     * from the sender's own (UserObjs, at most MaxObjs), while the driver may be sent any; a
     * transaction that failed at an object outside them is the same step as one failing there
     * with the objects before it. Null if there is no such instance (the trace ends before it).
     */
    private Candidate inNextsDomain(Candidate how, RefsState matched) {
        if (how.txn() == null) {
            return how;
        }
        int p = how.txn().p();
        List<Obj> objs = how.txn().objs();
        List<Obj> own = spec.userObjs(state, p);
        int k = 0;
        while (k < objs.size() && own.contains(objs.get(k))) {
            k++;
        }
        if (k == objs.size() && objs.size() <= model.maxObjs()) {
            return how;
        }
        if (k > model.maxObjs()) {
            return null;
        }
        List<Obj> prefix = objs.subList(0, k);
        int fail = k + 1;
        Map<String, TlaValue> ps = new LinkedHashMap<>(how.params());
        ps.put("objs", RefsTla.objs(prefix));
        ps.put("fail", TlaValue.of(fail));
        List<RefsState> same = how.txn().reply() ? spec.bcReply(state, p, how.txn().other(), prefix, fail)
                : spec.bcTransaction(state, p, how.txn().other(), prefix, fail);
        return same.contains(matched) ? new Candidate(how.action(), ps, () -> same) : null;
    }

    /** Equal in every variable but the ghosts. */
    static boolean sameDriverState(RefsState a, RefsState b) {
        return a.alive().equals(b.alive()) && a.mgrNode() == b.mgrNode() && a.mgrUid() == b.mgrUid()
                && a.nodes().equals(b.nodes()) && a.refs().equals(b.refs()) && a.deaths().equals(b.deaths())
                && a.bufs().equals(b.bufs());
    }

    private static RefsState withGhosts(RefsState s, RefsState ghosts) {
        return new RefsState(s.alive(), s.mgrNode(), s.mgrUid(), s.nodes(), s.refs(), s.deaths(), s.bufs(),
                ghosts.held(), ghosts.reached(), ghosts.drift(), ghosts.misuse(), ghosts.kernelBug(), ghosts.wasMgr());
    }

    private int nodeIndexOrStop(BinderNode node) {
        try {
            return map.nodeIndex(node);
        } catch (RefsRefinement.BeyondBounds e) {
            stop("naming a node", e.getMessage());
            return -1;
        }
    }

    private String name(BinderThread thread) {
        int p = map.procIndex(thread.proc());
        return (p < 0 ? "pid " + thread.proc().pid() : model.procName(p)) + " tid " + thread.pid();
    }

    private TlaValue proc(int p) {
        return RefsTla.proc(model, p);
    }

    private TlaValue node(int n) {
        return RefsTla.node(model, n);
    }

    private static Map<String, TlaValue> params(Object... namesAndValues) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], (TlaValue) namesAndValues[i + 1]);
        }
        return out;
    }

    private void stop(String where, String why) {
        if (stopped == null) {
            stopped = where + ": " + why;
            stopReason = why;
        }
    }
}
