package bindercheck.impl.alloc;

import static bindercheck.impl.Errno.EBUSY;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.ENOSPC;
import static bindercheck.impl.Errno.EPERM;
import static bindercheck.impl.Errno.ESRCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Error codes and their order, and calls the kernel would BUG on, which must change nothing. */
class ErrorsTest {
    private static final long BASE = 0x2000_0000L;
    private static final long AREA = 16 * 4096;

    private final BinderAlloc alloc = new BinderAlloc(5);

    private void map() {
        assertEquals(0, alloc.mmap(BASE, AREA));
    }

    private int errno(long d, long o, long e, boolean async) {
        return alloc.alloc(d, o, e, async, 1).errno();
    }

    @Test
    void mmapRules() {
        assertEquals(-EINVAL, alloc.mmap(BASE, 0));
        assertEquals(-EINVAL, alloc.mmap(BASE, 4095));
        assertEquals(-EINVAL, alloc.mmap(BASE + 8, AREA));
        assertEquals(-EINVAL, alloc.mmap(-4096, AREA));
        assertEquals(0, alloc.bufferSize(), "a refused mmap leaves nothing behind");
        map();
        assertEquals(-EBUSY, alloc.mmap(BASE, AREA));
        alloc.unmap();
        assertEquals(-EBUSY, alloc.mmap(BASE, AREA), "buffer_size stays set after unmap");
    }

    @Test
    void mmapCapsTheAreaAtFourMiB() {
        assertEquals(0, alloc.mmap(BASE, 8L << 20));
        assertEquals(4L << 20, alloc.bufferSize());
        assertEquals(1024, alloc.pageCount());
        assertEquals(2L << 20, alloc.freeAsyncSpace());
        assertEquals(-ENOSPC, errno((4L << 20) + 8, 0, 0, false));
        assertEquals(0, errno(4L << 20, 0, 0, false));
    }

    @Test
    void allocationErrorsInKernelOrder() {
        assertEquals(-ESRCH, errno(8, 0, 0, false), "before mmap");
        map();
        assertEquals(-EINVAL, errno(-8L, 8, 0, false), "data + offsets wrap");
        assertEquals(-EINVAL, errno(-1L, 0, 0, false), "ALIGN8 of 2^64-1 wraps to 0");
        assertEquals(-EINVAL, errno(0, 0, -1L, false), "extra wraps");
        assertEquals(-EINVAL, errno(8, 8, -16L, false), "total wraps");
        assertEquals(-EINVAL, errno(-8L, 8, 0, true), "overflow is checked before async space");
        assertEquals(-ENOSPC, errno(-8L, 0, 0, false), "2^64-8 does not wrap: it just does not fit");
        assertEquals(-ENOSPC, errno(AREA + 1, 0, 0, false));
        assertEquals(-ENOSPC, errno(AREA / 2 + 1, 0, 0, true), "async over half the area");
        assertEquals(0, errno(AREA / 2 + 1, 0, 0, false));
        assertEquals(List.of(), alloc.checkStructure());
        alloc.unmap();
        assertEquals(-ESRCH, errno(-8L, 8, 0, false), "no vma is checked first");
        assertEquals(-ESRCH, errno(8, 0, 0, false));
    }

    @Test
    void prepareToFreeMatchesExactStartsAndGuardsUserFrees() {
        map();
        BinderBuffer b = alloc.alloc(100, 0, 0, false, 1).buffer();
        assertSame(PrepareToFreeResult.NOT_FOUND, alloc.prepareToFree(b.userData() + 8));
        assertEquals(new PrepareToFreeResult(-EPERM, null), alloc.prepareToFree(b.userData()));
        b.setAllowUserFree(true);
        PrepareToFreeResult ok = alloc.prepareToFree(b.userData());
        assertEquals(0, ok.errno());
        assertSame(b, ok.buffer());
        assertFalse(b.allowUserFree(), "cleared so a second BC_FREE_BUFFER fails");
        assertEquals(-EPERM, alloc.prepareToFree(b.userData()).errno());
        assertTrue(alloc.free(b));
        assertNull(alloc.prepareToFree(b.userData()).buffer(), "free buffers are not found");
    }

    @Test
    void refusedFreesChangeNothing() {
        map();
        BinderBuffer a = alloc.alloc(100, 0, 0, false, 1).buffer();
        BinderBuffer b = alloc.alloc(100, 0, 0, false, 1).buffer();
        BinderAlloc other = new BinderAlloc(6);
        assertEquals(0, other.mmap(BASE, AREA));
        BinderBuffer foreign = other.alloc(100, 0, 0, false, 1).buffer();
        assertTrue(alloc.free(a));
        BinderBuffer dropped = alloc.buffers().get(2); // the tail, absorbed when b is freed
        assertTrue(alloc.free(b));
        assertEquals(1, alloc.buffers().size());
        String before = alloc.buffers().toString() + alloc.freeTreeInOrder() + alloc.freeAsyncSpace();
        assertFalse(alloc.free(a), "double free");
        assertFalse(alloc.free(dropped), "record already coalesced away");
        assertEquals(0, dropped.extent());
        assertFalse(alloc.free(foreign), "another allocator's buffer");
        assertFalse(alloc.free(null));
        assertEquals(before, alloc.buffers().toString() + alloc.freeTreeInOrder() + alloc.freeAsyncSpace());
        assertEquals(List.of(), alloc.checkStructure());
        assertFalse(foreign.isFree());
    }

    @Test
    void afterUnmapFreesStillWorkAndTeardownNeedsUnmap() {
        map();
        BinderBuffer a = alloc.alloc(5000, 0, 0, true, 1).buffer();
        BinderBuffer b = alloc.alloc(100, 0, 0, false, 1).buffer();
        alloc.alloc(100, 0, 0, true, 1);
        assertEquals(-EBUSY, alloc.teardown(), "the kernel BUGs on a release with the vma present");
        assertEquals(3, alloc.allocatedTreeInOrder().size());
        alloc.unmap();
        assertFalse(alloc.mapped());
        assertTrue(alloc.free(b));
        assertSame(null, alloc.alloc(8, 0, 0, false, 1).buffer());
        assertTrue(alloc.pageState(0) == PageState.IN_USE && !a.isFree());
        assertEquals(0, alloc.teardown());
        assertEquals(AREA / 2, alloc.freeAsyncSpace(), "teardown credits async buffers");
        assertEquals(1, alloc.buffers().size());
        assertEquals(AREA, alloc.buffers().get(0).extent());
        assertEquals(List.of(), alloc.allocatedTreeInOrder());
        for (int i = 0; i < alloc.pageCount(); i++) {
            assertEquals(PageState.ABSENT, alloc.pageState(i));
        }
        assertEquals(0, alloc.lru().count());
        assertEquals(List.of(), alloc.checkStructure());
        assertEquals(0, alloc.teardown(), "a second teardown finds nothing to do");
    }

    @Test
    void teardownBeforeMmapIsHarmless() {
        assertEquals(0, alloc.teardown());
        assertEquals(List.of(), alloc.checkStructure());
        assertEquals(0, alloc.pageCount());
        assertFalse(alloc.shrink(0));
    }

    @Test
    void constructorRejectsUnusablePageSizes() {
        for (int bad : new int[] {0, -8, 12, 4097}) {
            try {
                new BinderAlloc(1, bad, null);
                throw new AssertionError("accepted page size " + bad);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains(String.valueOf(bad)));
            }
        }
    }
}
