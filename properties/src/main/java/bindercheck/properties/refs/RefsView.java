package bindercheck.properties.refs;

import static bindercheck.properties.trace.ItfType.BOOL;
import static bindercheck.properties.trace.ItfType.INT;
import static bindercheck.properties.trace.ItfType.STR;

import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.DriverStep;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import bindercheck.model.refs.RefsTla;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.TxnState;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.trace.ItfType;
import bindercheck.properties.trace.Narrowing;
import bindercheck.properties.trace.SpecView;
import bindercheck.properties.trace.TraceEvent;
import bindercheck.properties.trace.TraceFormat;
import bindercheck.properties.trace.TraceHeader;
import bindercheck.properties.trace.TraceWriter;
import bindercheck.properties.txn.TxnChecker;
import bindercheck.properties.txn.TxnChecks;
import bindercheck.properties.txn.TxnSlice;
import bindercheck.properties.txn.TxnView;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BinderRefs.tla's states in a trace ({@link SpecView}): its variables with the types the spec declares (a node is
 * the tuple {@code <<owner, ptr>>}, {@code bufs[p]} a bag: a function from buffer records to counts); the compact
 * form is {@link RefsState#describe}'s parts, one line each. And the refs slice's trace, which follows both specs
 * its checks hold a run to: Binder.tla's variables and BinderRefs.tla's side by side, named as BinderLink.tla names
 * them where both have one ({@code txnAlive}, {@code refsAlive}, {@code txnBufs}, {@code refsBufs}, {@code txnBug},
 * {@code refsBug}).
 */
public final class RefsView {
    private static final ItfType PROC = ItfType.constant("PROC");
    private static final ItfType NODE = ItfType.tup(PROC, INT);
    private static final ItfType OBJS = ItfType.seq(ItfType.rec("t", STR, "v", INT));
    private static final ItfType BUF = ItfType.rec("from", PROC, "target", NODE, "objs", OBJS);
    private static final Map<String, ItfType> PARAMS = ItfType.fields("p", PROC, "q", PROC, "n", NODE, "objs", OBJS, "fail", INT,
            "b", BUF, "h", INT, "looper", BOOL);
    private static final Map<String, ItfType> CONSTANTS = ItfType.fields("Procs", ItfType.set(PROC), "CtxMgr", PROC,
            "Euid", ItfType.fun(PROC, INT), "Nodes", ItfType.set(NODE), "MaxObjs", INT);

    /** BinderLink.tla's names for the variables both specs have: Binder's, then BinderRefs'. */
    static final Map<String, String> TXN_NAMES = Map.of("alive", "txnAlive", "bufs", "txnBufs", "kernelBug", "txnBug");
    static final Map<String, String> REFS_NAMES = Map.of("alive", "refsAlive", "bufs", "refsBufs", "kernelBug",
            "refsBug", "CtxMgr", "refsCtxMgr");

    private RefsView() {
    }

    /** BinderRefs.tla's view for model {@code m}. */
    public static SpecView<RefsState> of(RefsModel m) {
        return new SpecView<>("BinderRefs", types(), PARAMS, CONSTANTS, s -> RefsTla.toTla(m, s), s -> compact(m, s));
    }

    private static Map<String, ItfType> types() {
        Map<String, ItfType> t = new LinkedHashMap<>();
        t.put("alive", ItfType.fun(PROC, BOOL));
        t.put("mgrNode", NODE);
        t.put("mgrUid", INT);
        t.put("nodes", ItfType.fun(NODE, ItfType.rec("st", STR, "is", INT, "ls", INT, "lw", INT, "hs", BOOL, "hw", BOOL,
                "ps", BOOL, "pw", BOOL, "work", STR)));
        t.put("refs", ItfType.fun(PROC, ItfType.fun(NODE, ItfType.rec("desc", INT, "s", INT, "w", INT))));
        t.put("deaths", ItfType.fun(PROC, ItfType.fun(NODE, STR)));
        t.put("bufs", ItfType.fun(PROC, ItfType.fun(BUF, INT)));
        t.put("held", ItfType.fun(PROC, ItfType.fun(NODE, ItfType.rec("s", INT, "w", INT))));
        t.put("reached", ItfType.fun(PROC, ItfType.set(NODE)));
        t.put("drift", BOOL);
        t.put("misuse", BOOL);
        t.put("kernelBug", BOOL);
        t.put("wasMgr", ItfType.set(NODE));
        if (!List.copyOf(t.keySet()).equals(RefsTla.VARIABLES)) {
            throw new IllegalStateException("RefsView's variables are not RefsTla's: " + t.keySet());
        }
        return t;
    }

    /** The state's parts as {@link RefsState#describe} writes them, one line each ({@code mgr none}, {@code pa: ...}). */
    public static List<String> compact(RefsModel m, RefsState s) {
        return List.of(s.describe(m).split("; "));
    }

    /** The model's constants, as BinderRefs.tla (and MCBinderRefs) names them. */
    public static Map<String, TlaValue> constants(RefsModel m) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        List<TlaValue> procs = new ArrayList<>();
        Map<TlaValue, TlaValue> euid = new LinkedHashMap<>();
        for (int p = 0; p < m.procCount(); p++) {
            procs.add(RefsTla.proc(m, p));
            euid.put(RefsTla.proc(m, p), TlaValue.of(m.euid(p)));
        }
        out.put("Procs", TlaValue.set(procs));
        out.put("CtxMgr", m.ctxMgr() >= 0 ? RefsTla.proc(m, m.ctxMgr()) : TlaValue.model("NoCtxMgr"));
        out.put("Euid", TlaValue.fun(euid));
        List<TlaValue> nodes = new ArrayList<>();
        for (int n = 0; n < m.nodeCount(); n++) {
            nodes.add(RefsTla.node(m, n));
        }
        out.put("Nodes", TlaValue.set(nodes));
        out.put("MaxObjs", TlaValue.of(m.maxObjs()));
        return out;
    }

    /** A state of the refs slice's trace: Binder.tla's and BinderRefs.tla's after the same driver step. */
    public record Both(TxnState txn, RefsState refs) {
    }

    /**
     * The refs slice's view: Binder.tla's variables then BinderRefs.tla's ({@link #TXN_NAMES}, {@link #REFS_NAMES}),
     * the compact form both specs' lines; an event's action and parameters are BinderRefs.tla's, Binder.tla's go in
     * the notes {@code txnAction} and {@code txnParams}.
     */
    public static SpecView<Both> both(RefsModel m) {
        SpecView<TxnState> txn = TxnView.VIEW;
        SpecView<RefsState> refs = of(m);
        Map<String, ItfType> types = new LinkedHashMap<>();
        txn.varTypes().forEach((k, v) -> types.put(TXN_NAMES.getOrDefault(k, k), v));
        refs.varTypes().forEach((k, v) -> {
            if (types.put(REFS_NAMES.getOrDefault(k, k), v) != null) {
                throw new IllegalStateException("both specs have a variable " + k);
            }
        });
        Map<String, ItfType> params = new LinkedHashMap<>(refs.paramTypes());
        params.put("txnAction", STR);
        params.put("txnParams", new ItfType.Rec(txn.paramTypes()));
        Map<String, ItfType> constants = new LinkedHashMap<>(txn.constantTypes());
        refs.constantTypes().forEach((k, v) -> constants.putIfAbsent(REFS_NAMES.getOrDefault(k, k), v));
        return new SpecView<>("Binder, BinderRefs", types, params, constants, s -> {
            Map<String, TlaValue> out = new LinkedHashMap<>();
            txn.vars().apply(s.txn()).forEach((k, v) -> out.put(TXN_NAMES.getOrDefault(k, k), v));
            refs.vars().apply(s.refs()).forEach((k, v) -> out.put(REFS_NAMES.getOrDefault(k, k), v));
            return out;
        }, s -> {
            List<String> out = new ArrayList<>(txn.compact().apply(s.txn()));
            out.addAll(refs.compact().apply(s.refs()));
            return out;
        }, () -> {
            Narrowing<TxnState> onTxn = TxnView.narrowing("txns", TXN_NAMES.get("bufs"));
            return new Narrowing<Both>() {
                @Override
                public void see(Both state) {
                    onTxn.see(state.txn());
                }

                @Override
                public Map<String, TlaValue> constants(Map<String, TlaValue> checked) {
                    return onTxn.constants(checked);
                }

                @Override
                public Map<String, TlaValue> soFar(Map<String, TlaValue> vars) {
                    return onTxn.soFar(vars);
                }

                @Override
                public Map<String, TlaValue> vars(Map<String, TlaValue> soFar) {
                    return onTxn.vars(soFar);
                }
            };
        });
    }

    /** The constants of both models, BinderRefs.tla's renamed where Binder.tla has the name ({@code refsCtxMgr}). */
    public static Map<String, TlaValue> constants(Map<String, TlaValue> txn, RefsModel m) {
        Map<String, TlaValue> out = new LinkedHashMap<>(txn);
        constants(m).forEach((k, v) -> out.putIfAbsent(REFS_NAMES.getOrDefault(k, k), v));
        return out;
    }

    /**
     * The refs slice's trace of a run: Binder.tla's and BinderRefs.tla's states side by side ({@link #both}),
     * Init at once, then one state per driver step either spec's check followed, written once both have checked it:
     * BinderRefs.tla's action as the step's action, Binder.tla's in the notes. It ends where either check stops (a
     * state only one spec followed would not be the other's). A run BinderRefs.tla cannot follow at all gets
     * Binder.tla's trace alone.
     */
    public static TraceWriter<?> trace(CheckedRun run, TraceFormat format, Writer out, TraceHeader header)
            throws IOException {
        TxnChecks txn = run.check(TxnChecks.class);
        RefsChecks refs = run.check(RefsChecks.class);
        if (refs == null || refs.checker() == null) {
            return TxnSlice.trace(run, format, out, header);
        }
        TxnChecker tc = txn.checker();
        RefsChecker rc = refs.checker();
        TraceWriter<Both> w = format.open(out, both(rc.model()),
                header.with(constants(TxnView.constants(txn.config()), rc.model())));
        w.state(TraceEvent.INIT, new Both(tc.state(), rc.state()));
        DriverListener both = new DriverListener() {
            private TxnChecker.CheckedStep txnStep;
            private RefsChecker.Checked refsStep;
            private TxnState txnState = tc.state();
            private RefsState refsState = rc.state();
            private boolean ended;

            {
                tc.streamTo(s -> txnStep = s);
                rc.streamTo(s -> refsStep = s);
            }

            @Override
            public void onStep(DriverStep step) {
                TxnChecker.CheckedStep t = txnStep;
                RefsChecker.Checked r = refsStep;
                txnStep = null;
                refsStep = null;
                ended |= tc.beyondBounds() != null || rc.stopped() != null;
                if (ended || t == null && r == null) {
                    return;
                }
                txnState = t != null ? t.state() : txnState;
                refsState = r != null ? r.state() : refsState;
                List<String> violated = new ArrayList<>(t != null ? t.violated() : List.of());
                violated.addAll(r != null ? r.violated() : List.of());
                Map<String, TlaValue> notes = new LinkedHashMap<>();
                notes.put("txnAction", TlaValue.of(t != null ? t.action() : "stutter"));
                notes.put("txnParams", TlaValue.record(t != null ? t.params() : Map.of()));
                w.state(TxnSlice.event(run, t != null ? t.event() : r.event(), r != null ? r.action() : "stutter",
                        r != null ? r.params() : Map.of(), violated, notes), new Both(txnState, refsState));
            }
        };
        run.listen(both);
        return w;
    }
}
