package bindercheck.properties.trace;

import bindercheck.model.tlc.TlaValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trace is of, for its top-level {@code #meta}: what made it, from what, and the model's constants.
 *
 * @param description one line: the command and what it checked, e.g. {@code bindercheck replay --trace: every driver
 *                    step of S.scn checked against Binder.tla}
 * @param source      the file the trace is of (a scenario, an allocator script, a TLC model), null if none
 * @param constants   the model's constants by name, as TLA+ values
 * @param checked     the constants of the model the run was checked against, where the trace names a smaller one
 *                    ({@link Narrowing}); empty otherwise
 */
public record TraceHeader(String description, String source, Map<String, TlaValue> constants,
        Map<String, TlaValue> checked) {
    public TraceHeader {
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        checked = Collections.unmodifiableMap(new LinkedHashMap<>(checked));
    }

    /** The header of a trace that names the model its run was checked against. */
    public TraceHeader(String description, String source, Map<String, TlaValue> constants) {
        this(description, source, constants, Map.of());
    }

    /** This header with other constants (a slice's tracer adds its model's). */
    public TraceHeader with(Map<String, TlaValue> modelConstants) {
        return new TraceHeader(description, source, modelConstants, checked);
    }
}
