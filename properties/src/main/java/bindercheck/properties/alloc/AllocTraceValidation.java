package bindercheck.properties.alloc;

import bindercheck.properties.check.TraceBatches;

import bindercheck.model.alloc.AllocInvariants;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.AllocTla;
import bindercheck.model.alloc.Outcome;
import bindercheck.model.tlc.TlaValue;
import bindercheck.model.tlc.Tlc;
import bindercheck.model.tlc.TlcConfig;
import bindercheck.model.tlc.TlcOptions;
import bindercheck.model.tlc.TlcResult;
import bindercheck.model.tlc.TraceModuleWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates recorded impl traces with TLC against BinderAlloc.tla (through
 * BinderAllocTrace.tla): many traces per TLC run, one run per area (AreaUnits and PageUnits
 * are TLC constants). A trace is accepted when TLC prints its number, i.e. some behaviour of
 * the spec matches every record; every other trace of the batch is rejected.
 *
 * <p>Does not check: a size_t overflow step's -EINVAL (the spec's naturals cannot overflow;
 * the Java checker verifies the overflow), and anything not in the abstract state.
 */
public final class AllocTraceValidation {
    /** The outcome of one batch. */
    public record Batch(int areaUnits, int pageUnits, List<Integer> traceIds, Set<Integer> rejected, TlcResult tlc) {
    }

    /** The outcome of a validation: every batch, and the traces rejected (by index into the input). */
    public record Result(List<Batch> batches, Set<Integer> rejected) {
        public boolean allAccepted() {
            return rejected.isEmpty() && batches.stream().allMatch(b -> b.tlc().isOk());
        }
    }

    private AllocTraceValidation() {
    }

    /**
     * Validates {@code traces}; {@code specDir} holds BinderAllocTrace.tla and BinderAlloc.tla,
     * {@code workDir} receives one folder per batch with its generated AllocTraceData.tla and cfg
     * (kept, so a rejection can be inspected).
     */
    public static Result validate(List<AllocTrace> traces, Path specDir, Path workDir, int workers) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int k = 0; k < traces.size(); k++) {
            AllocTrace t = traces.get(k);
            groups.computeIfAbsent(t.areaUnits() + "_" + t.pageUnits(), x -> new ArrayList<>()).add(k);
        }
        List<Batch> batches = new ArrayList<>();
        Set<Integer> rejected = new TreeSet<>();
        for (List<Integer> ids : groups.values()) {
            Batch b = validateBatch(traces, ids, specDir, workDir, workers);
            batches.add(b);
            rejected.addAll(b.rejected());
        }
        return new Result(batches, rejected);
    }

    private static Batch validateBatch(List<AllocTrace> traces, List<Integer> ids, Path specDir, Path workDir,
            int workers) {
        AllocTrace first = traces.get(ids.get(0));
        Path batchDir = workDir.resolve("batch-" + first.areaUnits() + "-" + first.pageUnits());
        List<TlaValue> literal = new ArrayList<>();
        for (int id : ids) {
            literal.add(toTla(traces.get(id)));
        }
        TraceModuleWriter.write(batchDir, "AllocTraceData", List.of("TLC"), Map.of("Traces", TlaValue.seq(literal)));
        TlcConfig cfg = TlcConfig.builder()
                .constant("AreaUnits", first.areaUnits())
                .constant("PageUnits", first.pageUnits())
                .init("TraceInit")
                .next("TraceNext")
                .invariant("Accepted")
                .invariant(Arrays.stream(AllocInvariants.Invariant.values()).map(AllocInvariants.Invariant::tlaName)
                        .toArray(String[]::new))
                .checkDeadlock(false)
                .build();
        Path cfgFile = TraceModuleWriter.writeConfig(batchDir.resolve("BinderAllocTrace.cfg"), cfg);
        TlcResult r = Tlc.run(TlcOptions.builder(specDir.resolve("BinderAllocTrace.tla")).config(cfgFile)
                .workers(workers).libraryPaths(List.of(batchDir)).build());
        Set<Integer> rejected = TraceBatches.rejected(r, ids);
        return new Batch(first.areaUnits(), first.pageUnits(), ids, rejected, r);
    }

    /**
     * TLC's integers are 32-bit. A size_t beyond {@link #TLC_SIZE_CAP} (read unsigned) is written
     * as the cap: every area is at most 4 MiB, so any request above 2^28 bytes fails alike in the
     * spec, and the sum of three capped sizes still fits TLC's range.
     */
    static long tlcInt(long v) {
        return Long.compareUnsigned(v, TLC_SIZE_CAP) > 0 ? TLC_SIZE_CAP : v;
    }

    static final long TLC_SIZE_CAP = 1L << 28;

    /** A trace as BinderAllocTrace.tla reads it: the initial record, then one record per step. */
    public static TlaValue toTla(AllocTrace t) {
        List<TlaValue> records = new ArrayList<>();
        records.add(record("Init", Map.of(), false, Set.of(Outcome.OK), t.init()));
        for (AllocTraceStep s : t.steps()) {
            records.add(record(s.action(), s.params(), s.refused(), s.outcomes(), s.post()));
        }
        return TlaValue.seq(records);
    }

    private static TlaValue record(String action, Map<String, Object> params, boolean refused, Set<Outcome> outcomes,
            AllocState post) {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        fields.put("action", TlaValue.of(action));
        for (Map.Entry<String, Object> p : params.entrySet()) {
            Object v = p.getValue();
            fields.put(p.getKey(), v instanceof Boolean b ? TlaValue.of(b)
                    : v instanceof Number n ? TlaValue.of(tlcInt(n.longValue())) : TlaValue.of(v.toString()));
        }
        fields.put("refused", TlaValue.of(refused));
        List<TlaValue> outs = new ArrayList<>();
        outcomes.forEach(o -> outs.add(TlaValue.of(o.tla())));
        fields.put("outcomes", TlaValue.set(outs));
        fields.putAll(AllocTla.toTla(post));
        return TlaValue.record(fields);
    }
}
