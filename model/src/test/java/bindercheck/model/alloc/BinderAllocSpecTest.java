package bindercheck.model.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mirror's actions on small, hand-checked examples: 8 units, pages of 4 units. */
class BinderAllocSpecTest {
    private final AllocModel model = new AllocModel(8, 4, Set.of(0L, 9L, 17L, 25L, 33L, 41L, 49L, 57L, 65L),
            Set.of(0L), Set.of(0L), 1);
    private final BinderAllocSpec spec = new BinderAllocSpec(model);

    @Test
    void initHasFifteenSuccessorsCountedByHand() {
        // sync sizes 1..8 (8), async sizes 1..4 within half the area (4), async too big (1),
        // nothing fits 9 units (1), unmap (1); no free, shrink or teardown is enabled
        assertEquals(15, spec.next(spec.init()).size());
        assertEquals(16, AllocExplorer.explore(model).distinctStates());
    }

    @Test
    void allocSplitsClaimsWholePagesOfTheRequestAndChargesAsyncSpace() {
        AllocState s = only(spec.alloc(spec.init(), 17, 0, 0, true)); // 17 bytes -> 24 = 3 units
        assertEquals(List.of(new BufferState(0, false, true, 3), BufferState.freeAt(3)), s.buffers());
        // pages [PageUp(0), min(PageUp(3), PageDown(8))) = [0, 4): page 0 only
        assertEquals(List.of(PageState.IN_USE, PageState.ABSENT), s.pages());
        assertEquals(4 - 3, s.freeAsyncSpace());
    }

    @Test
    void asyncRequestsLargerThanHalfTheAreaFail() {
        AllocState s = only(spec.alloc(spec.init(), 33, 0, 0, true));
        assertEquals(Outcome.ASYNC_NO_SPACE, s.outcome()); // 5 units > AsyncTotal 4
        assertEquals(spec.init().buffers(), s.buffers());
    }

    @Test
    void bestFitOffersEveryHoleOfTheSmallestExtent() {
        AllocState s = spec.init();
        for (int i = 0; i < 4; i++) {
            s = only(spec.alloc(s, 9, 0, 0, false)); // four buffers of 2 units
        }
        s = only(spec.free(s, 0));
        s = only(spec.free(s, 4)); // holes at 0 and 4, both of extent 2
        assertEquals(2, spec.alloc(s, 9, 0, 0, false).size());
    }

    @Test
    void freeCoalescesWithNextThenPreviousAndReleasesWholePages() {
        AllocState s = only(spec.alloc(spec.init(), 9, 0, 0, false)); // [0,2)
        s = only(spec.alloc(s, 9, 0, 0, false)); // [2,4)
        s = only(spec.free(s, 0));
        s = only(spec.free(s, 2));
        assertEquals(List.of(BufferState.freeAt(0)), s.buffers());
        assertEquals(List.of(PageState.LRU, PageState.ABSENT), s.pages());
        assertTrue(AllocInvariants.violated(model, s).isEmpty());
    }

    @Test
    void counterexampleStepsAreNamedWithTheirParameters() {
        AllocState a = only(spec.alloc(spec.init(), 9, 0, 0, false));
        AllocState b = only(spec.free(a, 0));
        assertEquals("Alloc(d=9, o=0, e=0, sync)", AllocSteps.label(model, spec.init(), a));
        assertEquals("Free(start=0)", AllocSteps.label(model, a, b));
        AllocState wrongPages = new AllocState(b.buffers(), List.of(PageState.IN_USE, PageState.ABSENT),
                b.freeAsyncSpace(), b.mapped(), b.pageFault(), b.outcome());
        assertTrue(AllocSteps.label(model, a, wrongPages).startsWith("Free(start=0) [deviates"));
    }

    private static AllocState only(Set<AllocState> states) {
        assertEquals(1, states.size(), () -> "expected one successor, got " + states);
        return states.iterator().next();
    }
}
