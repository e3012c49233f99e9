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

    /** An invariant with its TLA+ name and reference id (docs/driver.md), so every checker names it alike. */
    public enum Invariant implements bindercheck.model.SpecInvariant {
        TYPE_OK("TypeOK", "-", TxnInvariants::typeOK),
        REPLY_PAIRING("ReplyPairing", "§8.3", TxnInvariants::replyPairing),
        STACKS_ACYCLIC("StacksAcyclic", "§8.1", TxnInvariants::stacksAcyclic),
        STACKS_HOLD_SYNC_CALLS("StacksHoldSyncCalls", "§8.1", TxnInvariants::stacksHoldSyncCalls),
        STACK_ENTRIES_SENT_OR_RECEIVED("StackEntriesSentOrReceived", "§8.2",
                TxnInvariants::stackEntriesSentOrReceived),
        ON_AT_MOST_TWO_STACKS("OnAtMostTwoStacks", "§8.2", TxnInvariants::onAtMostTwoStacks),
        SENDER_HOLDS_CALL("SenderHoldsCall", "§7.4", TxnInvariants::senderHoldsCall),
        RECEIVER_HOLDS_CALL("ReceiverHoldsCall", "§7.4", TxnInvariants::receiverHoldsCall),
        TARGET_PROC_ALIVE("TargetProcAlive", "§7.5", TxnInvariants::targetProcAlive),
        DEAD_PROC_THREADS_IDLE("DeadProcThreadsIdle", "§7.5", TxnInvariants::deadProcThreadsIdle),
        DEAD_PROC_QUEUES_EMPTY("DeadProcQueuesEmpty", "§7.5", TxnInvariants::deadProcQueuesEmpty),
        DEAD_PROC_BUFFERS_FREE("DeadProcBuffersFree", "§7.5", TxnInvariants::deadProcBuffersFree),
        WORK_ON_ONE_LIST("WorkOnOneList", "§8.5", TxnInvariants::workOnOneList),
        QUEUED_TXN_LIVE("QueuedTxnLive", "§8.5", TxnInvariants::queuedTxnLive),
        QUEUED_TXN_NOT_ON_STACK("QueuedTxnNotOnStack", "§8.5", TxnInvariants::queuedTxnNotOnStack),
        RETURN_ERROR_QUEUED("ReturnErrorQueued", "§8.6", TxnInvariants::returnErrorQueued),
        REPLY_ERROR_QUEUED("ReplyErrorQueued", "§8.6", TxnInvariants::replyErrorQueued),
        AT_MOST_ONE_REPLY_PER_CALL("AtMostOneReplyPerCall", "§8", TxnInvariants::atMostOneReplyPerCall),
        NESTED_ROUTING("NestedRouting", "§8.4", TxnInvariants::nestedRouting),
        ONE_ASYNC_IN_FLIGHT("OneAsyncInFlight", "§8.15", TxnInvariants::oneAsyncInFlight),
        HAS_ASYNC_EXACT("HasAsyncExact", "§8.15", TxnInvariants::hasAsyncExact),
        ASYNC_TODO_ONLY_WHILE_BUSY("AsyncTodoOnlyWhileBusy", "§3.9", TxnInvariants::asyncTodoOnlyWhileBusy),
        ASYNC_TODO_HOLDS_ONE_WAY("AsyncTodoHoldsOneWay", "§3.9", TxnInvariants::asyncTodoHoldsOneWay),
        NO_KERNEL_BUG("NoKernelBug", "BUG_ON", TxnInvariants::noKernelBug),
        /** Not an invariant of the kernel (a second failed reply is dropped); in no default cfg. */
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

    /** The invariants txn-ci.cfg lists: all but NoLostAnswer, in its order. */
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
        for (int n = s.fuel(); i != 0 && n > 0; n--) {
            out.add(i);
            TxnRec x = s.txn(i);
            i = x.toThread().equals(t) ? x.toParent() : x.from().equals(t) ? x.fromParent() : 0;
        }
        return out;
    }

    /** Every thread's Chain, in thread order (computed once per state: several invariants walk them). */
    private static List<List<Integer>> chains(TxnState s) {
        if (s.chains == null) {
            List<List<Integer>> out = new ArrayList<>();
            for (ThreadRef t : s.config().threads()) {
                out.add(chain(s, t));
            }
            s.chains = out;
        }
        return s.chains;
    }

    /** How many times each transaction id (by position) is queued: thread todo, proc todo, async_todo. */
    private static int[] places(TxnState s) {
        if (s.places == null) {
            s.places = countPlaces(s);
        }
        return s.places;
    }

    private static int[] countPlaces(TxnState s) {
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

    /** {@code Chain(t)} from the per-state cache of every thread's (a thread outside the model's: walked anew). */
    private static List<Integer> chainOf(TxnState s, ThreadRef t) {
        return s.config().isThread(t) ? chains(s).get(s.config().threadIndex(t)) : chain(s, t);
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

    /** {@code StacksAcyclic} (§8 item 1): each stack a finite acyclic chain (shorter than Fuel, no repeats). */
    public static boolean stacksAcyclic(TxnState s) {
        int fuel = s.fuel();
        for (List<Integer> ch : chains(s)) {
            if (ch.size() >= fuel || new java.util.HashSet<>(ch).size() != ch.size()) {
                return false;
            }
        }
        return true;
    }

    /** {@code StacksHoldSyncCalls} (§8 item 1): only synchronous calls are on stacks. */
    public static boolean stacksHoldSyncCalls(TxnState s) {
        for (List<Integer> ch : chains(s)) {
            for (int id : ch) {
                if (s.txn(id).kind() != TxnKind.SYNC) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code StackEntriesSentOrReceived} (§8 item 2): each entry received by the thread or sent by it, not both. */
    public static boolean stackEntriesSentOrReceived(TxnState s) {
        List<ThreadRef> threads = s.config().threads();
        List<List<Integer>> chains = chains(s);
        for (int n = 0; n < threads.size(); n++) {
            ThreadRef t = threads.get(n);
            for (int id : chains.get(n)) {
                TxnRec x = s.txn(id);
                if (x.toThread().equals(t) == x.from().equals(t)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code OnAtMostTwoStacks} (§8 item 2): a transaction is on at most two stacks. */
    public static boolean onAtMostTwoStacks(TxnState s) {
        TxnConfig c = s.config();
        int[] onStacks = new int[c.numTxns()];
        for (List<Integer> ch : chains(s)) {
            for (int id : new java.util.HashSet<>(ch)) {
                if (++onStacks[c.txnIndex(id)] > 2) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code SenderHoldsCall} (§7.4): a live transaction's sender holds it on its stack. */
    public static boolean senderHoldsCall(TxnState s) {
        for (int id : s.config().txnIds()) {
            TxnRec x = s.txn(id);
            if (!x.isFree() && !x.from().isNone() && !chainOf(s, x.from()).contains(id)) {
                return false;
            }
        }
        return true;
    }

    /** {@code ReceiverHoldsCall} (§7.4): a live transaction's receiving thread holds it on its stack or todo. */
    public static boolean receiverHoldsCall(TxnState s) {
        for (int id : s.config().txnIds()) {
            TxnRec x = s.txn(id);
            if (!x.isFree() && !x.toThread().isNone() && !chainOf(s, x.toThread()).contains(id)
                    && !inTodo(s, x.toThread(), id)) {
                return false;
            }
        }
        return true;
    }

    /** {@code TargetProcAlive} (§7.5): no live transaction points at a dead proc. */
    public static boolean targetProcAlive(TxnState s) {
        for (int id : s.config().txnIds()) {
            TxnRec x = s.txn(id);
            if (!x.isFree() && x.toProc() != TxnConfig.NO_PROC && !s.alive(x.toProc())) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeadProcThreadsIdle} (§7.5): a dead proc's threads hold no stack and no work. */
    public static boolean deadProcThreadsIdle(TxnState s) {
        TxnConfig c = s.config();
        for (int p = 0; p < c.numProcs(); p++) {
            if (s.alive(p)) {
                continue;
            }
            for (int k = 0; k < c.numK(); k++) {
                int t = p * c.numK() + k;
                if (s.stack[t] != 0 || s.todo[t].length > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code DeadProcQueuesEmpty} (§7.5): a dead proc's proc todo and async_todo are empty. */
    public static boolean deadProcQueuesEmpty(TxnState s) {
        for (int p = 0; p < s.config().numProcs(); p++) {
            if (!s.alive(p) && (s.procTodo[p].length > 0 || s.asyncTodo[p].length > 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeadProcBuffersFree} (§7.5): a dead proc's buffers are freed. */
    public static boolean deadProcBuffersFree(TxnState s) {
        TxnConfig c = s.config();
        for (int p = 0; p < c.numProcs(); p++) {
            if (s.alive(p)) {
                continue;
            }
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                if (!s.buf(p, slot).isFree()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code WorkOnOneList} (§8 item 5): a transaction is queued at most once. */
    public static boolean workOnOneList(TxnState s) {
        for (int k : places(s)) {
            if (k > 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code QueuedTxnLive} (§8 item 5): a queued transaction is live. */
    public static boolean queuedTxnLive(TxnState s) {
        TxnConfig c = s.config();
        int[] places = places(s);
        for (int j = 0; j < places.length; j++) {
            if (places[j] > 0 && s.txn(c.txnIds().get(j)).isFree()) {
                return false;
            }
        }
        return true;
    }

    /** {@code QueuedTxnNotOnStack} (§8 item 5): a queued transaction is not also on its receiver's stack. */
    public static boolean queuedTxnNotOnStack(TxnState s) {
        TxnConfig c = s.config();
        int[] places = places(s);
        for (int j = 0; j < places.length; j++) {
            if (places[j] > 0) {
                int id = c.txnIds().get(j);
                TxnRec x = s.txn(id);
                if (!x.toThread().isNone() && chainOf(s, x.toThread()).contains(id)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code ReturnErrorQueued} (§8 item 6): return_error is queued exactly while its command is not BR_OK. */
    public static boolean returnErrorQueued(TxnState s) {
        for (int t = 0; t < s.config().numThreads(); t++) {
            if (count(s.todo[t], WorkKind.RETURN_ERROR) != (s.returnError[t] == Cmd.BR_OK ? 0 : 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code ReplyErrorQueued} (§8 item 6): reply_error is queued exactly while its command is not BR_OK. */
    public static boolean replyErrorQueued(TxnState s) {
        for (int t = 0; t < s.config().numThreads(); t++) {
            if (count(s.todo[t], WorkKind.REPLY_ERROR) != (s.replyError[t] == Cmd.BR_OK ? 0 : 1)) {
                return false;
            }
        }
        return true;
    }

    private static int count(Work[] ws, WorkKind kind) {
        int n = 0;
        for (Work w : ws) {
            n += w.kind() == kind ? 1 : 0;
        }
        return n;
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
    /** {@link #outstanding} of every thread (by thread number), in one pass over the records. */
    private static int[] outstandingByThread(TxnState s) {
        TxnConfig c = s.config();
        int[] n = new int[c.numThreads()];
        for (TxnRec x : s.txns) {
            if (x.kind() == TxnKind.SYNC && c.isThread(x.from())) {
                n[c.threadIndex(x.from())]++;
            }
        }
        return n;
    }

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
        int[] out = outstandingByThread(s);
        for (ThreadRef t : s.config().threads()) {
            if (out[s.config().threadIndex(t)] + queuedAnswers(s, t) > s.awaiting(t)) {
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
                ThreadRef n = BinderSpec.nestedFrom(s, x.fromParent(), x.toProc(), s.fuel());
                if (!n.isNone() && !inTodo(s, n, id)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code InFlight(p)}: the number of p's one-way buffers in flight (queued outside async_todo,
     * or delivered and not yet freed).
     */
    private static int inFlight(TxnState s, int p) {
        int[] waiting = s.asyncTodo[p]; // read in place: this runs for every proc at every checked step
        int n = 0;
        for (int slot = 1; slot <= s.config().bufSlots(); slot++) {
            BufRec b = s.buf(p, slot);
            if (!b.isFree() && b.async() && !(b.txn() != 0 && contains(waiting, b.txn()))) {
                n++;
            }
        }
        return n;
    }

    private static boolean contains(int[] ids, int id) {
        for (int x : ids) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }

    /** {@code OneAsyncInFlight} (§8 item 15): per live node at most one one-way call in flight. */
    public static boolean oneAsyncInFlight(TxnState s) {
        for (int p = 0; p < s.config().numProcs(); p++) {
            if (s.alive(p) && inFlight(s, p) > 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code HasAsyncExact} (§8 item 15): has_async_transaction says whether one is in flight. */
    public static boolean hasAsyncExact(TxnState s) {
        for (int p = 0; p < s.config().numProcs(); p++) {
            if (s.alive(p) && s.hasAsync(p) != (inFlight(s, p) > 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code AsyncTodoOnlyWhileBusy} (§3.9): one-way calls wait in async_todo only while one is in flight. */
    public static boolean asyncTodoOnlyWhileBusy(TxnState s) {
        for (int p = 0; p < s.config().numProcs(); p++) {
            if (s.alive(p) && s.asyncTodo[p].length > 0 && !s.hasAsync(p)) {
                return false;
            }
        }
        return true;
    }

    /** {@code AsyncTodoHoldsOneWay} (§3.9): async_todo holds only one-way calls to its node. */
    public static boolean asyncTodoHoldsOneWay(TxnState s) {
        for (int p = 0; p < s.config().numProcs(); p++) {
            if (!s.alive(p)) {
                continue;
            }
            for (int id : s.asyncTodo[p]) {
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
