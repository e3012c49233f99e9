package bindercheck.properties.txn;

import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcConfig;
import bindercheck.model.tlc.TraceModule;
import bindercheck.model.tlc.TraceModuleWriter;
import bindercheck.model.tlc.TraceValidation;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.model.txn.TxnState;
import bindercheck.model.txn.TxnTla;
import bindercheck.model.txn.TxnTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates recorded traces with TLC against Binder.tla (through BinderTrace.tla): many traces
 * per TLC run, one run per set of constants (procs, thread ids, transaction ids, slots), in the
 * batches of {@link TraceValidation}. A trace is accepted when TLC prints its number, i.e. some
 * behaviour of the spec matches every record; every other trace of the batch is rejected. The
 * invariants of txn-ci.cfg are checked along the way (over the ghosts the spec computes), so a
 * batch whose matched behaviour breaks one ends with TLC reporting the violation. A step's
 * record logs only the variables it changed; the others must be unchanged.
 *
 * <p>Does not check: the ghost variables of the recorded states (the spec computes them), the
 * bounds of the MC models (traces may be longer and lists longer), the broken-on-purpose R2
 * (a trace of a config with {@code r2Skipped} is refused), and anything outside the abstract
 * state.
 */
public final class TxnTraceValidation implements TraceModule<TxnTrace, TxnConfig> {
    /** Every invariant of txn-ci.cfg, checked on the matched behaviours. */
    static final List<String> INVARIANTS = TxnInvariants.ci().stream().map(TxnInvariants.Invariant::tlaName).toList();

    private static final TxnTraceValidation MODULE = new TxnTraceValidation();

    private TxnTraceValidation() {
    }

    /**
     * Validates {@code traces}; {@code specDir} holds BinderTrace.tla and Binder.tla,
     * {@code workDir} receives one folder per batch with its generated TxnTraceData.tla and cfg
     * (kept, so a rejection can be inspected).
     */
    public static TraceValidation.Result<TxnConfig> validate(List<TxnTrace> traces, Path specDir, Path workDir,
            int workers) {
        return TraceValidation.validate(MODULE, traces, specDir, workDir, workers);
    }

    @Override
    public String name() {
        return "BinderTrace";
    }

    @Override
    public String traceVariable() {
        return "t";
    }

    /**
     * Refuses a trace of the broken-on-purpose R2, and a proc or thread id named like a top-level
     * identifier of Binder.tla or BinderTrace.tla (they become constants of the generated module;
     * bound names inside definitions, such as Binder.tla's {@code k2}, do not collide).
     */
    @Override
    public void check(List<TxnTrace> traces, Path specDir) {
        Set<String> reserved = TraceValidation.reservedNames(specDir, List.of("Binder.tla", "BinderTrace.tla"),
                List.of(), Set.of("Binder", "BinderTrace", "TxnTraceData", "TraceProcs", "TraceThreads",
                        "TraceTxnIds"));
        for (int k = 0; k < traces.size(); k++) {
            TxnConfig c = traces.get(k).config();
            if (c.r2Skipped()) {
                throw new IllegalArgumentException("trace " + k + ": Binder.tla has no R2 to skip");
            }
            for (String n : names(c)) {
                if (reserved.contains(n)) {
                    throw new IllegalArgumentException("trace " + k + ": the name " + n
                            + " is an identifier of Binder.tla or BinderTrace.tla; rename the proc or thread id");
                }
            }
        }
    }

    @Override
    public TxnConfig constants(TxnTrace trace) {
        return trace.config().unbounded();
    }

    @Override
    public void writeData(Path dir, TxnConfig c, List<TxnTrace> traces) {
        Map<String, TlaValue> defs = new LinkedHashMap<>();
        defs.put("TraceProcs", TxnTla.procList(c));
        defs.put("TraceThreads", TxnTla.threadList(c));
        defs.put("TraceTxnIds", TxnTla.txnIdList(c));
        defs.put("Traces", TlaValue.seq(traces.stream().map(TxnTraceValidation::toTla).toList()));
        TraceModuleWriter.write(dir, "TxnTraceData", List.of("Binder"), names(c), defs);
    }

    @Override
    public TlcConfig config(TxnConfig c) {
        List<TlaValue> procs = new ArrayList<>();
        c.procs().forEach(p -> procs.add(TlaValue.model(p)));
        List<TlaValue> threadIds = new ArrayList<>();
        c.threadIds().forEach(k -> threadIds.add(TlaValue.model(k)));
        TlcConfig.Builder cfg = TlcConfig.builder()
                .constant("Procs", TlaValue.set(procs))
                .constant("CtxMgr", TlaValue.model(c.ctxMgr()))
                .constant("NoProc", TlaValue.model(c.noProc()))
                .constant("ThreadIds", TlaValue.set(threadIds))
                .constant("BufSlots", c.bufSlots())
                .substitute("TxnIds", "TraceTxnIdSet");
        names(c).forEach(cfg::modelValue);
        return cfg.init("TraceInit").next("TraceNext").invariant("Accepted")
                .invariant(INVARIANTS.toArray(new String[0])).checkDeadlock(false).build();
    }

    private static List<String> names(TxnConfig c) {
        List<String> out = new ArrayList<>(c.procs());
        out.addAll(c.threadIds());
        return out;
    }

    /**
     * A trace as BinderTrace.tla reads it: the initial record with every variable but the
     * ghosts, then one record per step with the variables it changed, each written as a
     * sequence in the order of TraceProcs, TraceThreads or TraceTxnIds.
     */
    public static TlaValue toTla(TxnTrace t) {
        List<TlaValue> records = new ArrayList<>();
        Map<String, TlaValue> vars = TxnTla.traceVars(t.init());
        records.add(record("Init", Map.of(), false, vars, Map.of()));
        for (TraceStep<TxnState> s : t.steps()) {
            Map<String, TlaValue> post = TxnTla.traceVars(s.post());
            records.add(record(s.action(), s.params(), s.refused(), post, vars));
            vars = post;
        }
        return TlaValue.seq(records);
    }

    /** A record with the variables of post that differ from pre (all of them for Init). */
    private static TlaValue record(String action, Map<String, TlaValue> params, boolean refused,
            Map<String, TlaValue> post, Map<String, TlaValue> pre) {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        fields.put("action", TlaValue.of(action));
        fields.putAll(params);
        fields.put("refused", TlaValue.of(refused));
        post.forEach((name, v) -> {
            if (!v.equals(pre.get(name))) {
                fields.put(name, v);
            }
        });
        return TlaValue.record(fields);
    }
}
