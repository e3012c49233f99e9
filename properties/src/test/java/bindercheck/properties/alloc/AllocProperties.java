package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;

/**
 * Random alloc / free / shrink / unmap / teardown sequences on impl's allocator, areas of 1
 * to 64 real (4096-byte) pages. After every step: every invariant of BinderAlloc.tla, impl's
 * structural checks, and refinement — the abstract (pre, post) is a step of the spec's
 * action with the same parameters, so Alloc's chosen buffer must be a best-fit candidate.
 */
class AllocProperties {
    private static final AtomicLong TRIES = new AtomicLong();
    private static final AtomicLong STEPS = new AtomicLong();
    private static final long START = System.nanoTime();
    /** Checked steps the run must reach, so that it cannot pass by checking nothing. */
    private static final long STEPS_FLOOR = 12_000;

    @Property(tries = 300)
    void allocRefinesSpec(@ForAll("allocChains") ActionChain<CheckedAlloc> chain) {
        TRIES.incrementAndGet();
        chain.withInvariant("every check holds", s -> assertEquals(List.of(), s.violations(),
                        () -> "after " + s.checkedSteps() + " steps: " + s))
                .run();
        STEPS.addAndGet(chain.finalState().map(CheckedAlloc::checkedSteps).orElse(0L));
    }

    @Provide
    Arbitrary<ActionChain<CheckedAlloc>> allocChains() {
        return Arbitraries.integers().between(1, 64).flatMap(pages -> {
            ActionChainArbitrary<CheckedAlloc> chain = ActionChain.startWith(() -> CheckedAlloc.mapped(pages, 4096));
            for (AllocMove move : AllocMove.values()) {
                chain = chain.withAction(move.weight(), new AllocActions(move));
            }
            return chain.withMaxTransformations(80);
        });
    }

    @AfterContainer
    static void report() {
        double secs = (System.nanoTime() - START) / 1e9;
        System.out.printf("allocRefinesSpec: %d tries, %d checked steps in %.1f s (%.0f tries/s, %.0f checked steps/s)%n",
                TRIES.get(), STEPS.get(), secs, TRIES.get() / secs, STEPS.get() / secs);
        assertTrue(STEPS.get() >= STEPS_FLOOR, "only " + STEPS.get() + " steps checked (at least " + STEPS_FLOOR
                + " expected: 300 tries of up to 80 operations checked about 24,000)");
    }
}
