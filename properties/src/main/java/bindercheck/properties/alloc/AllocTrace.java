package bindercheck.properties.alloc;

import bindercheck.model.Trace;
import bindercheck.model.TraceStep;
import java.util.List;

/**
 * A recorded run of impl's allocator: the area it ran on, the initial abstract state and
 * every step ({@link TraceStep}: action, parameters, whether impl refused it, the state after it
 * with the outcomes impl's result stands for): what TLC's trace validation checks ({@link AllocTraceValidation},
 * BinderAllocTrace.tla). {@code fuzz alloc --replay --trace} writes the same steps as they come ({@link AllocView}).
 *
 * @param areaUnits AreaUnits of the run's area
 * @param pageUnits PageUnits of the run's area
 * @param init      the state after mmap (outcome OK)
 * @param steps     every operation, refused ones included
 */
public record AllocTrace(int areaUnits, int pageUnits, AllocTraceState init, List<TraceStep<AllocTraceState>> steps)
        implements Trace<AllocTraceState> {
    public AllocTrace {
        steps = List.copyOf(steps);
    }
}
