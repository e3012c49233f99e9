package bindercheck.properties.alloc;

import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.Outcome;
import java.util.Map;
import java.util.Set;

/**
 * One step of an allocator trace: the spec action (its TLA+ name), its parameters, whether
 * impl refused it (a stutter the spec must also refuse), the outcomes impl's result stands
 * for, and the abstract state after it.
 */
public record AllocTraceStep(String action, Map<String, Object> params, boolean refused, Set<Outcome> outcomes,
        AllocState post) {
}
