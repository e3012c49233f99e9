package bindercheck.model.txn;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The invariants of Binder.tla as Java predicates, one per TLA+ definition, same names in
 * lowerCamel. Each reads the model's constants from the state's config.
 */
public final class TxnInvariants {
    private TxnInvariants() {
    }

    /** An invariant with its TLA+ name and reference id (kernel-semantics.md), so every checker names it alike. */
    public enum Invariant implements bindercheck.model.SpecInvariant {
        TYPE_OK("TypeOK", "-", TxnInvariants::typeOK),
        REPLY_PAIRING("ReplyPairing", "§8.3", TxnInvariants::replyPairing),
        STACKS_WELL_FORMED("StacksWellFormed", "§8.1-2", TxnInvariants::stacksWellFormed),
        STACK_TEARDOWN_ON_EXIT("StackTeardownOnExit", "§7.4-5", TxnInvariants::stackTeardownOnExit),
        WORK_ON_ONE_LIST("WorkOnOneList", "§8.5-6", TxnInvariants::workOnOneList),
        AT_MOST_ONE_REPLY_PER_CALL("AtMostOneReplyPerCall", "§8", TxnInvariants::atMostOneReplyPerCall),
        NESTED_ROUTING("NestedRouting", "§8.4", TxnInvariants::nestedRouting),
        ONE_WAY_IN_ORDER("OneWayInOrder", "§8.15", TxnInvariants::oneWayInOrder),
        NO_KERNEL_BUG("NoKernelBug", "BUG_ON", TxnInvariants::noKernelBug),
        /** Not an invariant of the kernel (a second failed reply is dropped); in no cfg. */
        NO_LOST_ANSWER("NoLostAnswer", "§3.7", TxnInvariants::noLostAnswer);

        private final String tlaName;
        private final String referenceId;
        private final Predicate<TxnState> predicate;

        Invariant(String tlaName, String referenceId, Predicate<TxnState> predicate) {
            this.tlaName = tlaName;
            this.referenceId = referenceId;
            this.predicate = predicate;
        }

        @Override
        public String tlaName() {
            return tlaName;
        }

        @Override
        public String referenceId() {
            return referenceId;
        }

        public boolean holds(TxnState s) {
            return predicate.test(s);
        }

        /** The invariant with this TLA+ name. */
        public static Invariant ofTla(String name) {
            Invariant i = bindercheck.model.SpecInvariant.ofTla(Invariant.class, name);
            if (i == null) {
                throw new IllegalArgumentException("Binder.tla has no invariant " + name);
            }
            return i;
        }
    }

    /** The invariants txn-ci.cfg lists: all but NoLostAnswer. */
    public static Set<Invariant> ci() {
        return EnumSet.complementOf(EnumSet.of(Invariant.NO_LOST_ANSWER));
    }

    /** The invariants of {@code which} that fail in state s, empty when all hold. */
    public static List<Invariant> violated(TxnState s, Set<Invariant> which) {
        List<Invariant> out = new ArrayList<>();
        for (Invariant inv : which) {
            if (!inv.holds(s)) {
                out.add(inv);
            }
        }
        return out;
    }

    // ---- the spec's helpers ----

    /** {@code Chain(t)}: t's stack walked as binder_thread_release does, at most Fuel entries. */
    public static List<Integer> chain(TxnState s, ThreadRef t) {
        List<Integer> out = new ArrayList<>();
        int i = s.stack(t);
        for (int n = s.config().fuel(); i != 0 && n > 0; n--) {
            out.add(i);
            TxnRec x = s.txn(i);
            i = x.toThread().equals(t) ? x.toParent() : x.from().equals(t) ? x.fromParent() : 0;
        }
        return out;
    }

    private static List<List<Integer>> chains(TxnState s) {
        List<List<Integer>> out = new ArrayList<>();
        for (ThreadRef t : s.config().threads()) {
            out.add(chain(s, t));
        }
        return out;
    }

    /** How many times each transaction id (by position) is queued: thread todo, proc todo, async_todo. */
    private static int[] places(TxnState s) {
        TxnConfig c = s.config();
        int[] n = new int[c.numTxns()];
        for (int t = 0; t < c.numThreads(); t++) {
            for (Work w : s.todo[t]) {
                if (w.isTxn()) {
                    n[c.txnIndex(w.id())]++;
                }
            }
        }
        for (int p = 0; p < c.numProcs(); p++) {
            for (Work w : s.procTodo[p]) {
                if (w.isTxn()) {
                    n[c.txnIndex(w.id())]++;
                }
            }
            for (int id : s.asyncTodo[p]) {
                n[c.txnIndex(id)]++;
            }
        }
        return n;
    }

    private static boolean inTodo(TxnState s, ThreadRef t, int id) {
        return s.todo(t).contains(Work.txn(id));
    }

    // ---- the invariants ----

    /**
     * {@code TypeOK}: every value in its set (ids in TxnIds or Nil, threads and procs of the
     * model, slots in range, awaiting a natural, reply_error never a completion).
     */
    public static boolean typeOK(TxnState s) {
        TxnConfig c = s.config();
        for (TxnRec x : s.txns) {
            if (!nilOrId(c, x.fromParent()) || !nilOrId(c, x.toParent()) || !threadOrNone(c, x.from())
                    || !threadOrNone(c, x.toThread()) || !procOrNone(c, x.toProc()) || x.bslot() < 0
                    || x.bslot() > c.bufSlots()) {
                return false;
            }
        }
        for (int t = 0; t < c.numThreads(); t++) {
            if (!nilOrId(c, s.stack[t]) || !works(c, s.todo[t]) || s.awaiting[t] < 0
                    || s.replyError[t] == Cmd.BR_TRANSACTION_COMPLETE) {
                return false;
            }
        }
        for (int p = 0; p < c.numProcs(); p++) {
            if (!works(c, s.procTodo[p])) {
                return false;
            }
            for (int id : s.asyncTodo[p]) {
                if (c.txnIndex(id) < 0) {
                    return false;
                }
            }
        }
        for (BufRec b : s.bufs) {
            if (!procOrNone(c, b.node()) || !nilOrId(c, b.txn())) {
                return false;
            }
        }
        return true;
    }

    private static boolean nilOrId(TxnConfig c, int id) {
        return id == 0 || c.txnIndex(id) >= 0;
    }

    private static boolean threadOrNone(TxnConfig c, ThreadRef t) {
        return t.isNone() || c.isThread(t);
    }

    private static boolean procOrNone(TxnConfig c, int p) {
        return p == TxnConfig.NO_PROC || (p >= 0 && p < c.numProcs());
    }

    private static boolean works(TxnConfig c, Work[] ws) {
        for (Work w : ws) {
            if (!nilOrId(c, w.id())) {
                return false;
            }
        }
        return true;
    }

    /** {@code ReplyPairing} (§8 item 3): no accepted BC_REPLY broke reply pairing. */
    public static boolean replyPairing(TxnState s) {
        return !s.pairingBroken();
    }

    /**
     * {@code StacksWellFormed} (§8 items 1-2): each stack a finite acyclic chain of sync calls,
     * each entry either received or sent by the thread; a transaction on at most two stacks.
     */
    public static boolean stacksWellFormed(TxnState s) {
        TxnConfig c = s.config();
        List<List<Integer>> chains = chains(s);
        int[] onStacks = new int[c.numTxns()];
        List<ThreadRef> threads = c.threads();
        for (int n = 0; n < threads.size(); n++) {
            ThreadRef t = threads.get(n);
            List<Integer> ch = chains.get(n);
            if (ch.size() >= c.fuel() || new java.util.HashSet<>(ch).size() != ch.size()) {
                return false;
            }
            for (int id : ch) {
                TxnRec x = s.txn(id);
                if (x.kind() != TxnKind.SYNC || x.toThread().equals(t) == x.from().equals(t)) {
                    return false;
                }
                onStacks[c.txnIndex(id)]++;
            }
        }
        for (int k : onStacks) {
            if (k > 2) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code StackTeardownOnExit} (§7.4, §7.5): a live transaction points only at threads that
     * hold it and at live procs; a dead proc has no stacks, work or buffers left.
     */
    public static boolean stackTeardownOnExit(TxnState s) {
        TxnConfig c = s.config();
        for (int id : c.txnIds()) {
            TxnRec x = s.txn(id);
            if (x.isFree()) {
                continue;
            }
            if (!x.from().isNone() && !chain(s, x.from()).contains(id)) {
                return false;
            }
            if (!x.toThread().isNone() && !chain(s, x.toThread()).contains(id) && !inTodo(s, x.toThread(), id)) {
                return false;
            }
            if (x.toProc() != TxnConfig.NO_PROC && !s.procAlive(x.toProc())) {
                return false;
            }
        }
        for (int p = 0; p < c.numProcs(); p++) {
            if (s.procAlive(p)) {
                continue;
            }
            for (int k = 0; k < c.numK(); k++) {
                int t = p * c.numK() + k;
                if (s.stack[t] != 0 || s.todo[t].length > 0) {
                    return false;
                }
            }
            if (s.procTodo[p].length > 0 || s.asyncTodo[p].length > 0) {
                return false;
            }
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                if (!s.buf(p, slot).isFree()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code WorkOnOneList} (§8 items 5-6): a transaction is queued at most once, only while
     * live and not on its receiver's stack; return_error and reply_error are queued exactly
     * while their command is not BR_OK.
     */
    public static boolean workOnOneList(TxnState s) {
        TxnConfig c = s.config();
        int[] places = places(s);
        for (int j = 0; j < places.length; j++) {
            if (places[j] > 1) {
                return false;
            }
            if (places[j] == 1) {
                int id = c.txnIds().get(j);
                TxnRec x = s.txn(id);
                if (x.isFree() || (!x.toThread().isNone() && chain(s, x.toThread()).contains(id))) {
                    return false;
                }
            }
        }
        for (int t = 0; t < c.numThreads(); t++) {
            int ret = 0;
            int rep = 0;
            for (Work w : s.todo[t]) {
                ret += w.kind() == WorkKind.RETURN_ERROR ? 1 : 0;
                rep += w.kind() == WorkKind.REPLY_ERROR ? 1 : 0;
            }
            if (ret != (s.returnError[t] == Cmd.BR_OK ? 0 : 1) || rep != (s.replyError[t] == Cmd.BR_OK ? 0 : 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code Outstanding(t)}: sync calls t sent that are still out. */
    static int outstanding(TxnState s, ThreadRef t) {
        int n = 0;
        for (TxnRec x : s.txns) {
            if (x.kind() == TxnKind.SYNC && x.from().equals(t)) {
                n++;
            }
        }
        return n;
    }

    /** {@code QueuedAnswers(t)}: replies, reply_error and a failed call's return_error waiting for t. */
    static int queuedAnswers(TxnState s, ThreadRef t) {
        int n = 0;
        for (Work w : s.todo(t)) {
            if (w.isTxn() && s.txn(w.id()).kind() == TxnKind.REPLY) {
                n++;
            }
        }
        if (s.replyError(t) != Cmd.BR_OK) {
            n++;
        }
        Cmd ret = s.returnError(t);
        if (s.retAnswers(t) && (ret == Cmd.BR_DEAD_REPLY || ret == Cmd.BR_FAILED_REPLY)) {
            n++;
        }
        return n;
    }

    /** {@code AtMostOneReplyPerCall}: each sync call gets at most one BR_REPLY, BR_DEAD_REPLY or BR_FAILED_REPLY. */
    public static boolean atMostOneReplyPerCall(TxnState s) {
        for (ThreadRef t : s.config().threads()) {
            if (outstanding(s, t) + queuedAnswers(s, t) > s.awaiting(t)) {
                return false;
            }
        }
        return true;
    }

    /** {@code NoLostAnswer}: ... and none is lost (fails in the kernel, see Binder.tla). */
    public static boolean noLostAnswer(TxnState s) {
        for (ThreadRef t : s.config().threads()) {
            if (outstanding(s, t) + queuedAnswers(s, t) != s.awaiting(t)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code NestedRouting} (§8 item 4): an undelivered sync call sits on the todo of the first
     * thread of its target proc along its sender's from_parent chain, if there is one.
     */
    public static boolean nestedRouting(TxnState s) {
        TxnConfig c = s.config();
        int[] places = places(s);
        for (int j = 0; j < places.length; j++) {
            int id = c.txnIds().get(j);
            TxnRec x = s.txn(id);
            if (x.kind() == TxnKind.SYNC && places[j] > 0) {
                ThreadRef n = BinderSpec.nestedFrom(s, x.fromParent(), x.toProc(), c.fuel());
                if (!n.isNone() && !inTodo(s, n, id)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code OneWayInOrder} (§8 item 15, §3.9): per live node at most one one-way call in flight,
     * has_async_transaction saying whether there is one, later ones waiting in async_todo.
     */
    public static boolean oneWayInOrder(TxnState s) {
        TxnConfig c = s.config();
        for (int p = 0; p < c.numProcs(); p++) {
            if (!s.procAlive(p)) {
                continue;
            }
            List<Integer> waiting = s.asyncTodo(p);
            int inFlight = 0;
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                BufRec b = s.buf(p, slot);
                if (!b.isFree() && b.async() && !(b.txn() != 0 && waiting.contains(b.txn()))) {
                    inFlight++;
                }
            }
            if (inFlight > 1 || s.hasAsync(p) != (inFlight > 0) || (!waiting.isEmpty() && !s.hasAsync(p))) {
                return false;
            }
            for (int id : waiting) {
                TxnRec x = s.txn(id);
                if (x.kind() != TxnKind.ONEWAY || x.toProc() != p) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NoKernelBug}: no BUG_ON of binder.c would have fired. */
    public static boolean noKernelBug(TxnState s) {
        return !s.kernelBug();
    }
}
