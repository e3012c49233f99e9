package bindercheck.model;

import bindercheck.model.tlc.TlaValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One step of a behaviour of a spec, as a mirror's Next yields it and as a trace records it (see
 * {@link Trace}): the action by its TLA+ name, its parameters by the spec's parameter names as
 * TLA+ values ({@code t |-> <<pa, k1>>}, {@code p |-> pm}, {@code strong |-> TRUE}), whether the
 * implementation refused it (it did nothing: the spec's action must not be enabled, and nothing
 * changes), and the state after it (the state before, when refused). A trace-validation module
 * (spec/*Trace.tla) reads one record per step.
 *
 * @param <S> the spec's state as its mirror holds it
 */
public record TraceStep<S>(String action, Map<String, TlaValue> params, boolean refused, S post) {
    public TraceStep {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A step the implementation took (not refused). */
    public TraceStep(String action, Map<String, TlaValue> params, S post) {
        this(action, params, false, post);
    }

    /** The step as the spec writes the action, e.g. {@code BcTransaction(<<pa, k1>>, pm, FALSE)}, marked if refused. */
    public String label() {
        return label(action, params) + (refused ? " [refused]" : "");
    }

    /** {@code action(v1, v2, ...)} with the parameters' TLA+ values in the spec's order; the bare name without any. */
    public static String label(String action, Map<String, TlaValue> params) {
        if (params.isEmpty()) {
            return action;
        }
        StringJoiner j = new StringJoiner(", ", action + "(", ")");
        params.values().forEach(v -> j.add(v.toTla()));
        return j.toString();
    }

    @Override
    public String toString() {
        return label();
    }
}
