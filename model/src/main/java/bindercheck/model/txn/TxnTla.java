package bindercheck.model.txn;

import bindercheck.model.tlc.TlaValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the mirror's {@link TxnState} and the values of Binder.tla's variables as
 * TLC prints and reads them: counterexamples come back as states, traces go out as records.
 * Procs and thread ids are model values named as in the {@link TxnConfig}; a thread is the tuple
 * {@code <<p, k>>}, NoThread {@code << >>}; Nil is 0. The variable names are the spec's.
 */
public final class TxnTla {
    /** The spec's variables, in its order. */
    public static final List<String> VARIABLES = List.of("alive", "txns", "stack", "todo", "processTodo",
            "procTodo", "asyncTodo", "hasAsync", "returnError", "replyError", "bufs", "awaiting", "retAnswers",
            "pairingBroken", "kernelBug");
    /** The ghost variables, which a map from the driver's state does not give. */
    public static final List<String> GHOSTS = List.of("awaiting", "retAnswers", "pairingBroken", "kernelBug");

    private TxnTla() {
    }

    /** A thread as a TLA+ value: {@code <<pa, k1>>}, or {@code << >>} for NoThread. */
    public static TlaValue thread(TxnConfig c, ThreadRef t) {
        if (t.isNone()) {
            return TlaValue.seq();
        }
        return TlaValue.seq(TlaValue.model(c.procs().get(t.proc())), TlaValue.model(c.threadIds().get(t.k())));
    }

    /** A proc as a TLA+ value (a model value; NoProc's for {@link TxnConfig#NO_PROC}). */
    public static TlaValue proc(TxnConfig c, int p) {
        return TlaValue.model(c.procName(p));
    }

    // ---- to TLA+ ----

    /** Every variable of the state, by name, in the spec's order. */
    public static Map<String, TlaValue> toTla(TxnState s) {
        TxnConfig c = s.config();
        List<ThreadRef> threads = c.threads();
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("alive", perProc(c, p -> TlaValue.of(s.alive(p))));
        Map<TlaValue, TlaValue> txns = new LinkedHashMap<>();
        for (int id : c.txnIds()) {
            txns.put(TlaValue.of(id), txn(c, s.txn(id)));
        }
        out.put("txns", TlaValue.fun(txns));
        out.put("stack", perThread(c, threads, t -> TlaValue.of(s.stack(t))));
        out.put("todo", perThread(c, threads, t -> works(s.todo(t))));
        out.put("processTodo", perThread(c, threads, t -> TlaValue.of(s.processTodo(t))));
        out.put("procTodo", perProc(c, p -> works(s.procTodo(p))));
        out.put("asyncTodo", perProc(c, p -> {
            List<TlaValue> ids = new ArrayList<>();
            s.asyncTodo(p).forEach(id -> ids.add(TlaValue.of(id)));
            return TlaValue.seq(ids);
        }));
        out.put("hasAsync", perProc(c, p -> TlaValue.of(s.hasAsync(p))));
        out.put("returnError", perThread(c, threads, t -> TlaValue.of(s.returnError(t).tla())));
        out.put("replyError", perThread(c, threads, t -> TlaValue.of(s.replyError(t).tla())));
        out.put("bufs", perProc(c, p -> {
            List<TlaValue> slots = new ArrayList<>();
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                slots.add(buf(c, s.buf(p, slot)));
            }
            return TlaValue.seq(slots);
        }));
        out.put("awaiting", perThread(c, threads, t -> TlaValue.of(s.awaiting(t))));
        out.put("retAnswers", perThread(c, threads, t -> TlaValue.of(s.retAnswers(t))));
        out.put("pairingBroken", TlaValue.of(s.pairingBroken()));
        out.put("kernelBug", TlaValue.of(s.kernelBug()));
        return out;
    }

    /** {@link #toTla} without the ghost variables. */
    public static Map<String, TlaValue> driverVars(TxnState s) {
        Map<String, TlaValue> m = toTla(s);
        GHOSTS.forEach(m::remove);
        return m;
    }

    /**
     * The variables other than the ghosts with every function written as a sequence in the
     * order of {@link #procList}, {@link #threadList} and {@link #txnIdList}: the form of
     * BinderTrace.tla's records. Only records and sequences, so the literal needs no {@code @@}
     * (SANY is slow on long {@code @@} chains) and no module beyond Binder.
     */
    public static Map<String, TlaValue> traceVars(TxnState s) {
        TxnConfig c = s.config();
        List<ThreadRef> threads = c.threads();
        Map<String, TlaValue> out = new LinkedHashMap<>();
        out.put("alive", byProc(c, p -> TlaValue.of(s.alive(p))));
        List<TlaValue> txns = new ArrayList<>();
        for (int id : c.txnIds()) {
            txns.add(txn(c, s.txn(id)));
        }
        out.put("txns", TlaValue.seq(txns));
        out.put("stack", byThread(threads, t -> TlaValue.of(s.stack(t))));
        out.put("todo", byThread(threads, t -> works(s.todo(t))));
        out.put("processTodo", byThread(threads, t -> TlaValue.of(s.processTodo(t))));
        out.put("procTodo", byProc(c, p -> works(s.procTodo(p))));
        out.put("asyncTodo", byProc(c, p -> {
            List<TlaValue> ids = new ArrayList<>();
            s.asyncTodo(p).forEach(id -> ids.add(TlaValue.of(id)));
            return TlaValue.seq(ids);
        }));
        out.put("hasAsync", byProc(c, p -> TlaValue.of(s.hasAsync(p))));
        out.put("returnError", byThread(threads, t -> TlaValue.of(s.returnError(t).tla())));
        out.put("replyError", byThread(threads, t -> TlaValue.of(s.replyError(t).tla())));
        out.put("bufs", byProc(c, p -> {
            List<TlaValue> slots = new ArrayList<>();
            for (int slot = 1; slot <= c.bufSlots(); slot++) {
                slots.add(buf(c, s.buf(p, slot)));
            }
            return TlaValue.seq(slots);
        }));
        return out;
    }

    /** The procs in the model's order, {@code <<pm, pa>>}. */
    public static TlaValue procList(TxnConfig c) {
        return byProc(c, p -> proc(c, p));
    }

    /** The threads in the model's order (proc-major), {@code <<<<pm, k1>>, <<pm, k2>>, ...>>}. */
    public static TlaValue threadList(TxnConfig c) {
        return byThread(c.threads(), t -> thread(c, t));
    }

    /** The transaction ids, ascending. */
    public static TlaValue txnIdList(TxnConfig c) {
        List<TlaValue> ids = new ArrayList<>();
        c.txnIds().forEach(id -> ids.add(TlaValue.of(id)));
        return TlaValue.seq(ids);
    }

    private static TlaValue byProc(TxnConfig c, java.util.function.IntFunction<TlaValue> f) {
        List<TlaValue> out = new ArrayList<>();
        for (int p = 0; p < c.numProcs(); p++) {
            out.add(f.apply(p));
        }
        return TlaValue.seq(out);
    }

    private static TlaValue byThread(List<ThreadRef> threads, java.util.function.Function<ThreadRef, TlaValue> f) {
        List<TlaValue> out = new ArrayList<>();
        threads.forEach(t -> out.add(f.apply(t)));
        return TlaValue.seq(out);
    }

    public static TlaValue txn(TxnConfig c, TxnRec x) {
        return TlaValue.record("kind", TlaValue.of(x.kind().tla()), "from", thread(c, x.from()),
                "fromParent", TlaValue.of(x.fromParent()), "toProc", proc(c, x.toProc()),
                "toThread", thread(c, x.toThread()), "toParent", TlaValue.of(x.toParent()),
                "bslot", TlaValue.of(x.bslot()));
    }

    public static TlaValue buf(TxnConfig c, BufRec b) {
        return TlaValue.record("state", TlaValue.of(b.state().tla()), "async", TlaValue.of(b.async()),
                "node", proc(c, b.node()), "txn", TlaValue.of(b.txn()));
    }

    public static TlaValue work(Work w) {
        return TlaValue.record("kind", TlaValue.of(w.kind().tla()), "id", TlaValue.of(w.id()));
    }

    private static TlaValue works(List<Work> ws) {
        List<TlaValue> out = new ArrayList<>(ws.size());
        ws.forEach(w -> out.add(work(w)));
        return TlaValue.seq(out);
    }

    private static TlaValue perProc(TxnConfig c, java.util.function.IntFunction<TlaValue> f) {
        Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
        for (int p = 0; p < c.numProcs(); p++) {
            m.put(proc(c, p), f.apply(p));
        }
        return TlaValue.fun(m);
    }

    private static TlaValue perThread(TxnConfig c, List<ThreadRef> threads,
            java.util.function.Function<ThreadRef, TlaValue> f) {
        Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
        for (ThreadRef t : threads) {
            m.put(thread(c, t), f.apply(t));
        }
        return TlaValue.fun(m);
    }

    // ---- from TLA+ ----

    /**
     * The state whose variables TLC printed (a counterexample step). Every variable must be
     * present; a value of the wrong shape or naming something outside the model throws
     * IllegalArgumentException naming the variable.
     */
    public static TxnState fromTla(TxnConfig c, Map<String, TlaValue> vars) {
        return fromTla(c, vars, null);
    }

    /**
     * As {@link #fromTla(TxnConfig, Map)}, but the ghost variables, when absent from vars, are
     * taken from {@code ghosts} (a trace logs only the driver's variables).
     */
    public static TxnState fromTla(TxnConfig c, Map<String, TlaValue> vars, TxnState.Ghosts ghosts) {
        TxnState.Builder b = TxnState.init(c).toBuilder();
        String current = null;
        try {
            current = "alive";
            TlaValue v = get(vars, current);
            for (int p = 0; p < c.numProcs(); p++) {
                b.setAlive(p, v.apply(proc(c, p)).asBool());
            }
            current = "txns";
            v = get(vars, current);
            for (int id : c.txnIds()) {
                b.setTxn(id, txnOf(c, v.apply(TlaValue.of(id))));
            }
            current = "procTodo";
            TlaValue procTodo = get(vars, "procTodo");
            TlaValue asyncTodo = get(vars, "asyncTodo");
            TlaValue hasAsync = get(vars, "hasAsync");
            TlaValue bufs = get(vars, "bufs");
            for (int p = 0; p < c.numProcs(); p++) {
                current = "procTodo";
                b.setProcTodo(p, worksOf(c, procTodo.apply(proc(c, p))));
                current = "asyncTodo";
                List<Integer> ids = new ArrayList<>();
                for (TlaValue id : asyncTodo.apply(proc(c, p)).asSeq()) {
                    ids.add(txnId(c, id));
                }
                b.setAsyncTodo(p, ids);
                current = "hasAsync";
                b.setHasAsync(p, hasAsync.apply(proc(c, p)).asBool());
                current = "bufs";
                TlaValue area = bufs.apply(proc(c, p));
                if (area.asFunction().size() != c.bufSlots()) {
                    throw new IllegalArgumentException("expected " + c.bufSlots() + " slots");
                }
                for (int slot = 1; slot <= c.bufSlots(); slot++) {
                    b.setBuf(p, slot, bufOf(c, area.apply(TlaValue.of(slot))));
                }
            }
            boolean haveGhosts = ghosts == null || vars.containsKey("awaiting");
            for (ThreadRef t : c.threads()) {
                TlaValue key = thread(c, t);
                current = "stack";
                b.setStack(t, txnIdOrNil(c, get(vars, current).apply(key)));
                current = "todo";
                b.setTodo(t, worksOf(c, get(vars, current).apply(key)));
                current = "processTodo";
                b.setProcessTodo(t, get(vars, current).apply(key).asBool());
                current = "returnError";
                b.setReturnError(t, Cmd.ofTla(get(vars, current).apply(key).asString()));
                current = "replyError";
                b.setReplyError(t, Cmd.ofTla(get(vars, current).apply(key).asString()));
                if (haveGhosts) {
                    current = "awaiting";
                    b.setAwaiting(t, get(vars, current).apply(key).asInt());
                    current = "retAnswers";
                    b.setRetAnswers(t, get(vars, current).apply(key).asBool());
                }
            }
            if (haveGhosts) {
                current = "pairingBroken";
                b.setPairingBroken(get(vars, current).asBool());
                current = "kernelBug";
                b.setKernelBug(get(vars, current).asBool());
                return b.build();
            }
            return b.build().withGhosts(ghosts);
        } catch (IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("variable " + current + ": " + e.getMessage(), e);
        }
    }

    private static TlaValue get(Map<String, TlaValue> vars, String name) {
        TlaValue v = vars.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing");
        }
        return v;
    }

    private static TxnRec txnOf(TxnConfig c, TlaValue r) {
        return new TxnRec(TxnKind.ofTla(r.field("kind").asString()), threadOf(c, r.field("from")),
                txnIdOrNil(c, r.field("fromParent")), procOf(c, r.field("toProc")), threadOf(c, r.field("toThread")),
                txnIdOrNil(c, r.field("toParent")), slotOrZero(c, r.field("bslot")));
    }

    private static BufRec bufOf(TxnConfig c, TlaValue r) {
        return new BufRec(SlotState.ofTla(r.field("state").asString()), r.field("async").asBool(),
                procOf(c, r.field("node")), txnIdOrNil(c, r.field("txn")));
    }

    private static List<Work> worksOf(TxnConfig c, TlaValue seq) {
        List<Work> out = new ArrayList<>();
        for (TlaValue w : seq.asSeq()) {
            WorkKind k = WorkKind.ofTla(w.field("kind").asString());
            int id = txnIdOrNil(c, w.field("id"));
            if ((k == WorkKind.TRANSACTION) != (id != 0)) {
                throw new IllegalArgumentException("work " + w.toTla() + " is not one of Binder.tla's");
            }
            out.add(k == WorkKind.TRANSACTION ? Work.txn(id) : new Work(k, 0));
        }
        return out;
    }

    /** A thread value: {@code << >>} or {@code <<p, k>>} of the model. */
    public static ThreadRef threadOf(TxnConfig c, TlaValue v) {
        List<TlaValue> parts = v.asSeq();
        if (parts.isEmpty()) {
            return ThreadRef.NONE;
        }
        if (parts.size() != 2 || !(parts.get(0) instanceof TlaValue.ModelValue p)
                || !(parts.get(1) instanceof TlaValue.ModelValue k) || c.procIndex(p.name()) < 0
                || c.threadIdIndex(k.name()) < 0) {
            throw new IllegalArgumentException("not a thread of the model: " + v.toTla());
        }
        return new ThreadRef(c.procIndex(p.name()), c.threadIdIndex(k.name()));
    }

    /** A proc value: one of Procs, or NoProc. */
    public static int procOf(TxnConfig c, TlaValue v) {
        if (v instanceof TlaValue.ModelValue m) {
            if (m.name().equals(c.noProc())) {
                return TxnConfig.NO_PROC;
            }
            if (c.procIndex(m.name()) >= 0) {
                return c.procIndex(m.name());
            }
        }
        throw new IllegalArgumentException("not a proc of the model: " + v.toTla());
    }

    private static int txnIdOrNil(TxnConfig c, TlaValue v) {
        int id = v.asInt();
        return id == 0 ? 0 : txnId(c, v);
    }

    private static int txnId(TxnConfig c, TlaValue v) {
        int id = v.asInt();
        if (c.txnIndex(id) < 0) {
            throw new IllegalArgumentException("not a transaction id of the model: " + id);
        }
        return id;
    }

    private static int slotOrZero(TxnConfig c, TlaValue v) {
        int s = v.asInt();
        if (s < 0 || s > c.bufSlots()) {
            throw new IllegalArgumentException("not a buffer slot: " + s);
        }
        return s;
    }
}
