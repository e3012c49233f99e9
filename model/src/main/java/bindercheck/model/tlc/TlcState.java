package bindercheck.model.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One state of a TLC counterexample (message 2217).
 *
 * @param index     the state's 1-based position in the behaviour, as TLC numbers it
 * @param action    the name of the action that produced the state, e.g. {@code "Alloc"};
 *                  {@link #INITIAL} for an initial state; for the stuttering and back-to-state
 *                  markers of a liveness counterexample (messages 2218/2122) the text TLC printed,
 *                  e.g. {@code "Stuttering"}, with no variables
 * @param variables the variables' values, in printed order
 */
public record TlcState(int index, String action, Map<String, TlaValue> variables) {
    /** The action name given to initial states ({@code 1: <Initial predicate>}). */
    public static final String INITIAL = "Initial predicate";

    public TlcState {
        Objects.requireNonNull(action, "action");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Whether this is an initial state. */
    public boolean isInitial() {
        return INITIAL.equals(action);
    }

    /** The value of a variable; throws {@link IllegalArgumentException} if the state has no such variable. */
    public TlaValue get(String variable) {
        TlaValue v = variables.get(variable);
        if (v == null) {
            throw new IllegalArgumentException("state " + index + " has no variable '" + variable
                    + "' (has " + variables.keySet() + ")");
        }
        return v;
    }
}
