package bindercheck.model.txn;

import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actions of Binder.tla as Java: one method per action, the same name in lowerCamel and
 * the same parameters, each returning the set of successor states (several where the spec
 * leaves a choice, as between proc todo and an idle thread; none where the action is not
 * enabled). {@link #next} is their union over the model's parameter domains, labelled. The
 * breadth-first search matched against TLC's state count and the per-step refinement check
 * call these same methods.
 *
 * <p>The kernel's helpers (binder_send_failed_reply, binder_release_work, the stack walk of
 * binder_thread_release...) are the spec's operators over its {@code St} record; here they
 * change a {@link TxnState.Builder} in place, in the order the spec composes them.
 *
 * <p>Where TLC would stop with an evaluation error (a state no behaviour reaches, e.g. a
 * transaction with a buffer slot and no target proc), the methods throw
 * IllegalStateException.
 */
public final class BinderSpec {
    private final TxnConfig c;

    public BinderSpec(TxnConfig config) {
        this.c = config;
    }

    public TxnConfig config() {
        return c;
    }

    /** {@code Init}. */
    public TxnState init() {
        return TxnState.init(c);
    }

    // =====================================================================
    // A thread writes: one BC_ command each

    /** {@code BcTransaction(t, p, oneway)}: BC_TRANSACTION to the node of proc p (handle 0 for CtxMgr). */
    public Set<TxnState> bcTransaction(TxnState s, ThreadRef tr, int p, boolean oneway) {
        int t = s.n(tr);
        checkProc(p);
        int me = tr.proc();
        if (!s.alive[me] || s.returnError[t] != Cmd.BR_OK) {
            return Set.of();
        }
        int top = s.stack[t];
        Cmd err;
        if (!s.alive[p]) {
            err = Cmd.BR_DEAD_REPLY; // T1
        } else if (p == me) {
            err = Cmd.BR_FAILED_REPLY; // T1 same pid, T2
        } else if (!oneway && s.todo[t].length > 0 && s.todo[t][0].isTxn()) {
            err = Cmd.BR_FAILED_REPLY; // T4
        } else if (!oneway && top != 0 && !s.txn(top).toThread().equals(tr)) {
            err = Cmd.BR_FAILED_REPLY; // T5
        } else if (oneway && asyncUsed(s.bufs, p) >= c.asyncSlots()) {
            err = Cmd.BR_FAILED_REPLY; // C4 async space
        } else if (minSlot(s.bufs, p) == 0) {
            err = Cmd.BR_FAILED_REPLY; // C4 no space
        } else {
            err = Cmd.BR_OK;
        }
        if (err != Cmd.BR_OK) {
            TxnState.Builder b = s.toBuilder();
            failWith(b, t, err, !oneway);
            return Set.of(b.build());
        }
        int i = minFreeId(s.txns);
        if (i == 0) {
            return Set.of(); // the model's pool of ids is used up
        }
        int slot = minSlot(s.bufs, p);
        ThreadRef nested = oneway ? ThreadRef.NONE : nestedFrom(s, top, p, s.fuel());
        TxnRec rec = new TxnRec(oneway ? TxnKind.ONEWAY : TxnKind.SYNC, oneway ? ThreadRef.NONE : tr,
                oneway ? 0 : top, p, nested, 0, slot);
        TxnState.Builder b = s.toBuilder();
        b.setTxn(i, rec);
        b.setBuf(p, slot, new BufRec(SlotState.ATTACHED, oneway, p, i));
        if (!oneway) {
            enqThread(b, t, Work.TCOMPLETE, false); // deferred
            b.setStack(t, i);
            b.setAwaiting(t, b.awaiting[t] + 1);
            if (!nested.isNone()) {
                dispatch(b, i, p, c.threadIndex(nested));
                return Set.of(b.build());
            }
        } else {
            enqThread(b, t, Work.TCOMPLETE, true);
            if (s.hasAsync[p]) {
                b.setAsyncTodo(p, append(b.asyncTodo[p], i)); // pending async
                return Set.of(b.build());
            }
            b.setHasAsync(p, true);
        }
        TxnState base = b.build();
        Set<TxnState> out = new LinkedHashSet<>();
        out.add(dispatched(base, i, p, -1));
        for (int d : idle(s, p)) {
            out.add(dispatched(base, i, p, d));
        }
        return out;
    }

    private TxnState dispatched(TxnState base, int i, int p, int dest) {
        TxnState.Builder b = base.toBuilder();
        dispatch(b, i, p, dest);
        return b.build();
    }

    /** {@code BcReply(t)}: BC_REPLY, checks R1-R5, then C4 and C14. */
    public Set<TxnState> bcReply(TxnState s, ThreadRef tr) {
        int t = s.n(tr);
        if (!s.alive[tr.proc()] || s.returnError[t] != Cmd.BR_OK) {
            return Set.of();
        }
        int i = s.stack[t];
        TxnState.Builder b = s.toBuilder();
        if (i == 0) {
            failWith(b, t, Cmd.BR_FAILED_REPLY, false); // R1
            return Set.of(b.build());
        }
        TxnRec x = s.txn(i);
        if (!(c.r2Skipped() || x.toThread().equals(tr))) {
            failWith(b, t, Cmd.BR_FAILED_REPLY, false); // R2
            return Set.of(b.build());
        }
        ThreadRef caller = x.from();
        if (caller.isNone()) { // R4
            complete(b, t, x);
            sendFailedReply(b, i, Cmd.BR_DEAD_REPLY, s.fuel());
            return Set.of(b.build());
        }
        int cn = c.threadIndex(caller);
        if (s.stack[cn] != i) { // R5
            b.setStack(t, x.toParent());
            failWith(b, t, Cmd.BR_FAILED_REPLY, false);
            return Set.of(b.build());
        }
        int cp = caller.proc();
        if (minSlot(s.bufs, cp) == 0) { // C4
            complete(b, t, x);
            sendFailedReply(b, i, Cmd.BR_FAILED_REPLY, s.fuel());
            return Set.of(b.build());
        }
        boolean paired = s.stack[t] == i && x.toThread().equals(tr) && x.from().equals(caller) && s.stack[cn] == i;
        b.setStack(t, x.toParent()); // R3
        enqThread(b, t, Work.TCOMPLETE, true); // C14.1
        b.setStack(cn, x.fromParent()); // C14.3
        freeTxnObj(b, i); // C14.6
        int r = minFreeId(b.txns);
        int cs = minSlot(b.bufs, cp);
        b.setTxn(r, new TxnRec(TxnKind.REPLY, ThreadRef.NONE, 0, cp, caller, 0, cs));
        b.setBuf(cp, cs, new BufRec(SlotState.ATTACHED, false, TxnConfig.NO_PROC, r));
        enqThread(b, cn, Work.txn(r), true); // C14.4
        b.setPairingBroken(s.pairingBroken || !paired);
        return Set.of(b.build());
    }

    /** BC_REPLY's {@code complete}: the popped stack and a BR_TRANSACTION_COMPLETE through return_error. */
    private void complete(TxnState.Builder b, int t, TxnRec x) {
        b.setStack(t, x.toParent());
        enqThread(b, t, Work.RETURN_ERROR, true);
        b.setReturnError(t, Cmd.BR_TRANSACTION_COMPLETE);
        b.setRetAnswers(t, false);
    }

    /** {@code BcFreeBuffer(t, s)}: BC_FREE_BUFFER of slot s of the thread's proc. */
    public Set<TxnState> bcFreeBuffer(TxnState s, ThreadRef tr, int slot) {
        int t = s.n(tr);
        int p = tr.proc();
        BufRec bb = s.buf(p, slot);
        if (!s.alive[p] || s.returnError[t] != Cmd.BR_OK || bb.state() != SlotState.DELIVERED) {
            return Set.of(); // a buffer not delivered: a user error the driver ignores
        }
        TxnState.Builder b = s.toBuilder();
        if (bb.txn() != 0) {
            b.setTxn(bb.txn(), s.txn(bb.txn()).withBslot(0));
        }
        if (bb.async() && bb.node() != TxnConfig.NO_PROC) {
            int nd = bb.node();
            if (s.asyncTodo[nd].length == 0) {
                b.setHasAsync(nd, false);
            } else {
                b.setProcTodo(nd, append(s.procTodo[nd], Work.txn(s.asyncTodo[nd][0])));
                b.setAsyncTodo(nd, Arrays.copyOfRange(s.asyncTodo[nd], 1, s.asyncTodo[nd].length));
            }
        }
        b.setBuf(p, slot, BufRec.FREE);
        return Set.of(b.build());
    }

    // =====================================================================
    // A thread reads: one work item each

    /** {@code OwnWork(t)}: process_todo is set and todo is not empty. */
    static boolean ownWork(TxnState s, int t) {
        return s.processTodo[t] && s.todo[t].length > 0;
    }

    /** {@code ProcWork(t)}: empty stack and todo, and proc work waiting. */
    boolean procWork(TxnState s, int t) {
        return s.stack[t] == 0 && s.todo[t].length == 0 && s.procTodo[t / c.numK()].length > 0;
    }

    private boolean canRead(TxnState s, int t) {
        return s.alive[t / c.numK()] && (ownWork(s, t) || procWork(s, t));
    }

    private Work nextWork(TxnState s, int t) {
        return s.todo[t].length > 0 ? s.todo[t][0] : s.procTodo[t / c.numK()][0];
    }

    private void takeWork(TxnState.Builder b, int t) {
        Work[] own = b.todo[t];
        if (own.length > 0) {
            b.setTodo(t, Arrays.copyOfRange(own, 1, own.length));
            b.setProcessTodo(t, own.length > 1);
        } else {
            int p = t / c.numK();
            b.setProcTodo(p, Arrays.copyOfRange(b.procTodo[p], 1, b.procTodo[p].length));
        }
    }

    private void delivered(TxnState.Builder b, int id) {
        TxnRec x = b.txn(id);
        if (x.bslot() != 0) {
            requireProc(x.toProc(), id);
            b.setBuf(x.toProc(), x.bslot(), b.buf(x.toProc(), x.bslot()).withState(SlotState.DELIVERED));
        }
    }

    /** {@code BrTransaction(t)}: a sync call is pushed on the reader's stack, a one-way call freed. */
    public Set<TxnState> brTransaction(TxnState s, ThreadRef tr) {
        int t = s.n(tr);
        if (!canRead(s, t) || !nextWork(s, t).isTxn()) {
            return Set.of();
        }
        int i = nextWork(s, t).id();
        TxnRec x = s.txn(i);
        if (x.kind() != TxnKind.SYNC && x.kind() != TxnKind.ONEWAY) {
            return Set.of();
        }
        TxnState.Builder b = s.toBuilder();
        takeWork(b, t);
        delivered(b, i);
        if (x.kind() == TxnKind.SYNC) {
            b.setTxn(i, b.txn(i).withTarget(tr, s.stack[t]));
            b.setStack(t, i);
        } else {
            freeTxnObj(b, i);
        }
        return Set.of(b.build());
    }

    /** {@code BrReply(t)}: the reply is delivered and freed. */
    public Set<TxnState> brReply(TxnState s, ThreadRef tr) {
        int t = s.n(tr);
        if (!canRead(s, t) || !nextWork(s, t).isTxn()) {
            return Set.of();
        }
        int i = nextWork(s, t).id();
        if (s.txn(i).kind() != TxnKind.REPLY) {
            return Set.of();
        }
        TxnState.Builder b = s.toBuilder();
        takeWork(b, t);
        delivered(b, i);
        freeTxnObj(b, i);
        b.setAwaiting(t, b.awaiting[t] - 1);
        return Set.of(b.build());
    }

    /** {@code BrTransactionComplete(t)}: a tcomplete item, or return_error holding a failed reply's completion. */
    public Set<TxnState> brTransactionComplete(TxnState s, ThreadRef tr) {
        int t = s.n(tr);
        if (!canRead(s, t)) {
            return Set.of();
        }
        WorkKind k = nextWork(s, t).kind();
        if (k == WorkKind.TRANSACTION_COMPLETE) {
            TxnState.Builder b = s.toBuilder();
            takeWork(b, t);
            return Set.of(b.build());
        }
        if (k == WorkKind.RETURN_ERROR && s.returnError[t] == Cmd.BR_TRANSACTION_COMPLETE) {
            TxnState.Builder b = s.toBuilder();
            takeWork(b, t);
            b.setReturnError(t, Cmd.BR_OK);
            return Set.of(b.build());
        }
        return Set.of();
    }

    /** {@code BrDeadReply(t)}: {@code ReadError(t, "BR_DEAD_REPLY")}. */
    public Set<TxnState> brDeadReply(TxnState s, ThreadRef tr) {
        return readError(s, tr, Cmd.BR_DEAD_REPLY);
    }

    /** {@code BrFailedReply(t)}: {@code ReadError(t, "BR_FAILED_REPLY")}. */
    public Set<TxnState> brFailedReply(TxnState s, ThreadRef tr) {
        return readError(s, tr, Cmd.BR_FAILED_REPLY);
    }

    /** {@code ReadError(t, cmd)}: the work of return_error or reply_error carrying cmd. */
    private Set<TxnState> readError(TxnState s, ThreadRef tr, Cmd cmd) {
        int t = s.n(tr);
        if (!canRead(s, t)) {
            return Set.of();
        }
        WorkKind k = nextWork(s, t).kind();
        if (k == WorkKind.RETURN_ERROR && s.returnError[t] == cmd) {
            TxnState.Builder b = s.toBuilder();
            takeWork(b, t);
            b.setReturnError(t, Cmd.BR_OK);
            b.setRetAnswers(t, false);
            b.setAwaiting(t, s.retAnswers[t] ? s.awaiting[t] - 1 : s.awaiting[t]);
            return Set.of(b.build());
        }
        if (k == WorkKind.REPLY_ERROR && s.replyError[t] == cmd) {
            TxnState.Builder b = s.toBuilder();
            takeWork(b, t);
            b.setReplyError(t, Cmd.BR_OK);
            b.setAwaiting(t, s.awaiting[t] - 1);
            return Set.of(b.build());
        }
        return Set.of();
    }

    // =====================================================================
    // Lifecycle

    /** {@code ThreadRelease(t)}: BINDER_THREAD_EXIT. */
    public Set<TxnState> threadRelease(TxnState s, ThreadRef tr) {
        int t = s.n(tr);
        if (!s.alive[tr.proc()]) {
            return Set.of();
        }
        TxnState.Builder b = s.toBuilder();
        threadReleaseSt(b, t, s.fuel());
        return Set.of(b.build());
    }

    /** {@code ProcRelease(p)}: the last close of p's fd, then binder_deferred_release. */
    public Set<TxnState> procRelease(TxnState s, int p) {
        checkProc(p);
        if (!s.alive[p]) {
            return Set.of();
        }
        TxnState.Builder b = s.toBuilder();
        b.setAlive(p, false);
        procReleaseSt(b, p, s.fuel());
        return Set.of(b.build());
    }

    // =====================================================================
    // Next

    /** {@code Next}: every enabled action over the model's parameter domains, with its label. */
    public List<TraceStep<TxnState>> next(TxnState s) {
        List<TraceStep<TxnState>> out = new ArrayList<>();
        visit(s, (action, params, posts) -> {
            if (!posts.isEmpty()) {
                Map<String, TlaValue> ps = params.get();
                for (TxnState post : posts) {
                    out.add(new TraceStep<>(action, ps, post));
                }
            }
        });
        return out;
    }

    /** The successors of {@code Next}, unlabelled (for the breadth-first search). */
    public List<TxnState> successors(TxnState s) {
        List<TxnState> out = new ArrayList<>();
        visit(s, (action, params, posts) -> out.addAll(posts));
        return out;
    }

    /**
     * The successors whose driver state (every variable but the ghosts) is mapped's: a map
     * from the driver's state has no ghosts, so a refinement check finds the step's successor
     * this way and goes on from it, ghosts included. Empty when no successor matches.
     */
    public static List<TxnState> sameDriverState(java.util.Collection<TxnState> successors, TxnState mapped) {
        List<TxnState> out = new ArrayList<>();
        for (TxnState s : successors) {
            if (s.sameDriverState(mapped)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The steps of {@code Next} from pre to post (several when two actions agree), empty if none. */
    public List<TraceStep<TxnState>> stepsBetween(TxnState pre, TxnState post) {
        List<TraceStep<TxnState>> out = new ArrayList<>();
        for (TraceStep<TxnState> st : next(pre)) {
            if (st.post().equals(post)) {
                out.add(st);
            }
        }
        return out;
    }

    /**
     * The action named {@code action} (its TLA+ name) with parameters as {@link TraceStep} gives
     * them ({@code t}, {@code p}, {@code oneway}, {@code s}); IllegalArgumentException for an
     * unknown action or a parameter missing or outside the model.
     */
    public Set<TxnState> apply(TxnState s, String action, Map<String, TlaValue> params) {
        return switch (action) {
            case "BcTransaction" -> bcTransaction(s, threadParam(params), procParam(params),
                    param(params, "oneway").asBool());
            case "BcReply" -> bcReply(s, threadParam(params));
            case "BcFreeBuffer" -> bcFreeBuffer(s, threadParam(params), param(params, "s").asInt());
            case "BrTransaction" -> brTransaction(s, threadParam(params));
            case "BrReply" -> brReply(s, threadParam(params));
            case "BrTransactionComplete" -> brTransactionComplete(s, threadParam(params));
            case "BrDeadReply" -> brDeadReply(s, threadParam(params));
            case "BrFailedReply" -> brFailedReply(s, threadParam(params));
            case "ThreadRelease" -> threadRelease(s, threadParam(params));
            case "ProcRelease" -> procRelease(s, procParam(params));
            default -> throw new IllegalArgumentException("Binder.tla has no action " + action);
        };
    }

    private static TlaValue param(Map<String, TlaValue> params, String name) {
        TlaValue v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter " + name + " missing");
        }
        return v;
    }

    private ThreadRef threadParam(Map<String, TlaValue> params) {
        ThreadRef t = TxnTla.threadOf(c, param(params, "t"));
        if (t.isNone()) {
            throw new IllegalArgumentException("parameter t is NoThread");
        }
        return t;
    }

    private int procParam(Map<String, TlaValue> params) {
        int p = TxnTla.procOf(c, param(params, "p"));
        if (p == TxnConfig.NO_PROC) {
            throw new IllegalArgumentException("parameter p is NoProc");
        }
        return p;
    }

    private interface Visitor {
        void visit(String action, java.util.function.Supplier<Map<String, TlaValue>> params, Set<TxnState> posts);
    }

    private void visit(TxnState s, Visitor v) {
        List<ThreadRef> threads = c.threads();
        for (ThreadRef t : threads) {
            for (int p = 0; p < c.numProcs(); p++) {
                for (boolean oneway : new boolean[] {false, true}) {
                    int pp = p;
                    v.visit("BcTransaction", () -> params("t", TxnTla.thread(c, t), "p", TxnTla.proc(c, pp),
                            "oneway", TlaValue.of(oneway)), bcTransaction(s, t, p, oneway));
                }
            }
        }
        for (ThreadRef t : threads) {
            v.visit("BcReply", () -> params("t", TxnTla.thread(c, t)), bcReply(s, t));
        }
        for (ThreadRef t : threads) {
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                int sl = slot;
                v.visit("BcFreeBuffer", () -> params("t", TxnTla.thread(c, t), "s", TlaValue.of(sl)),
                        bcFreeBuffer(s, t, slot));
            }
        }
        for (ThreadRef t : threads) {
            v.visit("BrTransaction", () -> params("t", TxnTla.thread(c, t)), brTransaction(s, t));
        }
        for (ThreadRef t : threads) {
            v.visit("BrReply", () -> params("t", TxnTla.thread(c, t)), brReply(s, t));
        }
        for (ThreadRef t : threads) {
            v.visit("BrTransactionComplete", () -> params("t", TxnTla.thread(c, t)), brTransactionComplete(s, t));
        }
        for (ThreadRef t : threads) {
            v.visit("BrDeadReply", () -> params("t", TxnTla.thread(c, t)), brDeadReply(s, t));
        }
        for (ThreadRef t : threads) {
            v.visit("BrFailedReply", () -> params("t", TxnTla.thread(c, t)), brFailedReply(s, t));
        }
        for (ThreadRef t : threads) {
            v.visit("ThreadRelease", () -> params("t", TxnTla.thread(c, t)), threadRelease(s, t));
        }
        for (int p = 0; p < c.numProcs(); p++) {
            int pp = p;
            v.visit("ProcRelease", () -> params("p", TxnTla.proc(c, pp)), procRelease(s, p));
        }
    }

    private static Map<String, TlaValue> params(Object... namesAndValues) {
        Map<String, TlaValue> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (TlaValue) namesAndValues[i + 1]);
        }
        return m;
    }

    // =====================================================================
    // The spec's helpers over St

    /** {@code EnqThread(st, t, w, wake)}: binder_enqueue_thread_work_ilocked, or its deferred form. */
    private static void enqThread(TxnState.Builder b, int t, Work w, boolean wake) {
        b.setTodo(t, append(b.todo[t], w));
        if (wake && !b.processTodo[t]) {
            b.setProcessTodo(t, true);
        }
    }

    /** {@code FailWith(st, t, cmd, isCall)}: a failure reported through return_error. */
    private static void failWith(TxnState.Builder b, int t, Cmd cmd, boolean isCall) {
        enqThread(b, t, Work.RETURN_ERROR, true);
        b.setReturnError(t, cmd);
        b.setRetAnswers(t, isCall);
        if (isCall) {
            b.setAwaiting(t, b.awaiting[t] + 1);
        }
    }

    /** {@code FreeTxnObj(st, i)}: binder_free_transaction; an undelivered buffer becomes an orphan. */
    private void freeTxnObj(TxnState.Builder b, int id) {
        TxnRec x = b.txn(id);
        b.setTxn(id, TxnRec.FREE);
        if (x.bslot() != 0) {
            requireProc(x.toProc(), id);
            BufRec bb = b.buf(x.toProc(), x.bslot());
            b.setBuf(x.toProc(), x.bslot(), new BufRec(bb.state() == SlotState.ATTACHED ? SlotState.ORPHAN
                    : bb.state(), bb.async(), bb.node(), 0));
        }
    }

    /** {@code SendFailedReply(st, i, cmd, fuel)}: binder_send_failed_reply, climbing from_parent. */
    private void sendFailedReply(TxnState.Builder b, int id, Cmd cmd, int fuel) {
        while (true) {
            if (fuel == 0) {
                b.setKernelBug(true);
                return;
            }
            TxnRec x = b.txn(id);
            ThreadRef caller = x.from();
            if (!caller.isNone()) {
                int cn = c.threadIndex(caller);
                if (b.stack[cn] != id) {
                    b.setKernelBug(true); // BUG_ON(stack != t)
                }
                b.setStack(cn, x.fromParent());
                if (b.replyError[cn] == Cmd.BR_OK) {
                    enqThread(b, cn, Work.REPLY_ERROR, true);
                    b.setReplyError(cn, cmd);
                } // else pr_warn "Unexpected reply error": this one is dropped
                freeTxnObj(b, id);
                return;
            }
            freeTxnObj(b, id);
            if (x.fromParent() == 0) {
                return;
            }
            id = x.fromParent();
            fuel--;
        }
    }

    /** {@code ReleaseWork(st, ws)}: binder_release_work over a list; {@code fuel} is the pre-state's Fuel. */
    private void releaseWork(TxnState.Builder b, Work[] ws, int fuel) {
        for (Work w : ws) {
            if (!w.isTxn()) {
                continue; // tcomplete, errors: dropped
            }
            if (b.txn(w.id()).kind() == TxnKind.SYNC) {
                sendFailedReply(b, w.id(), Cmd.BR_DEAD_REPLY, fuel); // binder_cleanup_transaction
            } else {
                freeTxnObj(b, w.id());
            }
        }
    }

    /** {@code Walk(st, t, i, fuel)}: binder_thread_release's walk of the stack. */
    private void walk(TxnState.Builder b, int t, int id, int fuel) {
        ThreadRef tr = c.thread(t);
        while (id != 0) {
            if (fuel == 0) {
                b.setKernelBug(true);
                return;
            }
            TxnRec x = b.txn(id);
            if (x.toThread().equals(tr)) {
                b.setTxn(id, new TxnRec(x.kind(), x.from(), x.fromParent(), TxnConfig.NO_PROC, ThreadRef.NONE, 0, 0));
                if (x.bslot() != 0) {
                    requireProc(x.toProc(), id);
                    b.setBuf(x.toProc(), x.bslot(), b.buf(x.toProc(), x.bslot()).withTxn(0));
                }
                id = x.toParent();
            } else if (x.from().equals(tr)) {
                b.setTxn(id, x.withFrom(ThreadRef.NONE));
                id = x.fromParent();
            } else {
                b.setKernelBug(true); // BUG()
                return;
            }
            fuel--;
        }
    }

    /**
     * {@code ThreadReleaseSt(st, t)}: binder_thread_release; the id then stands for a fresh thread.
     * {@code fuel} is Fuel in the state before the step.
     */
    private void threadReleaseSt(TxnState.Builder b, int t, int fuel) {
        int top = b.stack[t];
        int sendReply = top != 0 && b.txn(top).toThread().equals(c.thread(t)) ? top : 0;
        walk(b, t, top, fuel);
        if (sendReply != 0) {
            sendFailedReply(b, sendReply, Cmd.BR_DEAD_REPLY, fuel);
        }
        releaseWork(b, b.todo[t], fuel);
        b.setStack(t, 0);
        b.setTodo(t, TxnState.EMPTY_WORK);
        b.setProcessTodo(t, false);
        b.setReturnError(t, Cmd.BR_OK);
        b.setReplyError(t, Cmd.BR_OK);
        b.setAwaiting(t, 0);
        b.setRetAnswers(t, false);
    }

    /**
     * {@code ProcReleaseSt(st, p)}: binder_deferred_release. The threads go in the order of
     * ThreadIds, as TLC's CHOOSE takes them (MCBinder argues the order is not observable).
     */
    private void procReleaseSt(TxnState.Builder b, int p, int fuel) {
        for (int k = 0; k < c.numK(); k++) {
            threadReleaseSt(b, p * c.numK() + k, fuel);
        }
        int[] async = b.asyncTodo[p];
        Work[] asWork = new Work[async.length];
        for (int j = 0; j < async.length; j++) {
            asWork[j] = Work.txn(async[j]);
        }
        releaseWork(b, asWork, fuel);
        b.setAsyncTodo(p, TxnState.EMPTY_IDS);
        b.setHasAsync(p, false);
        releaseWork(b, b.procTodo[p], fuel);
        boolean linked = false;
        for (int slot = 1; slot <= c.bufSlots(); slot++) {
            BufRec bb = b.buf(p, slot);
            linked |= !bb.isFree() && bb.txn() != 0;
            b.setBuf(p, slot, BufRec.FREE);
        }
        b.setProcTodo(p, TxnState.EMPTY_WORK);
        if (linked) {
            b.setKernelBug(true); // BUG_ON(buffer->transaction)
        }
    }

    /** {@code NestedFrom(st, i, p, fuel)}: the first sender along from_parent that is p's, or NoThread. */
    static ThreadRef nestedFrom(TxnState s, int id, int p, int fuel) {
        while (id != 0 && fuel > 0) {
            TxnRec x = s.txn(id);
            if (!x.from().isNone() && x.from().proc() == p) {
                return x.from();
            }
            id = x.fromParent();
            fuel--;
        }
        return ThreadRef.NONE;
    }

    /** {@code Idle(st, p)}: threads of p that could be waiting for proc work, as thread numbers. */
    private int[] idle(TxnState s, int p) {
        int[] out = new int[c.numK()];
        int n = 0;
        for (int k = 0; k < c.numK(); k++) {
            int t = p * c.numK() + k;
            if (s.stack[t] == 0 && s.todo[t].length == 0) {
                out[n++] = t;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** {@code Dispatch(st, i, p, dest)}: to p's todo (dest -1) or to the todo of thread dest. */
    private static void dispatch(TxnState.Builder b, int i, int p, int dest) {
        if (dest < 0) {
            b.setProcTodo(p, append(b.procTodo[p], Work.txn(i)));
        } else {
            enqThread(b, dest, Work.txn(i), true);
        }
    }

    /** {@code MinFreeId(st)}, or 0 when every id is in use. */
    private int minFreeId(TxnRec[] txns) {
        for (int j = 0; j < txns.length; j++) {
            if (txns[j].isFree()) {
                return c.txnIds().get(j);
            }
        }
        return 0;
    }

    /** {@code MinSlot(st, p)}, or 0 when the area is full. */
    private int minSlot(BufRec[] bufs, int p) {
        for (int slot = 1; slot <= c.bufSlots(); slot++) {
            if (bufs[p * c.bufSlots() + slot - 1].isFree()) {
                return slot;
            }
        }
        return 0;
    }

    /** {@code AsyncUsed(st, p)}. */
    private int asyncUsed(BufRec[] bufs, int p) {
        int n = 0;
        for (int slot = 1; slot <= c.bufSlots(); slot++) {
            BufRec bb = bufs[p * c.bufSlots() + slot - 1];
            if (!bb.isFree() && bb.async()) {
                n++;
            }
        }
        return n;
    }

    private static Work[] append(Work[] a, Work w) {
        Work[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = w;
        return out;
    }

    private static int[] append(int[] a, int v) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }

    private void checkProc(int p) {
        if (p < 0 || p >= c.numProcs()) {
            throw new IllegalArgumentException("not a proc of the model: " + p);
        }
    }

    private static void requireProc(int p, int id) {
        if (p == TxnConfig.NO_PROC) {
            throw new IllegalStateException("transaction " + id + " holds a buffer slot but has no target proc "
                    + "(TLC would fail to evaluate bufs[NoProc])");
        }
    }
}
