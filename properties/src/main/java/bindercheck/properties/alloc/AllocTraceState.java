package bindercheck.properties.alloc;

import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.Outcome;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The allocator's state after a step of an impl trace, as far as the trace can tell: every
 * variable as the checker matched it, and for {@code outcome} the set of outcomes impl's result
 * stands for (-ENOSPC is both NoSpace and AsyncNoSpace); BinderAllocTrace.tla matches
 * {@code outcome \in outcomes}, the other variables exactly. Init's outcome is OK.
 *
 * @param state    the abstract state the checker matched
 * @param outcomes the outcomes impl's result stands for, in Outcome's order
 */
public record AllocTraceState(AllocState state, Set<Outcome> outcomes) {
    public AllocTraceState {
        outcomes = Collections.unmodifiableSet(outcomes.isEmpty() ? EnumSet.noneOf(Outcome.class)
                : EnumSet.copyOf(outcomes));
    }
}
