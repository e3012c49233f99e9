package bindercheck.properties.refs;

import bindercheck.model.TraceStep;
import bindercheck.model.refs.RefsInvariants;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import bindercheck.model.refs.RefsTla;
import bindercheck.model.refs.RefsTrace;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.TlcConfig;
import bindercheck.model.tlc.TraceModule;
import bindercheck.model.tlc.TraceModuleWriter;
import bindercheck.model.tlc.TraceValidation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates recorded traces with TLC against BinderRefs.tla (through BinderRefsTrace.tla): many
 * traces per TLC run, one run per set of constants (Procs, CtxMgr, and MCBinderRefs' NodeOwners,
 * NodePtrs, MaxObjs, MaxBufs, MaxHeld, substituted as the models' cfgs do; MaxSteps plays no
 * part). A trace is accepted when TLC prints its number, i.e. every step is the named action of
 * Next with the recorded parameters (inside the domains Next
 * draws them from) and reaches exactly the recorded state, every variable included: the ghosts
 * (held, reached, drift, misuse, kernelBug) are recorded as the mirror computed them, and TLC's
 * must be the same. Every other trace of the batch is rejected. The invariants of refs-ci.cfg are
 * checked on every matched state; TLC runs with {@code -continue}, so a trace that breaks one is
 * named in {@link TraceValidation.Batch#violations()} and the batch goes on (the trace may still
 * be accepted: it is a behaviour of the spec, and the spec's invariant fails on it). Batched by
 * {@link TraceValidation}.
 *
 * <p>States are written as changes (the entries of each variable the step changed), so a batch of
 * long traces stays small for SANY; every entry not written must be unchanged, so each record
 * still pins down the whole state.
 *
 * <p>Does not check: AllReleasedAtEnd (temporal; ExitReleasesAll, its state form, is checked),
 * the bound MaxSteps, the broken-on-purpose refs-broken substitution (a trace of such a model is
 * refused), and anything the driver does below BinderRefs' abstraction.
 */
public final class RefsTraceValidation implements TraceModule<RefsTrace, RefsModel> {
    /** Every invariant of refs-ci.cfg (the mirror's list, same names and order), checked on the matched states. */
    static final List<String> INVARIANTS =
            Arrays.stream(RefsInvariants.Invariant.values()).map(RefsInvariants.Invariant::tlaName).toList();

    /** The spec variables of a record, in the order it writes them. */
    private static final List<String> ONE_LEVEL = List.of("alive", "nodes", "reached");
    private static final List<String> TWO_LEVEL = List.of("refs", "deaths", "held");
    private static final List<String> FLAGS = List.of("mgrNode", "mgrUid", "drift", "misuse", "kernelBug", "wasMgr");
    /** The model value CtxMgr is when a model has no manager at Init (a value outside Procs). */
    static final String NO_CTX_MGR = "NoCtxMgr";
    private static final Set<String> PARAMS = Set.of("p", "q", "n", "objs", "fail", "b", "h", "looper");

    private static final RefsTraceValidation MODULE = new RefsTraceValidation();

    private RefsTraceValidation() {
    }

    /**
     * Validates {@code traces}; {@code specDir} holds BinderRefsTrace.tla and BinderRefs.tla, and
     * models/MCBinderRefs.tla with the bounds; {@code workDir} receives one folder per batch with its generated RefsTraceData.tla and cfg
     * (kept, so a rejection can be inspected). A batch's constants are its model's with MaxSteps
     * 0. Throws IllegalArgumentException, before TLC runs, for a trace that is not well formed: a
     * model with the refs-broken substitution, a proc named like an identifier of the specs, a
     * state not of its model's shape, a parameter not named as the spec names them or not a value
     * of its kind (a proc of the model, a node {@code <<proc, ptr>>}, objects, a buffer, an
     * integer, a Boolean). Well-formed traces with a step the spec does not take (an unknown
     * action, parameters not the action's, a node not in Nodes, a wrong state) are rejected.
     */
    public static TraceValidation.Result<RefsModel> validate(List<RefsTrace> traces, Path specDir, Path workDir,
            int workers) {
        return TraceValidation.validate(MODULE, traces, specDir, workDir, workers);
    }

    @Override
    public String name() {
        return "BinderRefsTrace";
    }

    @Override
    public String traceVariable() {
        return "trace";
    }

    /** BinderRefsTrace extends MCBinderRefs, which holds the bounds. */
    @Override
    public List<String> libraries() {
        return List.of("models");
    }

    @Override
    public void check(List<RefsTrace> traces, Path specDir) {
        Set<String> reserved = TraceValidation.reservedNames(specDir, List.of("BinderRefs.tla", "models/MCBinderRefs.tla"),
                List.of("BinderRefsTrace.tla"), Set.of("BinderRefs", "BinderRefsTrace", "RefsTraceData", "Traces"));
        for (int k = 0; k < traces.size(); k++) {
            wellFormed(k, traces.get(k), reserved);
        }
    }

    /** The model's constants as BinderRefs.tla has them (MaxSteps is MCBinderRefs'). */
    @Override
    public RefsModel constants(RefsTrace trace) {
        RefsModel m = trace.model();
        return m.withMaxSteps(0);
    }

    /** RefsTraceData.tla: the procs as constants and Traces, one record a line. */
    @Override
    public void writeData(Path dir, RefsModel m, List<RefsTrace> traces) {
        TraceModuleWriter.writeTraces(dir, "RefsTraceData", List.of("Integers"), m.procs(),
                traces.stream().map(t -> toTla(t).asSeq()).toList());
    }

    @Override
    public TlcConfig config(RefsModel m) {
        List<TlaValue> procs = new ArrayList<>();
        m.procs().forEach(p -> procs.add(TlaValue.model(p)));
        List<TlaValue> owners = new ArrayList<>();
        m.nodeOwners().forEach(o -> owners.add(RefsTla.proc(m, o)));
        List<TlaValue> ptrs = new ArrayList<>();
        m.nodePtrs().forEach(p -> ptrs.add(TlaValue.of(p)));
        List<TlaValue> mgrProcs = new ArrayList<>();
        m.mgrProcs().forEach(o -> mgrProcs.add(RefsTla.proc(m, o)));
        List<TlaValue> mgrPtrs = new ArrayList<>();
        m.mgrPtrs().forEach(p -> mgrPtrs.add(TlaValue.of(p)));
        List<TlaValue> nonRoot = new ArrayList<>();
        m.nonRoot().forEach(o -> nonRoot.add(RefsTla.proc(m, o)));
        TlcConfig.Builder cfg = TlcConfig.builder()
                .constant("Procs", TlaValue.set(procs))
                .constant("CtxMgr", m.ctxMgr() < 0 ? TlaValue.model(NO_CTX_MGR) : RefsTla.proc(m, m.ctxMgr()))
                .constant("NodeOwners", TlaValue.set(owners))
                .constant("NodePtrs", TlaValue.set(ptrs))
                .constant("MgrProcs", TlaValue.set(mgrProcs))
                .constant("MgrPtrs", TlaValue.set(mgrPtrs))
                .constant("NonRoot", TlaValue.set(nonRoot))
                .constant("MaxObjs", m.maxObjs())
                .constant("MaxBufs", m.maxBufs())
                .constant("MaxHeld", m.maxHeld())
                .constant("MaxSteps", 0)
                .substitute("Euid", "MCEuid")
                .substitute("Nodes", "MCNodes")
                .substitute("MgrNodes", "MCMgrNodes")
                .substitute("ObjSeqs", "MCObjSeqs")
                .substitute("AreaFull", "MCAreaFull")
                .substitute("MayTake", "MCMayTake");
        m.procs().forEach(cfg::modelValue);
        return cfg.init("TraceInit").next("TraceNext").invariant("Accepted")
                .invariant(INVARIANTS.toArray(new String[0])).checkDeadlock(false).build();
    }

    /** TLC goes on after a violation, so that each trace that breaks an invariant is named. */
    @Override
    public List<String> tlcArgs() {
        return List.of("-continue");
    }

    /**
     * A larger stack for TLC's worker: it evaluates an action's chain of state transformations (a
     * transaction's translation of up to MaxObjs objects, a release's cleanup of every ref) as nested
     * lazy values, and at the driver's bounds (a world's every proc may own every node) that nesting
     * outgrew the default 1 MB once the context manager became part of the state (a driver run's
     * second step needed about 1.5 MB).
     */
    @Override
    public List<String> jvmArgs() {
        return List.of("-Xss16m");
    }

    /**
     * A trace as BinderRefsTrace.tla reads it: the initial record (action "Init") with every entry
     * of every variable, then one record per step with the action, its parameters and the entries
     * the step changed (see the module's header for the layout).
     */
    public static TlaValue toTla(RefsTrace t) {
        List<TlaValue> records = new ArrayList<>();
        Map<String, TlaValue> vars = RefsTla.toTla(t.model(), t.init());
        Map<String, TlaValue> init = new LinkedHashMap<>();
        init.put("action", TlaValue.of("Init"));
        init.putAll(changes(vars, null));
        records.add(TlaValue.record(init));
        for (TraceStep<RefsState> s : t.steps()) {
            Map<String, TlaValue> post = RefsTla.toTla(t.model(), s.post());
            Map<String, TlaValue> fields = new LinkedHashMap<>();
            fields.put("action", TlaValue.of(s.action()));
            fields.putAll(s.params());
            fields.putAll(changes(post, vars));
            records.add(TlaValue.record(fields));
            vars = post;
        }
        return TlaValue.seq(records);
    }

    /** The entries of post that differ from pre (all of them if pre is null), as the module writes them. */
    private static Map<String, TlaValue> changes(Map<String, TlaValue> post, Map<String, TlaValue> pre) {
        Map<String, TlaValue> out = new LinkedHashMap<>();
        for (String v : ONE_LEVEL) {
            List<TlaValue> ch = new ArrayList<>();
            post.get(v).asFunction().forEach((k, x) -> {
                if (pre == null || !x.equals(pre.get(v).apply(k))) {
                    ch.add(TlaValue.seq(k, x));
                }
            });
            out.put(v, TlaValue.seq(ch));
        }
        for (String v : TWO_LEVEL) {
            List<TlaValue> ch = new ArrayList<>();
            post.get(v).asFunction().forEach((p, row) -> row.asFunction().forEach((n, x) -> {
                if (pre == null || !x.equals(pre.get(v).apply(p).apply(n))) {
                    ch.add(TlaValue.seq(p, n, x));
                }
            }));
            out.put(v, TlaValue.seq(ch));
        }
        List<TlaValue> bufs = new ArrayList<>();
        post.get("bufs").asFunction().forEach((p, bag) -> {
            Map<TlaValue, TlaValue> now = bag.asFunction();
            Map<TlaValue, TlaValue> before = pre == null ? Map.of() : pre.get("bufs").apply(p).asFunction();
            now.forEach((b, c) -> {
                if (!c.equals(before.get(b))) {
                    bufs.add(TlaValue.seq(p, b, c));
                }
            });
            before.keySet().forEach(b -> {
                if (!now.containsKey(b)) {
                    bufs.add(TlaValue.seq(p, b, TlaValue.of(0)));
                }
            });
        });
        out.put("bufs", TlaValue.seq(bufs));
        for (String v : FLAGS) {
            out.put(v, post.get(v));
        }
        return out;
    }

    /** Throws unless trace k can be written for TLC (see {@link #validate}). */
    private static void wellFormed(int k, RefsTrace t, Set<String> reserved) {
        RefsModel m = t.model();
        String where = "trace " + k;
        if (m.broken() != RefsModel.Broken.NONE) {
            throw new IllegalArgumentException(where + ": BinderRefs.tla has no " + m.broken().by());
        }
        for (String p : m.procs()) {
            if (!TlaValue.isIdentifier(p) || reserved.contains(p) || p.equals(NO_CTX_MGR)) {
                throw new IllegalArgumentException(where + ": the proc name " + p
                        + " is not an identifier or names something of BinderRefs.tla or BinderRefsTrace.tla;"
                        + " rename the proc");
            }
        }
        long bound = 1L << 30;
        if (m.nodePtrs().stream().anyMatch(p -> p >= bound) || m.mgrPtrs().stream().anyMatch(p -> p >= bound)
                || m.maxBufs() >= bound || m.maxHeld() >= bound) {
            throw new IllegalArgumentException(where + ": constants beyond TLC's integers");
        }
        shape(where + " init", m, t.init());
        for (int j = 0; j < t.steps().size(); j++) {
            TraceStep<RefsState> s = t.steps().get(j);
            String at = where + " step " + (j + 1) + " (" + s.action() + ")";
            if (!TlaValue.isIdentifier(s.action())) {
                throw new IllegalArgumentException(at + ": not an action name");
            }
            shape(at, m, s.post());
            for (Map.Entry<String, TlaValue> e : s.params().entrySet()) {
                if (!PARAMS.contains(e.getKey())) {
                    throw new IllegalArgumentException(at + ": BinderRefs' actions have no parameter " + e.getKey());
                }
                String err = kind(m, e.getKey(), e.getValue());
                if (err != null) {
                    throw new IllegalArgumentException(at + ": parameter " + e.getKey() + " = "
                            + e.getValue().toTla() + " is not " + err);
                }
            }
        }
    }

    private static void shape(String at, RefsModel m, RefsState s) {
        int procs = m.procCount();
        int nodes = m.nodeCount();
        boolean ok = s.alive().size() == procs && s.nodes().size() == nodes && s.refs().size() == procs
                && s.deaths().size() == procs && s.bufs().size() == procs && s.held().size() == procs
                && s.reached().size() == procs && s.mgrNode() >= RefsState.NO_MGR && s.mgrNode() < nodes
                && Math.abs((long) s.mgrUid()) < (1L << 30) && s.wasMgr().stream().allMatch(n -> n >= 0 && n < nodes);
        for (int p = 0; ok && p < procs; p++) {
            ok = s.refs().get(p).size() == nodes && s.deaths().get(p).size() == nodes
                    && s.held().get(p).size() == nodes
                    && s.reached().get(p).stream().allMatch(n -> n >= 0 && n < nodes);
            for (var b : s.bufs().get(p).keySet()) {
                ok &= b.from() >= 0 && b.from() < procs && (b.isReply() || b.target() >= 0 && b.target() < nodes);
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(at + ": the state is not one of the model's procs and nodes");
        }
    }

    /** Null if v is a value of parameter name's kind in model m, else what it should be. */
    private static String kind(RefsModel m, String name, TlaValue v) {
        return switch (name) {
            case "p", "q" -> isProc(m, v) ? null : "a proc of the model";
            case "n" -> isNode(m, v) ? null : "a node <<proc, ptr>>";
            case "objs" -> isObjs(v) ? null : "a sequence of objects [t, v]";
            case "b" -> v instanceof TlaValue.RecordValue r && r.fields().keySet().equals(Set.of("from", "target", "objs"))
                    && isProc(m, r.fields().get("from")) && isObjs(r.fields().get("objs"))
                    && (isNode(m, r.fields().get("target"))
                        || r.fields().get("target") instanceof TlaValue.SeqValue sq && sq.elements().isEmpty())
                    ? null : "a buffer [from, target, objs]";
            case "fail", "h" -> isInt(v) ? null : "an integer";
            case "strong", "looper" -> v instanceof TlaValue.BoolValue ? null : "a Boolean";
            default -> "a parameter";
        };
    }

    private static boolean isProc(RefsModel m, TlaValue v) {
        return v instanceof TlaValue.ModelValue mv && m.procs().contains(mv.name());
    }

    private static boolean isNode(RefsModel m, TlaValue v) {
        return v instanceof TlaValue.SeqValue s && s.elements().size() == 2 && isProc(m, s.elements().get(0))
                && isInt(s.elements().get(1));
    }

    private static boolean isInt(TlaValue v) {
        return v instanceof TlaValue.IntValue i && Math.abs(i.value()) < (1L << 30);
    }

    private static boolean isObjs(TlaValue v) {
        if (!(v instanceof TlaValue.SeqValue s)) {
            return false;
        }
        for (TlaValue o : s.elements()) {
            if (!(o instanceof TlaValue.RecordValue r && r.fields().keySet().equals(Set.of("t", "v"))
                    && r.fields().get("t") instanceof TlaValue.StrValue t
                    && Set.of("binder", "weak_binder", "handle", "weak_handle").contains(t.value())
                    && isInt(r.fields().get("v")))) {
                return false;
            }
        }
        return true;
    }
}
