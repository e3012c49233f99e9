package bindercheck.impl.step;

import java.util.Map;

/**
 * One step the allocator took, reported after it completed.
 *
 * <p>Addresses in {@code params} are offsets in bytes from the mapping base, so that a trace does
 * not depend on where the area was mapped. {@code errno} is 0 or a negated {@link
 * bindercheck.impl.Errno} value; a step with a non-zero errno changed no state.
 *
 * @param kind which action
 * @param params the action's parameters, by name (see {@link StepKind} for each kind's names)
 * @param errno 0 on success, otherwise the negated errno
 */
public record AllocStep(StepKind kind, Map<String, Long> params, int errno) {
    public AllocStep {
        params = Map.copyOf(params);
    }

    /** The named parameter; throws if the step has none of that name (a caller bug). */
    public long param(String name) {
        Long value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(kind + " has no param " + name + ": " + params);
        }
        return value;
    }
}
