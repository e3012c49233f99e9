package bindercheck.properties.txn;

import static bindercheck.properties.trace.ItfType.BOOL;
import static bindercheck.properties.trace.ItfType.INT;
import static bindercheck.properties.trace.ItfType.STR;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.properties.trace.ItfType;
import bindercheck.properties.trace.Narrowing;
import bindercheck.properties.trace.SpecView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binder.tla's states in a trace ({@link SpecView}): the variables with the types the spec declares (TypeOK), so that
 * a thread {@code <<p, k>>} is a tuple, {@code txns} and each proc's {@code bufs} are functions (of the transaction
 * ids, of the slots), the todo lists sequences; the compact form is {@link TxnState#toString()}'s, one line per group.
 * Every variable is whole: the free transaction records and buffer slots are part of the spec's value (of the
 * smallest model the states fit, {@link TxnNarrowing}).
 */
public final class TxnView {
    static final ItfType PROC = ItfType.constant("PROC");
    static final ItfType THREAD = ItfType.tup(PROC, ItfType.constant("TID"));
    private static final ItfType WORK = ItfType.rec("kind", STR, "id", INT);

    /**
     * The view: module Binder, its 15 variables; an ITF trace names the smallest pools its states fit ({@link
     * TxnNarrowing}).
     */
    public static final SpecView<TxnState> VIEW = new SpecView<>("Binder", types(),
            ItfType.fields("t", THREAD, "p", PROC, "oneway", BOOL, "s", INT),
            ItfType.fields("Procs", ItfType.set(PROC), "CtxMgr", PROC, "NoProc", PROC, "ThreadIds",
                    ItfType.set(ItfType.constant("TID")), "TxnIds", ItfType.set(INT), "BufSlots", INT),
            TxnTla::toTla, TxnView::compact, () -> narrowing("txns", "bufs"));

    private TxnView() {
    }

    private static Map<String, ItfType> types() {
        Map<String, ItfType> t = new LinkedHashMap<>();
        t.put("alive", ItfType.fun(PROC, BOOL));
        t.put("txns", ItfType.fun(INT, ItfType.rec("kind", STR, "from", THREAD, "fromParent", INT, "toProc", PROC,
                "toThread", THREAD, "toParent", INT, "bslot", INT)));
        t.put("stack", ItfType.fun(THREAD, INT));
        t.put("todo", ItfType.fun(THREAD, ItfType.seq(WORK)));
        t.put("processTodo", ItfType.fun(THREAD, BOOL));
        t.put("procTodo", ItfType.fun(PROC, ItfType.seq(WORK)));
        t.put("asyncTodo", ItfType.fun(PROC, ItfType.seq(INT)));
        t.put("hasAsync", ItfType.fun(PROC, BOOL));
        t.put("returnError", ItfType.fun(THREAD, STR));
        t.put("replyError", ItfType.fun(THREAD, STR));
        t.put("bufs", ItfType.fun(PROC, ItfType.fun(INT, ItfType.rec("state", STR, "async", BOOL, "node", PROC,
                "txn", INT))));
        t.put("awaiting", ItfType.fun(THREAD, INT));
        t.put("retAnswers", ItfType.fun(THREAD, BOOL));
        t.put("pairingBroken", BOOL);
        t.put("kernelBug", BOOL);
        if (!List.copyOf(t.keySet()).equals(TxnTla.VARIABLES)) {
            throw new IllegalStateException("TxnView's variables are not TxnTla's: " + t.keySet());
        }
        return t;
    }

    /** The state's groups not at Init, one line each ({@link TxnState#toString()}; none at Init). */
    public static List<String> compact(TxnState s) {
        String text = s.toString();
        return text.equals("Init") ? List.of() : text.lines().toList();
    }

    /** A narrowing of Binder.tla's pools in a trace whose variables {@code txns} and {@code bufs} are named so. */
    public static Narrowing<TxnState> narrowing(String txns, String bufs) {
        return new TxnNarrowing(txns, bufs);
    }

    /** The model's constants, as the spec names them. */
    public static Map<String, TlaValue> constants(TxnConfig c) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        List<TlaValue> procs = new ArrayList<>();
        for (int p = 0; p < c.numProcs(); p++) {
            procs.add(TxnTla.proc(c, p));
        }
        out.put("Procs", TlaValue.set(procs));
        out.put("CtxMgr", TlaValue.model(c.ctxMgr()));
        out.put("NoProc", TlaValue.model(c.noProc()));
        out.put("ThreadIds", TlaValue.set(c.threadIds().stream().map(TlaValue::model).toList()));
        out.put("TxnIds", TlaValue.set(c.txnIds().stream().map(i -> (TlaValue) TlaValue.of(i)).toList()));
        out.put("BufSlots", TlaValue.of(c.bufSlots()));
        return out;
    }
}
