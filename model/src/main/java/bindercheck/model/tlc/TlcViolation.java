package bindercheck.model.tlc;

import java.util.List;

/**
 * One violation TLC reported with its behaviour. A run normally has at most one; with
 * {@code -continue} it can have several.
 *
 * @param kind           INVARIANT_VIOLATED, PROPERTY_VIOLATED or DEADLOCK
 * @param name           the violated invariant or action property, or null (deadlock, temporal)
 * @param counterexample the behaviour TLC printed, possibly empty
 */
public record TlcViolation(TlcVerdict kind, String name, List<TlcState> counterexample) {
    public TlcViolation {
        counterexample = List.copyOf(counterexample);
    }
}
