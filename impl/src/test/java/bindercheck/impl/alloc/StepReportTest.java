package bindercheck.impl.alloc;

import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.ENOSPC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bindercheck.impl.step.AllocStep;
import bindercheck.impl.step.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One step per entry-point call, with offsets from the base, reported to the owning allocator only. */
class StepReportTest {
    private static final long BASE = 0x6000_0000L;

    @Test
    void everyEntryPointReportsOneStep() {
        BinderAllocLru lru = new BinderAllocLru();
        BinderAlloc alloc = new BinderAlloc(3, 4096, lru);
        BinderAlloc other = new BinderAlloc(4, 4096, lru);
        List<AllocStep> steps = new ArrayList<>();
        List<AllocStep> otherSteps = new ArrayList<>();
        alloc.setStepListener(steps::add);
        other.setStepListener(otherSteps::add);
        alloc.mmap(BASE, 4 * 4096);
        other.mmap(BASE + 65536, 4 * 4096);
        assertEquals(List.of(), steps, "mmap is not a step");

        BinderBuffer a = alloc.alloc(5000, 16, 0, true, 42).buffer();
        alloc.alloc(100, 0, 0, false, 42);
        alloc.alloc(1L << 20, 0, 0, false, 42);
        alloc.free(a);
        alloc.free(a);
        lru.scan(1);
        alloc.shrink(0);
        alloc.unmap();
        alloc.teardown();

        assertEquals(List.of(
                new AllocStep(StepKind.ALLOC, Map.of("dataSize", 5000L, "offsetsSize", 16L, "extraBuffersSize", 0L,
                        "async", 1L, "pid", 42L, "start", 0L), 0),
                new AllocStep(StepKind.ALLOC, Map.of("dataSize", 100L, "offsetsSize", 0L, "extraBuffersSize", 0L,
                        "async", 0L, "pid", 42L, "start", 5016L), 0),
                new AllocStep(StepKind.ALLOC, Map.of("dataSize", 1L << 20, "offsetsSize", 0L, "extraBuffersSize", 0L,
                        "async", 0L, "pid", 42L, "start", -1L), -ENOSPC),
                new AllocStep(StepKind.FREE, Map.of("start", 0L), 0),
                new AllocStep(StepKind.FREE, Map.of("start", 0L), -EINVAL),
                new AllocStep(StepKind.SHRINK, Map.of("page", 0L), 0),
                new AllocStep(StepKind.SHRINK, Map.of("page", 0L), -EINVAL),
                new AllocStep(StepKind.UNMAP, Map.of(), 0),
                new AllocStep(StepKind.TEARDOWN, Map.of(), 0)), steps);
        assertEquals(List.of(), otherSteps);
        assertEquals(5016L, steps.get(1).param("start"));
    }

    @Test
    void listenerDefaultsToNothingAndNullResetsIt() {
        BinderAlloc alloc = new BinderAlloc(3);
        List<AllocStep> steps = new ArrayList<>();
        alloc.setStepListener(steps::add);
        alloc.setStepListener(null);
        alloc.mmap(BASE, 4096);
        alloc.alloc(8, 0, 0, false, 1);
        assertEquals(List.of(), steps);
    }
}
