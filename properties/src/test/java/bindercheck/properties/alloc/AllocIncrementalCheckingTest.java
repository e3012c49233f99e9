package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.alloc.AllocTamper;
import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.Checking;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Incremental and full checking side by side: the same generated streams (AllocMove's mix, the campaign's) run on two
 * allocators, one checked {@link Checking#FULL}, one {@link Checking#INCREMENTAL}, and after every step both must
 * have the same violations (checker, name and text) and the same abstract state; at the end of the stream both do the
 * whole check. On the real allocator nothing may fail; on allocators broken on purpose ({@link Mutant}, each a bug
 * whose effect stays within what its step touched) both modes must catch the bug at the same step, and every mutant
 * must be caught. Two bugs that reach beyond what their step touched ({@link FarMutant}) are caught by full checking
 * at their step and by incremental checking no later than the whole check at the end of the try.
 */
class AllocIncrementalCheckingTest {
    private static final int LENGTH = 200;
    private static final Map<Mutant, Integer> CAUGHT = new EnumMap<>(Mutant.class);

    /** Bugs whose effect stays within the records and pages their step touched. */
    enum Mutant implements CheckedAlloc.ImplFault {
        NONE {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
            }
        },
        /** Alloc of more than a page leaves its last claimed page on the LRU. */
        CLAIM_ONE_PAGE_SHORT {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Alloc") && b != null && b.extent() > a.pageSizeBytes()) {
                    AllocTamper.unclaimLastPage(a, b);
                }
            }
        },
        /** Free of a one-way buffer forgets 8 bytes of its async credit. */
        ASYNC_CREDIT_SHORT {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Free") && b != null && b.asyncTransaction()) {
                    AllocTamper.takeAsyncSpace(a, 8);
                }
            }
        },
        /** Alloc starting mid-page counts a page fault. */
        FAULT_MID_PAGE {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Alloc") && b != null && (b.userData() - a.base()) % a.pageSizeBytes() != 0) {
                    AllocTamper.countPageFault(a);
                }
            }
        },
        /** Alloc of a one-way buffer records a request 8 bytes larger than it placed. */
        ASYNC_SIZE_WRONG {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Alloc") && b != null && b.asyncTransaction()) {
                    AllocTamper.growRequest(b);
                }
            }
        },
        /** Free leaves a seam: the coalesced free record split in two free neighbours. */
        SEAM_AFTER_FREE {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Free") && b != null) {
                    AllocTamper.splitFreeRecordAt(a, b.userData());
                }
            }
        }
    }

    /** Bugs whose effect reaches beyond what their step touched. */
    enum FarMutant implements CheckedAlloc.ImplFault {
        /** Free of a one-way buffer miscounts the LRU (visible to impl's structure check only). */
        LRU_MISCOUNTED {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Free") && b != null && b.asyncTransaction()) {
                    AllocTamper.miscountLru(a);
                }
            }
        },
        /** Shrink also drops the highest page in use, wherever it is. */
        SHRINK_DROPS_A_PAGE_IN_USE {
            @Override
            public void after(String action, BinderAlloc a, BinderBuffer b) {
                if (action.equals("Shrink")) {
                    AllocTamper.dropAnotherPageInUse(a, -1);
                }
            }
        }
    }

    @Property(tries = 240)
    void incrementalAndFullCheckingGiveTheSameVerdicts(@ForAll long seed, @ForAll @IntRange(min = 1, max = 16) int pages,
            @ForAll boolean tinyPages, @ForAll Mutant mutant) {
        Pair p = new Pair(pages, tinyPages ? 64 : 4096, mutant);
        Random r = new Random(seed);
        int unbounded = 0;
        for (int step = 1; step <= LENGTH; step++) {
            AllocOp op = AllocMove.drawAny(p.full, r);
            unbounded += op instanceof AllocOp.Teardown && !p.full.impl().mapped() && !p.full.allocatedOffsets().isEmpty()
                    ? 1 : 0; // it frees every buffer
            op.apply(p.full);
            op.apply(p.incremental);
            int at = step;
            assertEquals(p.full.violations(), p.incremental.violations(), () -> mutant + ": verdicts differ after step "
                    + at + " (" + op.line() + ")");
            if (!p.full.violations().isEmpty()) {
                assertTrue(mutant != Mutant.NONE, () -> "the real allocator failed: " + p.full.violations());
                synchronized (CAUGHT) {
                    CAUGHT.merge(mutant, 1, Integer::sum);
                }
                return;
            }
            assertEquals(p.full.state(), p.incremental.state(), () -> "states differ after step " + at);
        }
        p.full.checkWhole();
        p.incremental.checkWhole();
        assertEquals(List.of(), p.full.violations());
        assertEquals(List.of(), p.incremental.violations(), "the end-of-try check found what no step did");
        // Whole checks: Teardowns that freed buffers, and the end of the try; never another step of a sound allocator.
        assertEquals(unbounded + 1, p.incremental.wholeChecks(), "steps checked whole");
    }

    @AfterContainer
    static void everyMutantWasCaught() {
        System.out.println("AllocIncrementalCheckingTest: tries caught per mutant " + CAUGHT);
        for (Mutant m : Mutant.values()) {
            if (m != Mutant.NONE) {
                assertTrue(CAUGHT.getOrDefault(m, 0) >= 3, () -> m + " was caught " + CAUGHT.getOrDefault(m, 0)
                        + " times, at least 3 expected: " + CAUGHT);
            }
        }
    }

    @Example
    void bugsBeyondTheTouchedRangeAreCaughtByTheEndOfTheTry() {
        for (FarMutant m : FarMutant.values()) {
            int caught = 0;
            for (long seed = 0; seed < 40; seed++) {
                Pair p = new Pair(8, 4096, m);
                Random r = new Random(seed);
                int fullStep = -1;
                for (int step = 1; step <= LENGTH && p.incremental.violations().isEmpty(); step++) {
                    AllocOp op = AllocMove.drawAny(p.incremental, r);
                    op.apply(p.incremental);
                    if (fullStep < 0) {
                        op.apply(p.full);
                        fullStep = p.full.violations().isEmpty() ? -1 : step;
                    }
                }
                p.incremental.checkWhole();
                if (fullStep < 0) {
                    assertEquals(List.of(), p.incremental.violations(), m + " seed " + seed);
                    continue;
                }
                caught++;
                List<Violation> v = p.incremental.violations();
                assertFalse(v.isEmpty(), () -> m + ": full checking caught it, incremental did not by the end of the try");
                assertEquals(p.full.violations().get(0).checker(), v.get(0).checker(), m.toString());
            }
            assertTrue(caught >= 5, m + " was caught in " + caught + " of 40 tries");
        }
    }

    /** The same allocator twice, with the same fault, checked both ways. */
    private static final class Pair {
        final CheckedAlloc full;
        final CheckedAlloc incremental;

        Pair(int pages, int pageSize, CheckedAlloc.ImplFault fault) {
            full = CheckedAlloc.mapped(pages, pageSize, false, Checking.FULL);
            incremental = CheckedAlloc.mapped(pages, pageSize, false, Checking.INCREMENTAL);
            full.inject(fault);
            incremental.inject(fault);
        }
    }
}
