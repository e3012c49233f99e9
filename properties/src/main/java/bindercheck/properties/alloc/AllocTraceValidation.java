package bindercheck.properties.alloc;

import bindercheck.model.TraceStep;
import bindercheck.model.alloc.AllocInvariants;
import bindercheck.model.alloc.AllocTla;
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

/**
 * Validates recorded impl traces with TLC against BinderAlloc.tla (through
 * BinderAllocTrace.tla): many traces per TLC run, one run per area (AreaUnits and PageUnits
 * are TLC constants), in the batches of {@link TraceValidation}. A trace is accepted when TLC
 * prints its number, i.e. some behaviour of the spec matches every record; every other trace of
 * the batch is rejected.
 *
 * <p>Does not check: a size_t overflow step's -EINVAL (the spec's naturals cannot overflow;
 * the Java checker verifies the overflow), and anything not in the abstract state.
 */
public final class AllocTraceValidation implements TraceModule<AllocTrace, AllocTraceValidation.Area> {
    /** The constants of a batch: its traces' area, in units. */
    public record Area(int areaUnits, int pageUnits) {
    }

    /** Every invariant of BinderAlloc (the mirror's list, same names and order), checked on the matched states. */
    static final List<String> INVARIANTS =
            Arrays.stream(AllocInvariants.Invariant.values()).map(AllocInvariants.Invariant::tlaName).toList();

    private static final AllocTraceValidation MODULE = new AllocTraceValidation();

    private AllocTraceValidation() {
    }

    /**
     * Validates {@code traces}; {@code specDir} holds BinderAllocTrace.tla and BinderAlloc.tla,
     * {@code workDir} receives one folder per batch with its generated AllocTraceData.tla and cfg
     * (kept, so a rejection can be inspected).
     */
    public static TraceValidation.Result<Area> validate(List<AllocTrace> traces, Path specDir, Path workDir,
            int workers) {
        return TraceValidation.validate(MODULE, traces, specDir, workDir, workers);
    }

    @Override
    public String name() {
        return "BinderAllocTrace";
    }

    @Override
    public String traceVariable() {
        return "t";
    }

    @Override
    public Area constants(AllocTrace trace) {
        return new Area(trace.areaUnits(), trace.pageUnits());
    }

    @Override
    public String folder(Area area, int n) {
        return "batch-" + area.areaUnits() + "-" + area.pageUnits();
    }

    @Override
    public void writeData(Path dir, Area area, List<AllocTrace> traces) {
        List<TlaValue> literal = traces.stream().map(AllocTraceValidation::toTla).toList();
        TraceModuleWriter.write(dir, "AllocTraceData", List.of("TLC"), Map.of("Traces", TlaValue.seq(literal)));
    }

    @Override
    public TlcConfig config(Area area) {
        return TlcConfig.builder()
                .constant("AreaUnits", area.areaUnits())
                .constant("PageUnits", area.pageUnits())
                .init("TraceInit")
                .next("TraceNext")
                .invariant("Accepted")
                .invariant(INVARIANTS.toArray(new String[0]))
                .checkDeadlock(false)
                .build();
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
        records.add(record(new TraceStep<>("Init", Map.of(), t.init())));
        for (TraceStep<AllocTraceState> s : t.steps()) {
            records.add(record(s));
        }
        return TlaValue.seq(records);
    }

    private static TlaValue record(TraceStep<AllocTraceState> s) {
        Map<String, TlaValue> fields = new LinkedHashMap<>();
        fields.put("action", TlaValue.of(s.action()));
        s.params().forEach((name, v) -> fields.put(name, v instanceof TlaValue.IntValue i ? TlaValue.of(tlcInt(i.value()))
                : v));
        fields.put("refused", TlaValue.of(s.refused()));
        List<TlaValue> outs = new ArrayList<>();
        s.post().outcomes().forEach(o -> outs.add(TlaValue.of(o.tla())));
        fields.put("outcomes", TlaValue.set(outs));
        fields.putAll(AllocTla.toTla(s.post().state()));
        return TlaValue.record(fields);
    }
}
