package bindercheck.properties.txn;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.driver.BinderTransaction;
import bindercheck.impl.driver.BinderWork;
import bindercheck.impl.driver.DriverView;
import bindercheck.impl.wire.Br;
import bindercheck.model.txn.BufRec;
import bindercheck.model.txn.Cmd;
import bindercheck.model.txn.SlotState;
import bindercheck.model.txn.ThreadRef;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnKind;
import bindercheck.model.txn.TxnRec;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.Work;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The refinement mapping from the Java driver to Binder.tla: the abstract value of every variable
 * but the ghosts, read off the driver's procs, threads, transactions, work lists and buffers.
 *
 * <p>Names. Procs, threads and buffer slots have no ids in the driver the spec could use, and
 * transactions have debug ids that never repeat, so the map keeps a persistent naming: a live
 * transaction keeps the spec id it got when it appeared, a new one gets the smallest free id after
 * the ones that vanished in the same step are dropped (exactly the spec's {@code MinFreeId} after
 * {@code FreeTxnObj}); buffers get slots the same way ({@code MinSlot}). A transaction's kind is
 * fixed when it appears: need_reply makes it a call, a buffer without a target node a reply, any
 * other a one-way call.
 *
 * <p>Left out on purpose (no spec counterpart): node work items (BR_INCREFS and the like, which the
 * refcount spec covers), looper state, priorities, buffer addresses and contents.
 */
public final class TxnRefinement {
    /** The driver holds more than the model's pools can name: the state is beyond the model's bounds. */
    public static final class BeyondBounds extends RuntimeException {
        public BeyondBounds(String message) {
            super(message);
        }
    }

    private final TxnConfig config;
    private final Binding binding;
    private final Map<BinderTransaction, Integer> ids = new IdentityHashMap<>();
    private final Map<BinderTransaction, TxnKind> kinds = new IdentityHashMap<>();
    private final List<Map<BinderBuffer, Integer>> slots = new ArrayList<>();
    /** Threads whose todo list holds work Binder.tla does not model (node, death), as of the last abstraction. */
    private final Set<ThreadRef> otherWork = new java.util.HashSet<>();
    /** Per proc, the transactions it held at its last abstraction (what keeps them live, with their links). */
    private final List<Set<BinderTransaction>> reached = new ArrayList<>();
    /** The last abstraction, which an incremental one starts from. */
    private TxnState last;
    /** Per proc, its {@link #witness} at its last abstraction; kept once an incremental abstraction was asked for. */
    private final long[] witnesses;
    /** Init, which a full abstraction starts from. */
    private final TxnState init;
    private boolean witnessing;

    /**
     * Which driver objects the spec's procs and threads stand for. A proc not opened yet is null
     * (the spec's proc is then idle: nothing queued, nothing allocated).
     */
    public interface Binding {
        /** The binder_proc of spec proc {@code p}, or null while it does not exist. */
        BinderProc proc(int p);

        /** The spec's thread index k (0-based, in ThreadIds) of a driver thread, or -1 if it is none of them. */
        int threadIndex(BinderThread t);

        /** The driver thread of spec thread (p, k), or null (never used, or exited). */
        BinderThread thread(int p, int k);
    }

    /** The binding of {@code procs} (index = spec proc) whose thread k has tid pid + k + 1 (threads made in order). */
    public static Binding byTid(List<BinderProc> procs) {
        List<BinderProc> fixed = List.copyOf(procs);
        return new Binding() {
            public BinderProc proc(int p) {
                return fixed.get(p);
            }

            public int threadIndex(BinderThread t) {
                return t.pid() - t.proc().pid() - 1;
            }

            public BinderThread thread(int p, int k) {
                return fixed.get(p).thread(fixed.get(p).pid() + k + 1);
            }
        };
    }

    /** The map for the driver objects {@code binding} names. */
    public TxnRefinement(TxnConfig config, Binding binding) {
        this.config = config;
        this.binding = binding;
        this.witnesses = new long[config.numProcs()];
        this.init = TxnState.init(config);
        for (int p = 0; p < config.numProcs(); p++) {
            slots.add(new IdentityHashMap<>());
            reached.add(Set.of());
        }
    }

    public TxnConfig config() {
        return config;
    }

    public Binding binding() {
        return binding;
    }

    /**
     * The threads whose todo list held work Binder.tla does not model at the last {@link
     * #abstractState}: that work sets process_todo, which can make a deferred item readable early.
     */
    public Set<ThreadRef> threadsWithOtherWork() {
        return Set.copyOf(otherWork);
    }

    /** The spec's thread for a driver thread. */
    public ThreadRef threadOf(BinderThread t) {
        int p = procIndex(t.proc());
        int k = p < 0 ? -1 : binding.threadIndex(t);
        if (p < 0 || k < 0 || k >= config.numK()) {
            throw new BeyondBounds("thread " + t.pid() + " of pid " + t.proc().pid() + " is not one of the model's");
        }
        return new ThreadRef(p, k);
    }

    public int procIndex(BinderProc proc) {
        for (int p = 0; p < config.numProcs(); p++) {
            if (binding.proc(p) == proc) {
                return p;
            }
        }
        return -1;
    }

    /** The abstract state, ghosts left at Init's values. Updates the naming of transactions and buffers. */
    public TxnState abstractState() {
        return abstractState(null);
    }

    /**
     * The abstract state, read again only for the procs in {@code touched} (null: every proc); the other procs'
     * variables are taken from the last abstraction, as are the transactions they reach, while every live
     * transaction's record is read again (a step may relink any of them). Equal to {@link #abstractState()} when the
     * driver changed nothing of the procs left out.
     */
    public TxnState abstractState(java.util.BitSet touched) {
        boolean all = touched == null || last == null;
        if (touched != null && !witnessing) {
            witnessing = true;
            all = true; // no witnesses yet
        }
        Snap[] snaps = new Snap[config.numProcs()];
        for (int p = 0; p < snaps.length; p++) {
            snaps[p] = new Snap(p);
        }
        if (!all) {
            touched = (java.util.BitSet) touched.clone();
            for (int p = 0; p < config.numProcs(); p++) {
                if (!touched.get(p) && snaps[p].witness() != witnesses[p]) {
                    touched.set(p); // the step changed a proc it did not name
                }
            }
        }
        for (int p = 0; p < config.numProcs(); p++) {
            if (all || touched.get(p)) {
                reached.set(p, snaps[p].reach());
            }
        }
        nameTransactions();
        nameBuffers(snaps, all ? null : touched);
        TxnState.Builder b;
        if (all) {
            b = init.toBuilder();
            otherWork.clear();
        } else {
            b = last.toBuilder();
            for (int id : config.txnIds()) {
                if (!last.txn(id).isFree()) {
                    b.setTxn(id, TxnRec.FREE);
                }
            }
        }
        for (Map.Entry<BinderTransaction, Integer> e : ids.entrySet()) {
            b.setTxn(e.getValue(), record(e.getKey()));
        }
        for (int p = 0; p < config.numProcs(); p++) {
            if (!all && touched.get(p)) {
                reset(b, p);
            }
            if (all || touched.get(p)) {
                abstractProc(b, p, snaps[p]);
                if (witnessing) {
                    witnesses[p] = snaps[p].witness();
                }
            }
        }
        last = b.build();
        return last;
    }

    /** Proc p's variables and its threads' back at Init's values (before they are read again). */
    private void reset(TxnState.Builder b, int p) {
        b.setAlive(p, true);
        for (int k = 0; k < config.numK(); k++) {
            ThreadRef tr = new ThreadRef(p, k);
            otherWork.remove(tr);
            b.setStack(tr, 0);
            b.setTodo(tr, List.of());
            b.setProcessTodo(tr, false);
            b.setReturnError(tr, Cmd.BR_OK);
            b.setReplyError(tr, Cmd.BR_OK);
        }
        b.setProcTodo(p, List.of());
        b.setAsyncTodo(p, List.of());
        b.setHasAsync(p, false);
        for (int slot = 1; slot <= config.bufSlots(); slot++) {
            b.setBuf(p, slot, BufRec.FREE);
        }
    }

    /** Proc p's variables and its threads', from what was read of the driver. */
    private void abstractProc(TxnState.Builder b, int p, Snap s) {
        if (s.proc == null) {
            return;
        }
        b.setAlive(p, !s.dead);
        for (int k = 0; k < config.numK(); k++) {
            ThreadRef tr = new ThreadRef(p, k);
            BinderThread t = s.threads[k];
            if (t == null) {
                continue;
            }
            b.setStack(tr, id(s.stackTops[k]));
            List<Work> todo = works(s.todos.get(k), t);
            b.setTodo(tr, todo);
            if (todo.size() < s.todos.get(k).size()) {
                otherWork.add(tr);
            }
            // process_todo matters only for the spec's items: with only other work (node, death)
            // left on the list, Binder.tla's list is empty and its flag clear.
            b.setProcessTodo(tr, t.processTodo() && !todo.isEmpty());
            b.setReturnError(tr, cmd(t.returnErrorCmd()));
            b.setReplyError(tr, cmd(t.replyErrorCmd()));
        }
        b.setProcTodo(p, works(s.procTodo, null));
        List<Integer> async = new ArrayList<>();
        for (List<BinderWork> list : s.asyncLists) {
            for (BinderWork w : list) {
                if (w instanceof BinderWork.Transaction x) {
                    async.add(id(x.transaction()));
                }
            }
        }
        b.setAsyncTodo(p, async);
        b.setHasAsync(p, s.hasAsync);
        Map<BinderBuffer, Integer> named = slots.get(p);
        for (int i = 0; i < s.buffers.size(); i++) {
            b.setBuf(p, named.get(s.buffers.get(i)), buffer(s.buffers.get(i), s.bufferTxns.get(i), s.bufferNodes.get(i)));
        }
    }

    /**
     * What an abstraction reads of one proc, read once: its threads' stacks and todo lists, its todo, its nodes'
     * async lists, its allocated buffers with their transaction and target node. Its {@link #witness} is a hash of
     * all of it (objects by identity, with the flags and errors): an incremental abstraction reads again a proc the
     * step did not name if its witness changed since the proc was last mapped.
     */
    private final class Snap {
        final BinderProc proc;
        boolean dead;
        final BinderThread[] threads = new BinderThread[config.numK()];
        final BinderTransaction[] stackTops = new BinderTransaction[config.numK()];
        final List<List<BinderWork>> todos = new ArrayList<>();
        List<BinderWork> procTodo = List.of();
        final List<List<BinderWork>> asyncLists = new ArrayList<>();
        boolean hasAsync;
        final List<BinderBuffer> buffers = new ArrayList<>();
        final List<BinderTransaction> bufferTxns = new ArrayList<>();
        final List<BinderNode> bufferNodes = new ArrayList<>();

        Snap(int p) {
            proc = binding.proc(p);
            for (int k = 0; k < config.numK(); k++) {
                BinderThread t = proc == null ? null : binding.thread(p, k);
                threads[k] = t;
                stackTops[k] = t == null ? null : t.transactionStack();
                todos.add(t == null ? List.of() : t.todo());
            }
            if (proc == null) {
                return;
            }
            dead = DriverView.isDead(proc);
            procTodo = proc.todo();
            for (BinderNode n : DriverView.nodes(proc)) {
                asyncLists.add(DriverView.asyncTodo(n));
                hasAsync |= n.hasAsyncTransaction();
            }
            for (BinderBuffer buf : proc.alloc().buffers()) {
                if (!buf.isFree()) {
                    buffers.add(buf);
                    bufferTxns.add(DriverView.bufferTransaction(proc, buf));
                    bufferNodes.add(DriverView.bufferTargetNode(proc, buf));
                }
            }
        }

        /** The transactions the proc's stacks and lists and buffers hold. */
        Set<BinderTransaction> reach() {
            Set<BinderTransaction> live = new LinkedHashSet<>();
            if (proc == null) {
                return live;
            }
            for (int k = 0; k < threads.length; k++) {
                if (threads[k] != null) {
                    live.addAll(threads[k].stack());
                    collect(todos.get(k), live);
                }
            }
            collect(procTodo, live);
            for (List<BinderWork> list : asyncLists) {
                collect(list, live);
            }
            for (BinderTransaction t : bufferTxns) {
                if (t != null) {
                    live.add(t);
                }
            }
            return live;
        }

        long witness() {
            if (proc == null) {
                return 0;
            }
            long h = dead ? 2 : 1;
            for (int k = 0; k < threads.length; k++) {
                BinderThread t = threads[k];
                h = 31 * h + System.identityHashCode(t);
                if (t != null) {
                    h = 31 * h + System.identityHashCode(stackTops[k]);
                    h = mix(h, todos.get(k));
                    h = 31 * h + (t.processTodo() ? 1 : 0);
                    h = 31 * h + t.returnErrorCmd();
                    h = 31 * h + t.replyErrorCmd();
                }
            }
            h = mix(h, procTodo);
            for (List<BinderWork> list : asyncLists) {
                h = mix(h, list);
            }
            h = 31 * h + (hasAsync ? 1 : 0);
            for (int i = 0; i < buffers.size(); i++) {
                BinderBuffer buf = buffers.get(i);
                h = 31 * h + System.identityHashCode(buf);
                h = 31 * h + System.identityHashCode(bufferTxns.get(i));
                h = 31 * h + System.identityHashCode(bufferNodes.get(i));
                h = 31 * h + (buf.allowUserFree() ? 1 : 0) + (buf.asyncTransaction() ? 2 : 0);
            }
            return h;
        }
    }

    private static long mix(long h, List<BinderWork> list) {
        h = 31 * h + list.size();
        for (BinderWork w : list) {
            h = 31 * h + System.identityHashCode(w);
        }
        return h;
    }

    // ---- naming ----

    private void nameTransactions() {
        Set<BinderTransaction> live = new LinkedHashSet<>();
        for (Set<BinderTransaction> r : reached) {
            live.addAll(r);
        }
        // Links reach transactions no list holds (a caller's from_parent below a detached one).
        List<BinderTransaction> work = new ArrayList<>(live);
        for (int i = 0; i < work.size(); i++) {
            BinderTransaction x = work.get(i);
            // a detached transaction's to_parent is stale (see record)
            for (BinderTransaction n : new BinderTransaction[] {x.fromParent(), x.toProc() == null ? null : x.toParent()}) {
                if (n != null && live.add(n)) {
                    work.add(n);
                }
            }
        }
        ids.keySet().retainAll(live);
        kinds.keySet().retainAll(live);
        List<BinderTransaction> fresh = new ArrayList<>();
        for (BinderTransaction t : live) {
            if (!ids.containsKey(t)) {
                fresh.add(t);
            }
        }
        fresh.sort(Comparator.comparingInt(BinderTransaction::debugId));
        for (BinderTransaction t : fresh) {
            ids.put(t, smallestFree(new LinkedHashSet<>(ids.values()), config.txnIds()));
            kinds.put(t, kindAtBirth(t));
        }
    }

    private static int smallestFree(Set<Integer> taken, List<Integer> pool) {
        for (int id : pool) {
            if (!taken.contains(id)) {
                return id;
            }
        }
        throw new BeyondBounds("more live transactions than the model's " + pool.size() + " ids");
    }

    private TxnKind kindAtBirth(BinderTransaction t) {
        if (DriverView.needReply(t)) {
            return TxnKind.SYNC;
        }
        BinderProc to = t.toProc();
        BinderBuffer buf = t.buffer();
        boolean toNode = to != null && buf != null && DriverView.bufferTargetNode(to, buf) != null;
        return toNode ? TxnKind.ONEWAY : TxnKind.REPLY;
    }

    private static void collect(List<BinderWork> list, Set<BinderTransaction> into) {
        for (BinderWork w : list) {
            if (w instanceof BinderWork.Transaction x) {
                into.add(x.transaction());
            }
        }
    }

    /** Names the live buffers of the procs in {@code touched} (null: every proc). */
    private void nameBuffers(Snap[] snaps, java.util.BitSet touched) {
        for (int p = 0; p < snaps.length; p++) {
            if (touched != null && !touched.get(p)) {
                continue;
            }
            Map<BinderBuffer, Integer> named = slots.get(p);
            Set<BinderBuffer> live = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            List<BinderBuffer> fresh = new ArrayList<>();
            for (BinderBuffer buf : snaps[p].buffers) {
                live.add(buf);
                if (!named.containsKey(buf)) {
                    fresh.add(buf);
                }
            }
            named.keySet().retainAll(live);
            for (BinderBuffer buf : fresh) {
                Set<Integer> taken = new LinkedHashSet<>(named.values());
                int s = 1;
                while (taken.contains(s)) {
                    s++;
                }
                if (s > config.bufSlots()) {
                    throw new BeyondBounds("more live buffers in " + config.procName(p) + " than the model's "
                            + config.bufSlots() + " slots");
                }
                named.put(buf, s);
            }
        }
    }

    // ---- values ----

    private int id(BinderTransaction t) {
        if (t == null) {
            return 0;
        }
        Integer id = ids.get(t);
        if (id == null) {
            throw new IllegalStateException("transaction " + t.debugId() + " is linked but was not named");
        }
        return id;
    }

    private ThreadRef thread(BinderThread t) {
        return t == null ? ThreadRef.NONE : threadOf(t);
    }

    private TxnRec record(BinderTransaction t) {
        BinderProc to = t.toProc();
        int toProc = to == null ? TxnConfig.NO_PROC : procIndex(to);
        int bslot = 0;
        if (to != null && t.buffer() != null) {
            Integer s = slots.get(toProc).get(t.buffer());
            bslot = s == null ? 0 : s;
        }
        // A transaction its receiver's exit detached (to_proc cleared) keeps to_parent in the kernel,
        // which never reads it again; Binder.tla drops it.
        int toParent = to == null ? 0 : id(t.toParent());
        return new TxnRec(kinds.get(t), thread(t.from()), id(t.fromParent()), toProc, thread(t.toThread()),
                toParent, bslot);
    }

    private BufRec buffer(BinderBuffer buf, BinderTransaction t, BinderNode node) {
        SlotState state = buf.allowUserFree() ? SlotState.DELIVERED : t != null ? SlotState.ATTACHED : SlotState.ORPHAN;
        return new BufRec(state, buf.asyncTransaction(), node == null ? TxnConfig.NO_PROC : procIndex(node.proc()), id(t));
    }

    /**
     * A work list: transactions by id, tcompletes (also the one-way-spam-suspect and pending-frozen forms), and a
     * thread's return_error / reply_error items; node, death and freeze work is not the spec's and is left out.
     */
    private List<Work> works(List<BinderWork> list, BinderThread owner) {
        List<Work> out = new ArrayList<>(list.size());
        for (BinderWork w : list) {
            if (w instanceof BinderWork.Transaction x) {
                out.add(Work.txn(id(x.transaction())));
            } else if (w instanceof BinderWork.TransactionComplete || w instanceof BinderWork.OnewaySpamSuspect
                    || w instanceof BinderWork.TransactionPending) {
                out.add(Work.TCOMPLETE);
            } else if (w instanceof BinderWork.ReturnError e) {
                out.add(owner != null && DriverView.isReplyError(owner, e) ? Work.REPLY_ERROR : Work.RETURN_ERROR);
            }
        }
        return out;
    }

    private static Cmd cmd(int br) {
        if (br == Br.BR_OK.code()) {
            return Cmd.BR_OK;
        } else if (br == Br.BR_TRANSACTION_COMPLETE.code()) {
            return Cmd.BR_TRANSACTION_COMPLETE;
        } else if (br == Br.BR_DEAD_REPLY.code()) {
            return Cmd.BR_DEAD_REPLY;
        } else if (br == Br.BR_FAILED_REPLY.code()) {
            return Cmd.BR_FAILED_REPLY;
        }
        throw new BeyondBounds("return_error holds " + Br.nameOf(br) + ", which Binder.tla does not model");
    }
}
