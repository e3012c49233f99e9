package bindercheck.impl.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel's allocator selftest ({@code binder_alloc_selftest.c}), redone through the public API.
 * Five buffers whose ends fall in every position against page boundaries, relative to the
 * previous end:
 * <pre>
 *   same page, unaligned   prev ][ this ][        prev ]|[ this ][
 *   same page, aligned     prev ][ this ]|        prev ]|[ this ]|
 *   next page, unaligned   prev ][ th|is ][       ...
 *   next page, aligned     prev ][ th|is ]|
 *   page after next        prev ][ t|hi|s ][
 * </pre>
 * (5^5 layouts), packed at the area's start or with a giant first buffer pushing them to its end,
 * each allocated, freed in all 120 orders, reallocated from the LRU, freed again and reclaimed.
 * After each allocation the buffer's pages are in use; after the frees every page up to the last
 * end is on the LRU; the reallocation empties the LRU; the shrinker then leaves no page present.
 */
class SelftestTest {
    private static final int BUFFER_NUM = 5;
    private static final int LAYOUTS = 5;

    private BinderAlloc alloc;
    private int pageSize;
    private int minSize;
    private final List<String> failures = new ArrayList<>();
    private int runs;

    @ParameterizedTest(name = "page {0} B")
    @ValueSource(ints = {4096, 64})
    void everyEndAlignmentAndFreeOrder(int page) {
        pageSize = page;
        minSize = page / 8;
        alloc = new BinderAlloc(1, page, new BinderAllocLru());
        assertEquals(0, alloc.mmap(0x7f00_0000_0000L, 16L * page));
        allocOffset(new long[BUFFER_NUM], 0);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())));
        assertEquals(2 * 3125 * 120, runs);
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
        back[0] += alloc.bufferSize() - endOffset[BUFFER_NUM - 1];
        freeSeq(front, new int[BUFFER_NUM], 0, endOffset[BUFFER_NUM - 1]);
        freeSeq(back, new int[BUFFER_NUM], 0, alloc.bufferSize());
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
        BinderBuffer[] buffers = new BinderBuffer[BUFFER_NUM];
        allocBufs(buffers, sizes, seq);
        freeBufs(buffers, sizes, seq, end);
        allocBufs(buffers, sizes, seq); // from the LRU this time
        if (alloc.lru().count() != 0) {
            fail(sizes, seq, "LRU should be empty after reallocation but holds " + alloc.lru().count());
        }
        freeBufs(buffers, sizes, seq, end);
        freePages(sizes, seq);
        if (!alloc.checkStructure().isEmpty()) {
            fail(sizes, seq, alloc.checkStructure().toString());
        }
    }

    private void allocBufs(BinderBuffer[] buffers, long[] sizes, int[] seq) {
        for (int i = 0; i < BUFFER_NUM; i++) {
            AllocResult r = alloc.alloc(sizes[i], 0, 0, false, 1);
            buffers[i] = r.buffer();
            if (!r.ok()) {
                fail(sizes, seq, "alloc " + i + " failed with " + r.errno());
                continue;
            }
            long start = r.buffer().userData() - alloc.base();
            // From the page holding the start (the kernel checks it too) to the end of the request.
            for (long p = start / pageSize; p * pageSize < ceil(start + sizes[i]); p++) {
                if (alloc.pageState((int) p) != PageState.IN_USE) {
                    fail(sizes, seq, "expected page " + p + " in use, is " + alloc.pageState((int) p));
                }
            }
        }
    }

    private void freeBufs(BinderBuffer[] buffers, long[] sizes, int[] seq, long end) {
        for (int i = 0; i < BUFFER_NUM; i++) {
            alloc.free(buffers[seq[i]]);
        }
        for (int p = 0; p < end / pageSize; p++) {
            if (alloc.pageState(p) != PageState.LRU) {
                fail(sizes, seq, "expected page " + p + " on the LRU, is " + alloc.pageState(p));
            }
        }
    }

    private void freePages(long[] sizes, int[] seq) {
        int count;
        while ((count = alloc.lru().count()) != 0) {
            alloc.lru().scan(count);
        }
        for (int p = 0; p < alloc.pageCount(); p++) {
            if (alloc.pageState(p) != PageState.ABSENT) {
                fail(sizes, seq, "expected page " + p + " absent, is " + alloc.pageState(p));
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
