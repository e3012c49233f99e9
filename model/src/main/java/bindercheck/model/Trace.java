package bindercheck.model;

import java.util.List;

/**
 * A recorded behaviour of a spec: the initial state and every step after it. What a
 * trace-validation module (spec/*Trace.tla) checks against its spec; each slice's trace
 * (AllocTrace, TxnTrace, RefsTrace) adds the constants of the model it ran on.
 *
 * @param <S> the spec's state as its mirror holds it
 */
public interface Trace<S> {
    S init();

    List<TraceStep<S>> steps();

    /** The state before step k (0-based): Init for the first. */
    default S pre(int k) {
        return k == 0 ? init() : steps().get(k - 1).post();
    }

    /** The state after the last step. */
    default S last() {
        return steps().isEmpty() ? init() : steps().get(steps().size() - 1).post();
    }
}
