package bindercheck.properties.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.alloc.PageState;
import bindercheck.properties.check.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel's allocator selftest ({@code binder_alloc_selftest.c}, docs/driver.md Appendix A, B16), redone on
 * impl through the checked harness, so that after every single step I-P (PagesExact) and every
 * other invariant of BinderAlloc.tla hold and the step refines the spec. Five buffers whose ends
 * fall in every position against page boundaries, relative to the previous end:
 * <pre>
 *   same page, unaligned   prev ][ this ][        prev ]|[ this ][
 *   same page, aligned     prev ][ this ]|        prev ]|[ this ]|
 *   next page, unaligned   prev ][ th|is ][       ...
 *   next page, aligned     prev ][ th|is ]|
 *   page after next        prev ][ t|hi|s ][
 * </pre>
 * (5^5 layouts), packed at the area's start (front) or pushed to its end by a giant first buffer
 * (back), each allocated, freed in all 120 orders, reallocated from the LRU, freed again and
 * reclaimed by the shrinker. The kernel selftest's own page expectations are asserted as well.
 * Page sizes: 4096 (the kernel's) and 64 bytes.
 */
class AllocSelftestTest {
    private static final int BUFFER_NUM = 5;
    private static final int LAYOUTS = 5;
    private static final int AREA_PAGES = 16;

    private CheckedAlloc alloc;
    private int pageSize;
    private int minSize;
    private final List<String> failures = new ArrayList<>();
    private int runs;

    @ParameterizedTest(name = "page {0} B")
    @ValueSource(ints = {4096, 64})
    void everyEndAlignmentAndFreeOrderKeepsEveryInvariant(int page) {
        pageSize = page;
        minSize = page / 8;
        alloc = CheckedAlloc.mapped(AREA_PAGES, page, false);
        allocOffset(new long[BUFFER_NUM], 0);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
        assertEquals(List.of(), alloc.violations());
        assertEquals(2 * 3125 * 120, runs);
        assertTrue(alloc.checkedSteps() > 2 * 3125 * 120 * 20, "every step went through the checker");
    }

    private void allocOffset(long[] endOffset, int index) {
        if (index == BUFFER_NUM) {
            allocSize(endOffset);
            return;
        }
        long end = index == 0 ? 0 : endOffset[index - 1];
        for (int align = 0; align < LAYOUTS; align++) {
            end = align % 2 == 1 ? ceil(end) : end + minSize;
            endOffset[index] = end;
            allocOffset(endOffset, index + 1);
        }
    }

    private void allocSize(long[] endOffset) {
        long[] front = new long[BUFFER_NUM];
        long[] back = new long[BUFFER_NUM];
        long last = 0;
        for (int i = 0; i < BUFFER_NUM; i++) {
            front[i] = endOffset[i] - last;
            back[BUFFER_NUM - 1 - i] = front[i];
            last = endOffset[i];
        }
        back[0] += alloc.areaBytes() - endOffset[BUFFER_NUM - 1];
        freeSeq(front, new int[BUFFER_NUM], 0, endOffset[BUFFER_NUM - 1]);
        freeSeq(back, new int[BUFFER_NUM], 0, alloc.areaBytes());
    }

    private void freeSeq(long[] sizes, int[] seq, int index, long end) {
        if (index == BUFFER_NUM) {
            allocFree(sizes, seq, end);
            return;
        }
        outer:
        for (int i = 0; i < BUFFER_NUM; i++) {
            for (int j = 0; j < index; j++) {
                if (seq[j] == i) {
                    continue outer;
                }
            }
            seq[index] = i;
            freeSeq(sizes, seq, index + 1, end);
        }
    }

    private void allocFree(long[] sizes, int[] seq, long end) {
        runs++;
        long[] offsets = new long[BUFFER_NUM];
        allocBufs(offsets, sizes, seq);
        freeBufs(offsets, sizes, seq, end);
        allocBufs(offsets, sizes, seq); // from the LRU this time
        if (!alloc.lruPages().isEmpty()) {
            fail(sizes, seq, "LRU should be empty after reallocation but holds " + alloc.lruPages());
        }
        freeBufs(offsets, sizes, seq, end);
        freePages(sizes, seq);
        List<Violation> v = alloc.violations();
        if (!v.isEmpty()) {
            fail(sizes, seq, v.get(0).toString());
        }
    }

    private void allocBufs(long[] offsets, long[] sizes, int[] seq) {
        for (int i = 0; i < BUFFER_NUM; i++) {
            List<Long> before = alloc.allocatedOffsets();
            int rc = alloc.alloc(sizes[i], 0, 0, false);
            if (rc != 0) {
                fail(sizes, seq, "alloc " + i + " failed with " + rc);
                continue;
            }
            List<Long> after = new ArrayList<>(alloc.allocatedOffsets());
            after.removeAll(before);
            long start = after.get(0);
            offsets[i] = start;
            // From the page holding the start (the kernel checks it too) to the end of the request.
            for (long p = start / pageSize; p * pageSize < ceil(start + sizes[i]); p++) {
                if (alloc.impl().pageState((int) p) != PageState.IN_USE) {
                    fail(sizes, seq, "expected page " + p + " in use, is " + alloc.impl().pageState((int) p));
                }
            }
        }
    }

    private void freeBufs(long[] offsets, long[] sizes, int[] seq, long end) {
        for (int i = 0; i < BUFFER_NUM; i++) {
            alloc.free(offsets[seq[i]]);
        }
        for (int p = 0; p < end / pageSize; p++) {
            if (alloc.impl().pageState(p) != PageState.LRU) {
                fail(sizes, seq, "expected page " + p + " on the LRU, is " + alloc.impl().pageState(p));
            }
        }
    }

    private void freePages(long[] sizes, int[] seq) {
        for (int p : alloc.lruPages()) {
            alloc.shrink(p);
        }
        for (int p = 0; p < AREA_PAGES; p++) {
            if (alloc.impl().pageState(p) != PageState.ABSENT) {
                fail(sizes, seq, "expected page " + p + " absent, is " + alloc.impl().pageState(p));
            }
        }
    }

    private long ceil(long offset) {
        return (offset + pageSize - 1) / pageSize * pageSize;
    }

    private void fail(long[] sizes, int[] seq, String what) {
        failures.add(Arrays.toString(sizes) + " freed " + Arrays.toString(seq) + ": " + what);
        assertTrue(failures.size() < 100, () -> "too many failures: " + failures.subList(0, 10));
    }
}
