package bindercheck.model.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A state of Binder.tla: the value of every variable. Immutable and value-equal (the model's
 * constants are not part of equality), so a set of states is the spec's set of states.
 *
 * <p>Procs and threads are indexes (see {@link TxnConfig}); transaction ids are the spec's ids, 0
 * for {@code Nil}; slots count from 1. The ghost variables ({@code awaiting}, {@code retAnswers},
 * {@code pairingBroken}, {@code kernelBug}) are part of equality; {@link #sameDriverState} compares
 * everything else, which is what a map from the driver's state can know.
 *
 * <p>Build one with {@link #init} and {@link #toBuilder()}; the spec's actions do the same.
 */
public final class TxnState {
    final TxnConfig config;
    final boolean[] alive;
    final TxnRec[] txns; // by position in config.txnIds()
    final int[] stack; // by thread number
    final Work[][] todo;
    final boolean[] processTodo;
    final Work[][] procTodo; // by proc
    final int[][] asyncTodo;
    final boolean[] hasAsync;
    final Cmd[] returnError;
    final Cmd[] replyError;
    final BufRec[] bufs; // proc * bufSlots + (slot - 1)
    final int[] awaiting;
    final boolean[] retAnswers;
    final boolean pairingBroken;
    final boolean kernelBug;
    private byte[] encoding; // lazily: the identity encoding, for equals and hashCode
    private int hash;
    /** Lazily, for the invariants several of which walk them: every thread's Chain, and where each txn is queued. */
    List<List<Integer>> chains;
    int[] places;
    /** Lazily: {@link #fuel()} (0 until computed). */
    private int fuel;

    private TxnState(Builder b) {
        config = b.config;
        alive = b.alive;
        txns = b.txns;
        stack = b.stack;
        todo = b.todo;
        processTodo = b.processTodo;
        procTodo = b.procTodo;
        asyncTodo = b.asyncTodo;
        hasAsync = b.hasAsync;
        returnError = b.returnError;
        replyError = b.replyError;
        bufs = b.bufs;
        awaiting = b.awaiting;
        retAnswers = b.retAnswers;
        pairingBroken = b.pairingBroken;
        kernelBug = b.kernelBug;
    }

    /** {@code Init}: every proc alive, no transactions, empty stacks and lists, free buffers. */
    public static TxnState init(TxnConfig c) {
        Builder b = new Builder(c);
        Arrays.fill(b.alive, true);
        Arrays.fill(b.txns, TxnRec.FREE);
        Arrays.fill(b.todo, EMPTY_WORK);
        Arrays.fill(b.procTodo, EMPTY_WORK);
        Arrays.fill(b.asyncTodo, EMPTY_IDS);
        Arrays.fill(b.returnError, Cmd.BR_OK);
        Arrays.fill(b.replyError, Cmd.BR_OK);
        Arrays.fill(b.bufs, BufRec.FREE);
        return b.build();
    }

    static final Work[] EMPTY_WORK = new Work[0];
    static final int[] EMPTY_IDS = new int[0];

    public TxnConfig config() {
        return config;
    }

    /** A builder holding this state, to change some variables. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    // ---- the variables ----

    /** {@code alive[p]}. */
    public boolean alive(int p) {
        return alive[p];
    }

    /** {@code Fuel}: the bound on any chain walk, one more than the live transactions. */
    public int fuel() {
        if (fuel > 0) {
            return fuel;
        }
        int live = 0;
        for (TxnRec x : txns) {
            if (!x.isFree()) {
                live++;
            }
        }
        fuel = live + 1;
        return fuel;
    }

    /** {@code txns[id]}. */
    public TxnRec txn(int id) {
        return txns[txnIdx(id)];
    }

    /** {@code stack[t]}: the top of t's transaction stack, 0 when empty. */
    public int stack(ThreadRef t) {
        return stack[n(t)];
    }

    /** {@code todo[t]}. */
    public List<Work> todo(ThreadRef t) {
        return List.of(todo[n(t)]);
    }

    /** {@code processTodo[t]}. */
    public boolean processTodo(ThreadRef t) {
        return processTodo[n(t)];
    }

    /** {@code procTodo[p]}. */
    public List<Work> procTodo(int p) {
        return List.of(procTodo[p]);
    }

    /** {@code asyncTodo[p]}: transaction ids. */
    public List<Integer> asyncTodo(int p) {
        List<Integer> out = new ArrayList<>(asyncTodo[p].length);
        for (int id : asyncTodo[p]) {
            out.add(id);
        }
        return List.copyOf(out);
    }

    /** {@code hasAsync[p]}. */
    public boolean hasAsync(int p) {
        return hasAsync[p];
    }

    /** {@code returnError[t]}. */
    public Cmd returnError(ThreadRef t) {
        return returnError[n(t)];
    }

    /** {@code replyError[t]}. */
    public Cmd replyError(ThreadRef t) {
        return replyError[n(t)];
    }

    /** {@code bufs[p][slot]}, slot counting from 1. */
    public BufRec buf(int p, int slot) {
        return bufs[bufIdx(p, slot)];
    }

    /** Ghost {@code awaiting[t]}. */
    public int awaiting(ThreadRef t) {
        return awaiting[n(t)];
    }

    /** Ghost {@code retAnswers[t]}. */
    public boolean retAnswers(ThreadRef t) {
        return retAnswers[n(t)];
    }

    /** Ghost {@code pairingBroken}. */
    public boolean pairingBroken() {
        return pairingBroken;
    }

    /** Ghost {@code kernelBug}. */
    public boolean kernelBug() {
        return kernelBug;
    }

    // ---- ghosts ----

    /** The four ghost variables, as a value. */
    public record Ghosts(List<Integer> awaiting, List<Boolean> retAnswers, boolean pairingBroken, boolean kernelBug) {
        public Ghosts {
            awaiting = List.copyOf(awaiting);
            retAnswers = List.copyOf(retAnswers);
        }
    }

    public Ghosts ghosts() {
        List<Integer> aw = new ArrayList<>();
        List<Boolean> ra = new ArrayList<>();
        for (int i = 0; i < awaiting.length; i++) {
            aw.add(awaiting[i]);
            ra.add(retAnswers[i]);
        }
        return new Ghosts(aw, ra, pairingBroken, kernelBug);
    }

    /** This state with the ghosts of {@code g} (by thread number, proc-major). */
    public TxnState withGhosts(Ghosts g) {
        if (g.awaiting().size() != awaiting.length || g.retAnswers().size() != retAnswers.length) {
            throw new IllegalArgumentException("ghosts of another model: " + g);
        }
        Builder b = toBuilder();
        for (int i = 0; i < awaiting.length; i++) {
            b.setAwaiting(i, g.awaiting().get(i));
            b.setRetAnswers(i, g.retAnswers().get(i));
        }
        return b.setPairingBroken(g.pairingBroken()).setKernelBug(g.kernelBug()).build();
    }

    /** Whether the two states agree on every variable except the ghosts. */
    public boolean sameDriverState(TxnState o) {
        return Arrays.equals(alive, o.alive) && Arrays.equals(txns, o.txns) && Arrays.equals(stack, o.stack)
                && Arrays.deepEquals(todo, o.todo) && Arrays.equals(processTodo, o.processTodo)
                && Arrays.deepEquals(procTodo, o.procTodo) && Arrays.deepEquals(asyncTodo, o.asyncTodo)
                && Arrays.equals(hasAsync, o.hasAsync) && Arrays.equals(returnError, o.returnError)
                && Arrays.equals(replyError, o.replyError) && Arrays.equals(bufs, o.bufs);
    }

    /**
     * Adds to {@code into} every proc whose driver variables differ between this state and {@code o}: its own
     * (alive, proc todo, async queue and flag, buffers) and its threads' (stack, todo, process_todo, return and reply
     * errors), and for a transaction record that differs, every proc it names (sender, target, target thread) in
     * either state. What a step from one state to the other touched; arrays the two share (a state built from the
     * other copies only what it writes) are skipped at once.
     */
    public void addChangedProcs(TxnState o, java.util.BitSet into) {
        int numK = config.numK();
        if (alive != o.alive || hasAsync != o.hasAsync) {
            for (int p = 0; p < alive.length; p++) {
                if (alive[p] != o.alive[p] || hasAsync[p] != o.hasAsync[p]) {
                    into.set(p);
                }
            }
        }
        if (procTodo != o.procTodo || asyncTodo != o.asyncTodo) {
            for (int p = 0; p < procTodo.length; p++) {
                if (!Arrays.equals(procTodo[p], o.procTodo[p]) || !Arrays.equals(asyncTodo[p], o.asyncTodo[p])) {
                    into.set(p);
                }
            }
        }
        if (bufs != o.bufs) {
            for (int i = 0; i < bufs.length; i++) {
                if (!bufs[i].equals(o.bufs[i])) {
                    into.set(i / config.bufSlots());
                }
            }
        }
        if (stack != o.stack || todo != o.todo || processTodo != o.processTodo || returnError != o.returnError
                || replyError != o.replyError) {
            for (int n = 0; n < stack.length; n++) {
                if (stack[n] != o.stack[n] || processTodo[n] != o.processTodo[n] || returnError[n] != o.returnError[n]
                        || replyError[n] != o.replyError[n] || !Arrays.equals(todo[n], o.todo[n])) {
                    into.set(n / numK);
                }
            }
        }
        if (txns != o.txns) {
            for (int i = 0; i < txns.length; i++) {
                if (!txns[i].equals(o.txns[i])) {
                    txns[i].addProcsTo(into);
                    o.txns[i].addProcsTo(into);
                }
            }
        }
    }

    // ---- equality ----

    /** The state as bytes, procs and thread ids renamed by the given maps (index to new index). */
    byte[] encode(int[] procMap, int[] kMap) {
        return StateCodec.encode(this, procMap, kMap);
    }

    private byte[] encoding() {
        byte[] e = encoding;
        if (e == null) {
            e = StateCodec.encode(this, StateCodec.identity(config.numProcs()), StateCodec.identity(config.numK()));
            encoding = e;
        }
        return e;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof TxnState s && hashCode() == s.hashCode() && Arrays.equals(encoding(), s.encoding());
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(encoding());
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    /**
     * The variables that differ from Init, one group per line, e.g. {@code txns 1:sync
     * <<pa, k1>>->pm.<<pm, k1>> b1}; ghosts last.
     */
    @Override
    public String toString() {
        TxnConfig c = config;
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (int p = 0; p < c.numProcs(); p++) {
            if (!alive[p]) {
                line.append(' ').append(c.procName(p));
            }
        }
        group(sb, "dead", line);
        for (int i = 0; i < txns.length; i++) {
            TxnRec x = txns[i];
            if (!x.isFree()) {
                line.append(' ').append(c.txnIds().get(i)).append(':').append(x.kind().tla()).append(' ')
                        .append(c.threadName(x.from())).append("->").append(c.procName(x.toProc())).append('.')
                        .append(c.threadName(x.toThread()));
                if (x.fromParent() != 0) {
                    line.append(" fromParent=").append(x.fromParent());
                }
                if (x.toParent() != 0) {
                    line.append(" toParent=").append(x.toParent());
                }
                line.append(" b").append(x.bslot()).append(';');
            }
        }
        group(sb, "txns", line);
        for (int n = 0; n < stack.length; n++) {
            if (stack[n] != 0) {
                line.append(' ').append(c.threadName(c.thread(n))).append('=').append(stack[n]);
            }
        }
        group(sb, "stack", line);
        for (int n = 0; n < todo.length; n++) {
            if (todo[n].length > 0 || processTodo[n]) {
                line.append(' ').append(c.threadName(c.thread(n))).append('=').append(Arrays.toString(todo[n]))
                        .append(processTodo[n] ? "" : "(deferred)");
            }
        }
        group(sb, "todo", line);
        for (int p = 0; p < c.numProcs(); p++) {
            if (procTodo[p].length > 0) {
                line.append(' ').append(c.procName(p)).append('=').append(Arrays.toString(procTodo[p]));
            }
        }
        group(sb, "procTodo", line);
        for (int p = 0; p < c.numProcs(); p++) {
            if (asyncTodo[p].length > 0 || hasAsync[p]) {
                line.append(' ').append(c.procName(p)).append('=').append(Arrays.toString(asyncTodo[p]))
                        .append(hasAsync[p] ? "(hasAsync)" : "");
            }
        }
        group(sb, "asyncTodo", line);
        for (int n = 0; n < returnError.length; n++) {
            if (returnError[n] != Cmd.BR_OK || replyError[n] != Cmd.BR_OK) {
                line.append(' ').append(c.threadName(c.thread(n))).append(" ret=").append(returnError[n])
                        .append(" rep=").append(replyError[n]).append(';');
            }
        }
        group(sb, "errors", line);
        for (int p = 0; p < c.numProcs(); p++) {
            int last = 0;
            for (int s = 1; s <= c.bufSlots(); s++) {
                last = bufs[bufIdx(p, s)].isFree() ? last : s;
            }
            if (last > 0) {
                // the free slots after the last one in use are counted, not drawn, when there are more than 3
                int shown = c.bufSlots() - last > 3 ? last : c.bufSlots();
                StringBuilder slots = new StringBuilder();
                for (int s = 1; s <= shown; s++) {
                    slots.append(s > 1 ? " " : "").append(slotText(bufs[bufIdx(p, s)]));
                }
                line.append(' ').append(c.procName(p)).append("=[").append(slots)
                        .append(shown < c.bufSlots() ? ", " + (c.bufSlots() - shown) + " free" : "").append(']');
            }
        }
        group(sb, "bufs", line);
        for (int n = 0; n < awaiting.length; n++) {
            if (awaiting[n] != 0 || retAnswers[n]) {
                line.append(' ').append(c.threadName(c.thread(n))).append('=').append(awaiting[n])
                        .append(retAnswers[n] ? "(retAnswers)" : "");
            }
        }
        group(sb, "awaiting", line);
        if (pairingBroken) {
            sb.append("PAIRING-BROKEN\n");
        }
        if (kernelBug) {
            sb.append("KERNEL-BUG\n");
        }
        return sb.length() == 0 ? "Init" : sb.substring(0, sb.length() - 1);
    }

    private static void group(StringBuilder sb, String name, StringBuilder line) {
        if (line.length() > 0) {
            sb.append(name).append(line).append('\n');
            line.setLength(0);
        }
    }

    /** One slot: {@code .} free, else a letter for its state, {@code a} for async, its txn. */
    private static String slotText(BufRec b) {
        if (b.isFree()) {
            return ".";
        }
        String s = switch (b.state()) {
            case ATTACHED -> "A";
            case DELIVERED -> "D";
            case ORPHAN -> "O";
            case FREE -> ".";
        };
        return s + (b.async() ? "a" : "") + (b.txn() != 0 ? "" + b.txn() : "");
    }

    int n(ThreadRef t) {
        if (!config.isThread(t)) {
            throw new IllegalArgumentException("not a thread of the model: " + t);
        }
        return config.threadIndex(t);
    }

    int txnIdx(int id) {
        int i = config.txnIndex(id);
        if (i < 0) {
            throw new IllegalArgumentException("not a transaction id of the model: " + id);
        }
        return i;
    }

    int bufIdx(int p, int slot) {
        if (slot < 1 || slot > config.bufSlots()) {
            throw new IllegalArgumentException("not a buffer slot: " + slot);
        }
        return p * config.bufSlots() + slot - 1;
    }

    /**
     * A mutable copy of a state, for computing one action (the spec's {@code St} record) or for
     * building a state from another description. Arrays are copied on first write, so the
     * states built share what they did not change.
     */
    public static final class Builder {
        final TxnConfig config;
        boolean[] alive;
        TxnRec[] txns;
        int[] stack;
        Work[][] todo;
        boolean[] processTodo;
        Work[][] procTodo;
        int[][] asyncTodo;
        boolean[] hasAsync;
        Cmd[] returnError;
        Cmd[] replyError;
        BufRec[] bufs;
        int[] awaiting;
        boolean[] retAnswers;
        boolean pairingBroken;
        boolean kernelBug;
        private int owned; // bit per array: already copied
        private boolean fresh; // built from nothing: every element must be set before build()

        private Builder(TxnConfig c) {
            config = c;
            int t = c.numThreads();
            int p = c.numProcs();
            alive = new boolean[p];
            txns = new TxnRec[c.numTxns()];
            stack = new int[t];
            todo = new Work[t][];
            processTodo = new boolean[t];
            procTodo = new Work[p][];
            asyncTodo = new int[p][];
            hasAsync = new boolean[p];
            returnError = new Cmd[t];
            replyError = new Cmd[t];
            bufs = new BufRec[p * c.bufSlots()];
            awaiting = new int[t];
            retAnswers = new boolean[t];
            owned = -1;
            fresh = true;
        }

        private Builder(TxnState s) {
            config = s.config;
            alive = s.alive;
            txns = s.txns;
            stack = s.stack;
            todo = s.todo;
            processTodo = s.processTodo;
            procTodo = s.procTodo;
            asyncTodo = s.asyncTodo;
            hasAsync = s.hasAsync;
            returnError = s.returnError;
            replyError = s.replyError;
            bufs = s.bufs;
            awaiting = s.awaiting;
            retAnswers = s.retAnswers;
            pairingBroken = s.pairingBroken;
            kernelBug = s.kernelBug;
        }

        private boolean own(int bit) {
            if ((owned & bit) != 0) {
                return false;
            }
            owned |= bit;
            return true;
        }

        public TxnConfig config() {
            return config;
        }

        // ---- setters by number (thread numbers are proc-major, see TxnConfig#thread) ----

        public Builder setAlive(int p, boolean v) {
            if (own(1)) {
                alive = alive.clone();
            }
            alive[p] = v;
            return this;
        }

        /** Sets {@code txns[id]}. */
        public Builder setTxn(int id, TxnRec x) {
            int i = config.txnIndex(id);
            if (i < 0) {
                throw new IllegalArgumentException("not a transaction id of the model: " + id);
            }
            if (own(2)) {
                txns = txns.clone();
            }
            txns[i] = java.util.Objects.requireNonNull(x);
            return this;
        }

        public Builder setStack(int n, int id) {
            if (own(4)) {
                stack = stack.clone();
            }
            stack[n] = id;
            return this;
        }

        public Builder setTodo(int n, List<Work> ws) {
            return setTodo(n, ws.toArray(EMPTY_WORK));
        }

        Builder setTodo(int n, Work[] ws) {
            if (own(8)) {
                todo = todo.clone();
            }
            todo[n] = ws;
            return this;
        }

        public Builder setProcessTodo(int n, boolean v) {
            if (own(16)) {
                processTodo = processTodo.clone();
            }
            processTodo[n] = v;
            return this;
        }

        public Builder setProcTodo(int p, List<Work> ws) {
            return setProcTodo(p, ws.toArray(EMPTY_WORK));
        }

        Builder setProcTodo(int p, Work[] ws) {
            if (own(32)) {
                procTodo = procTodo.clone();
            }
            procTodo[p] = ws;
            return this;
        }

        public Builder setAsyncTodo(int p, List<Integer> ids) {
            int[] a = new int[ids.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = ids.get(i);
            }
            return setAsyncTodo(p, a);
        }

        Builder setAsyncTodo(int p, int[] ids) {
            if (own(64)) {
                asyncTodo = asyncTodo.clone();
            }
            asyncTodo[p] = ids;
            return this;
        }

        public Builder setHasAsync(int p, boolean v) {
            if (own(128)) {
                hasAsync = hasAsync.clone();
            }
            hasAsync[p] = v;
            return this;
        }

        public Builder setReturnError(int n, Cmd c) {
            if (own(256)) {
                returnError = returnError.clone();
            }
            returnError[n] = java.util.Objects.requireNonNull(c);
            return this;
        }

        public Builder setReplyError(int n, Cmd c) {
            if (own(512)) {
                replyError = replyError.clone();
            }
            replyError[n] = java.util.Objects.requireNonNull(c);
            return this;
        }

        /** Sets {@code bufs[p][slot]}, slot counting from 1. */
        public Builder setBuf(int p, int slot, BufRec b) {
            if (slot < 1 || slot > config.bufSlots()) {
                throw new IllegalArgumentException("not a buffer slot: " + slot);
            }
            if (own(1024)) {
                bufs = bufs.clone();
            }
            bufs[p * config.bufSlots() + slot - 1] = java.util.Objects.requireNonNull(b);
            return this;
        }

        public Builder setAwaiting(int n, int v) {
            if (own(2048)) {
                awaiting = awaiting.clone();
            }
            awaiting[n] = v;
            return this;
        }

        public Builder setRetAnswers(int n, boolean v) {
            if (own(4096)) {
                retAnswers = retAnswers.clone();
            }
            retAnswers[n] = v;
            return this;
        }

        public Builder setPairingBroken(boolean v) {
            pairingBroken = v;
            return this;
        }

        public Builder setKernelBug(boolean v) {
            kernelBug = v;
            return this;
        }

        // ---- the same by thread ----

        private int n(ThreadRef t) {
            if (!config.isThread(t)) {
                throw new IllegalArgumentException("not a thread of the model: " + t);
            }
            return config.threadIndex(t);
        }

        public Builder setStack(ThreadRef t, int id) {
            return setStack(n(t), id);
        }

        public Builder setTodo(ThreadRef t, List<Work> ws) {
            return setTodo(n(t), ws);
        }

        public Builder setProcessTodo(ThreadRef t, boolean v) {
            return setProcessTodo(n(t), v);
        }

        public Builder setReturnError(ThreadRef t, Cmd c) {
            return setReturnError(n(t), c);
        }

        public Builder setReplyError(ThreadRef t, Cmd c) {
            return setReplyError(n(t), c);
        }

        public Builder setAwaiting(ThreadRef t, int v) {
            return setAwaiting(n(t), v);
        }

        public Builder setRetAnswers(ThreadRef t, boolean v) {
            return setRetAnswers(n(t), v);
        }

        // ---- getters, for actions that read what they are building ----

        TxnRec txn(int id) {
            return txns[config.txnIndex(id)];
        }

        BufRec buf(int p, int slot) {
            return bufs[p * config.bufSlots() + slot - 1];
        }

        /** The state built so far; the builder may go on changing (it copies again on write). */
        public TxnState build() {
            if (fresh) {
                for (Object[] arr : new Object[][] {txns, todo, procTodo, asyncTodo, returnError, replyError, bufs}) {
                    if (Arrays.asList(arr).contains(null)) {
                        throw new IllegalStateException("a variable is not set");
                    }
                }
                fresh = false;
            }
            TxnState s = new TxnState(this);
            owned = 0;
            return s;
        }
    }
}
