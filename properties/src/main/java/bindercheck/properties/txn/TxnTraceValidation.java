package bindercheck.properties.txn;

import bindercheck.properties.check.TraceBatches;

import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcConfig;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TraceModuleWriter;
import bindercheck.model.txn.TxnConfig;
import bindercheck.model.txn.TxnInvariants;
import bindercheck.model.txn.TxnTla;
import bindercheck.model.txn.TxnTrace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates recorded traces with TLC against Binder.tla (through BinderTrace.tla): many traces
 * per TLC run, one run per set of constants (procs, thread ids, transaction ids, slots). A trace
 * is accepted when TLC prints its number, i.e. some behaviour of the spec matches every record;
 * every other trace of the batch is rejected. The invariants of txn-ci.cfg are checked along the
 * way (over the ghosts the spec computes), so a batch whose matched behaviour breaks one ends
 * with TLC reporting the violation. A step's record logs only the variables it changed; the
 * others must be unchanged.
 *
 * <p>Does not check: the ghost variables of the recorded states (the spec computes them), the
 * bounds of the MC models (traces may be longer and lists longer), the broken-on-purpose R2
 * (a trace of a config with {@code r2Skipped} is refused), and anything outside the abstract
 * state.
 */
public final class TxnTraceValidation {
    /** Every invariant of txn-ci.cfg, checked on the matched behaviours. */
    static final List<String> INVARIANTS = TxnInvariants.ci().stream().map(TxnInvariants.Invariant::tlaName).toList();

    /** The outcome of one batch. */
    public record Batch(TxnConfig config, List<Integer> traceIds, Set<Integer> rejected, TlcResult tlc) {
    }

    /** The outcome of a validation: every batch, and the traces rejected (by index into the input). */
    public record Result(List<Batch> batches, Set<Integer> rejected) {
        public boolean allAccepted() {
            return rejected.isEmpty() && batches.stream().allMatch(b -> b.tlc().isOk());
        }
    }

    private TxnTraceValidation() {
    }

    /**
     * Validates {@code traces}; {@code specDir} holds BinderTrace.tla and Binder.tla,
     * {@code workDir} receives one folder per batch with its generated TxnTraceData.tla and cfg
     * (kept, so a rejection can be inspected).
     */
    public static Result validate(List<TxnTrace> traces, Path specDir, Path workDir, int workers) {
        Set<String> reserved = reservedNames(specDir);
        Map<TxnConfig, List<Integer>> groups = new LinkedHashMap<>();
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
            groups.computeIfAbsent(c.unbounded(), x -> new ArrayList<>()).add(k);
        }
        List<Batch> batches = new ArrayList<>();
        Set<Integer> rejected = new TreeSet<>();
        int n = 0;
        for (Map.Entry<TxnConfig, List<Integer>> g : groups.entrySet()) {
            Batch b = validateBatch(traces, g.getKey(), g.getValue(), specDir, workDir.resolve("batch-" + ++n),
                    workers);
            batches.add(b);
            rejected.addAll(b.rejected());
        }
        return new Result(batches, rejected);
    }

    private static List<String> names(TxnConfig c) {
        List<String> out = new ArrayList<>(c.procs());
        out.addAll(c.threadIds());
        return out;
    }

    private static Batch validateBatch(List<TxnTrace> traces, TxnConfig c, List<Integer> ids, Path specDir,
            Path batchDir, int workers) {
        List<TlaValue> literal = new ArrayList<>();
        for (int id : ids) {
            literal.add(toTla(traces.get(id)));
        }
        Map<String, TlaValue> defs = new LinkedHashMap<>();
        defs.put("TraceProcs", TxnTla.procList(c));
        defs.put("TraceThreads", TxnTla.threadList(c));
        defs.put("TraceTxnIds", TxnTla.txnIdList(c));
        defs.put("Traces", TlaValue.seq(literal));
        TraceModuleWriter.write(batchDir, "TxnTraceData", List.of("Binder"), names(c), defs);
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
        cfg.init("TraceInit").next("TraceNext").invariant("Accepted")
                .invariant(INVARIANTS.toArray(new String[0])).checkDeadlock(false);
        Path cfgFile = TraceModuleWriter.writeConfig(batchDir.resolve("BinderTrace.cfg"), cfg.build());
        TlcResult r = Tlc.run(TlcOptions.builder(specDir.resolve("BinderTrace.tla")).config(cfgFile)
                .workers(workers).libraryPaths(List.of(batchDir)).build());
        Set<Integer> rejected = TraceBatches.rejected(r, ids);
        return new Batch(c, ids, rejected, r);
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
        for (TxnTrace.Step s : t.steps()) {
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

    /**
     * Names a proc or thread id must not take: they become constants of the generated module,
     * so they must not collide with a top-level definition or declaration of the specs (an
     * identifier opening a line, followed by {@code ==}, a parameter list, a comma or the line's
     * end), nor with the standard modules' operators. Bound names inside definitions (such as
     * Binder.tla's {@code k2}) do not collide.
     */
    static Set<String> reservedNames(Path specDir) {
        Set<String> out = new HashSet<>(List.of("Nat", "Int", "Seq", "Len", "Head", "Tail", "Append", "SubSeq",
                "SelectSeq", "Cardinality", "IsFiniteSet", "Print", "PrintT", "Assert", "JavaTime", "TLCGet",
                "TLCSet", "Permutations", "SortSeq", "RandomElement", "Any", "ToString", "TLCEval", "BOOLEAN",
                "TRUE", "FALSE", "STRING", "Binder", "BinderTrace", "TxnTraceData", "TraceProcs", "TraceThreads", "TraceTxnIds", "TLC", "Integers", "Naturals",
                "Sequences", "FiniteSets"));
        Pattern topLevel = Pattern.compile("(?m)^\\s*(?:RECURSIVE\\s+|CONSTANTS?\\s+|VARIABLES?\\s+)?"
                + "([A-Za-z_][A-Za-z0-9_]*)\\s*(?:==|\\(|,|\\\\\\*|$)");
        for (String module : List.of("Binder.tla", "BinderTrace.tla")) {
            try {
                Matcher m = topLevel.matcher(Files.readString(specDir.resolve(module)));
                while (m.find()) {
                    out.add(m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + specDir.resolve(module), e);
            }
        }
        return out;
    }
}
