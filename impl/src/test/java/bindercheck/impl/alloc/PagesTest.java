package bindercheck.impl.alloc;

import static bindercheck.impl.alloc.PageState.ABSENT;
import static bindercheck.impl.alloc.PageState.IN_USE;
import static bindercheck.impl.alloc.PageState.LRU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Page claim and release (docs/driver.md §6.8) with 4 KiB pages. Pictures show buffers
 * against page boundaries: {@code |} a page boundary, {@code [a..]} an allocated buffer,
 * {@code (..)} a free one.
 */
class PagesTest {
    private static final int PAGE = 4096;
    private static final long BASE = 0x10_0000L;

    private final BinderAllocLru lru = new BinderAllocLru();
    private final BinderAlloc alloc = new BinderAlloc(1, PAGE, lru);

    PagesTest() {
        assertEquals(0, alloc.mmap(BASE, 8L * PAGE));
    }

    private BinderBuffer allocate(long size) {
        AllocResult r = alloc.alloc(size, 0, 0, false, 1);
        assertEquals(0, r.errno());
        assertSound();
        return r.buffer();
    }

    private void free(BinderBuffer b) {
        assertTrue(alloc.free(b));
        assertSound();
    }

    private void assertSound() {
        assertEquals(List.of(), alloc.checkStructure());
    }

    private List<PageState> pages() {
        List<PageState> out = new ArrayList<>();
        for (int i = 0; i < alloc.pageCount(); i++) {
            out.add(alloc.pageState(i));
        }
        return out;
    }

    private void assertPages(PageState... expected) {
        assertEquals(List.of(expected), pages());
    }

    @Test
    void mmapInstallsNoPage() {
        assertEquals(8, alloc.pageCount());
        assertPages(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
    }

    /**
     * {@code |[a 104]....|[b 5000 ....|..]......|}: a claims page 0; b starts inside page 0, which
     * it leaves alone (a holds it), and claims page 1 only.
     */
    @Test
    void allocationClaimsFromTheFirstWholePageToTheEndOfTheRequest() {
        allocate(100);
        assertPages(IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        allocate(5000);
        assertPages(IN_USE, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        allocate(3 * PAGE);
        // starts at 5104 (page 1), ends at 17392 (page 4): pages 2, 3 and 4 are claimed
        assertPages(IN_USE, IN_USE, IN_USE, IN_USE, IN_USE, ABSENT, ABSENT, ABSENT);
        assertEquals(0, lru.count());
    }

    /** Freeing puts the whole pages of the extent on the LRU, highest first; the shrinker takes the head. */
    @Test
    void freeReleasesWholePagesHighestFirst() {
        BinderBuffer a = allocate(PAGE);
        BinderBuffer b = allocate(3 * PAGE);
        allocate(8);
        assertPages(IN_USE, IN_USE, IN_USE, IN_USE, IN_USE, ABSENT, ABSENT, ABSENT);
        free(b);
        assertPages(IN_USE, LRU, LRU, LRU, IN_USE, ABSENT, ABSENT, ABSENT);
        assertEquals(3, lru.count());
        assertEquals(1, lru.scan(1));
        assertPages(IN_USE, LRU, LRU, ABSENT, IN_USE, ABSENT, ABSENT, ABSENT);
        assertEquals(2, lru.scan(10));
        assertPages(IN_USE, ABSENT, ABSENT, ABSENT, IN_USE, ABSENT, ABSENT, ABSENT);
        assertEquals(0, lru.count());
        free(a);
        assertPages(LRU, ABSENT, ABSENT, ABSENT, IN_USE, ABSENT, ABSENT, ABSENT);
    }

    /** Reallocation takes pages back off the LRU; shrink makes an LRU page absent and nothing else. */
    @Test
    void shrinkReclaimsOnlyLruPagesAndAllocationReusesThem() {
        BinderBuffer a = allocate(2 * PAGE);
        allocate(8);
        free(a);
        assertPages(LRU, LRU, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertFalse(alloc.shrink(2), "in use");
        assertFalse(alloc.shrink(3), "absent");
        assertFalse(alloc.shrink(99), "no such page");
        assertTrue(alloc.shrink(1));
        assertFalse(alloc.shrink(1), "already reclaimed");
        assertPages(LRU, ABSENT, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(1, lru.count());
        assertSound();
        BinderBuffer again = allocate(2 * PAGE);
        assertEquals(BASE, again.userData());
        assertPages(IN_USE, IN_USE, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(0, lru.count());
    }

    /**
     * {@code |[a 4000][b 200|][c 100](rest...)}: freeing b releases nothing (c still uses page 1).
     * Freeing c coalesces with the rest (page 1 kept: c starts in it) and then with b: deleting c's
     * record releases page 1, since b's predecessor ends in page 0 and nothing follows.
     */
    @Test
    void coalescingReleasesTheSharedPageWhenNoNeighbourUsesIt() {
        BinderBuffer a = allocate(4000);
        BinderBuffer b = allocate(200);
        BinderBuffer c = allocate(100);
        assertPages(IN_USE, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        free(b);
        assertPages(IN_USE, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        free(c);
        assertPages(IN_USE, LRU, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(2, alloc.buffers().size());
        assertEquals(4000, alloc.buffers().get(1).userData() - BASE);
        assertFalse(a.isFree());
    }

    /** {@code |[a 4104 ....|..][b 100][c 100](rest)}: page 1 stays in use while a ends in it. */
    @Test
    void coalescingKeepsThePageThePreviousNeighbourEndsIn() {
        BinderBuffer a = allocate(4104);
        BinderBuffer b = allocate(100);
        BinderBuffer c = allocate(100);
        free(b);
        free(c);
        assertPages(IN_USE, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        free(a);
        // a's whole page 0, then page 1 when b's record goes (a's predecessor is nothing)
        assertPages(LRU, LRU, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(1, alloc.buffers().size());
        assertEquals(2, lru.scan(2));
        assertPages(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
    }

    /** {@code |[a 4000][b 8][c 100|..]}: freeing b and a keeps page 0, which c starts in. */
    @Test
    void coalescingKeepsThePageTheNextNeighbourStartsIn() {
        BinderBuffer a = allocate(4000);
        BinderBuffer b = allocate(8);
        allocate(100);
        free(b);
        free(a);
        assertPages(IN_USE, IN_USE, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(0, lru.count());
    }

    /** {@code |[a 4096]|[b 100](rest)}: b's page goes with the rest; a page-aligned start is not released twice. */
    @Test
    void coalescingNeverReleasesAPageAlignedStart() {
        BinderBuffer a = allocate(PAGE);
        BinderBuffer b = allocate(100);
        free(b);
        assertPages(IN_USE, LRU, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        free(a);
        assertPages(LRU, LRU, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(2, lru.count());
    }

    /** Allocators sharing an LRU are reclaimed in release order, whichever proc a page belongs to. */
    @Test
    void sharedLruReclaimsAcrossAllocatorsInReleaseOrder() {
        BinderAlloc other = new BinderAlloc(2, PAGE, lru);
        assertEquals(0, other.mmap(BASE + 64L * PAGE, 4L * PAGE));
        BinderBuffer mine = allocate(PAGE);
        allocate(8);
        BinderBuffer theirs = other.alloc(PAGE, 0, 0, false, 1).buffer();
        other.alloc(8, 0, 0, false, 1);
        free(mine);
        assertTrue(other.free(theirs));
        assertEquals(2, lru.count());
        assertEquals(1, lru.scan(1));
        assertEquals(ABSENT, alloc.pageState(0));
        assertEquals(LRU, other.pageState(0));
        assertEquals(List.of(), other.checkStructure());
        assertSound();
    }

    /** Teardown frees every buffer and drops every page, LRU or in use. */
    @Test
    void teardownDropsAllPages() {
        BinderAlloc other = new BinderAlloc(2, PAGE, lru);
        assertEquals(0, other.mmap(BASE + 64L * PAGE, 4L * PAGE));
        BinderBuffer theirs = other.alloc(PAGE, 0, 0, false, 1).buffer();
        other.alloc(8, 0, 0, false, 1);
        assertTrue(other.free(theirs));
        BinderBuffer a = allocate(2 * PAGE);
        allocate(3 * PAGE);
        free(a);
        assertEquals(3, lru.count());
        alloc.unmap();
        assertEquals(0, alloc.teardown());
        assertPages(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT);
        assertEquals(1, lru.count(), "the other proc's page stays");
        assertEquals(1, alloc.buffers().size());
        assertTrue(alloc.buffers().get(0).isFree());
        assertEquals(8L * PAGE, alloc.buffers().get(0).extent());
        assertSound();
    }
}
