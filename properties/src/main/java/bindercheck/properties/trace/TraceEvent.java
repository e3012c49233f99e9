package bindercheck.properties.trace;

import bindercheck.model.TraceStep;
import bindercheck.model.tlc.TlaValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What led to a state of a trace: where in the run (the scenario or script line and the command as the user wrote
 * it), what the driver did (its step, e.g. {@code <<C1, main>> command BC_TRANSACTION}), and the spec action the step
 * matched with its parameters ({@code Init} for the first state, {@code stutter} for a step that leaves the spec's
 * state as it was). Notes are further facts of the step (an allocator step impl refused, the outcomes impl's result
 * stands for, the action another spec run alongside matched), written into the state's {@code #meta} under their
 * names.
 *
 * @param line    the 1-based line of the command in its file, 0 if none
 * @param command the command as written (a scenario step, an allocator script line), null if none
 * @param event   the driver's step, null where there is none (the allocator, a TLC counterexample)
 * @param action  the spec action's TLA+ name
 * @param params  its parameters by the spec's names
 * @param notes   further facts, by name
 */
public record TraceEvent(int line, String command, String event, String action, Map<String, TlaValue> params,
        Map<String, TlaValue> notes) {
    /** The first state of every trace. */
    public static final TraceEvent INIT = new TraceEvent(0, null, null, "Init", Map.of(), Map.of());

    public TraceEvent {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }

    /** The step as the spec calls the action, e.g. {@code BcTransaction(<<C1, main>>, S1, FALSE)}. */
    public String label() {
        return TraceStep.label(action, params);
    }
}
