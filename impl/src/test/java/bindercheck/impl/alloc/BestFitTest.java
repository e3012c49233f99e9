package bindercheck.impl.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Best fit and its tie-breaks (docs/driver.md §6.3): which of several equal-extent holes the
 * kernel's red-black tree hands out, with keys read dynamically during the split.
 */
class BestFitTest {
    private static final long BASE = 0x7000_0000_0000L;

    private final BinderAlloc alloc = new BinderAlloc(100);

    BestFitTest() {
        assertEquals(0, alloc.mmap(BASE, 64 * 1024));
    }

    private BinderBuffer allocate(long dataSize) {
        AllocResult r = alloc.alloc(dataSize, 0, 0, false, 1);
        assertEquals(0, r.errno(), "alloc " + dataSize);
        assertTrue(alloc.checkStructure().isEmpty(), () -> alloc.checkStructure().toString());
        return r.buffer();
    }

    private long offset(BinderBuffer b) {
        return b.userData() - BASE;
    }

    private void free(BinderBuffer b) {
        assertTrue(alloc.free(b));
        assertTrue(alloc.checkStructure().isEmpty(), () -> alloc.checkStructure().toString());
    }

    /** The §6.3 vector; step 16 returns 240 only when the split reads the shrunk key. */
    @Test
    void sixteenStepVector() {
        BinderBuffer a0 = allocate(8);
        assertEquals(0, offset(a0));
        BinderBuffer a1 = allocate(16);
        assertEquals(8, offset(a1));
        BinderBuffer a2 = allocate(24);
        assertEquals(24, offset(a2));
        BinderBuffer a3 = allocate(96);
        assertEquals(48, offset(a3));
        BinderBuffer a4 = allocate(96);
        assertEquals(144, offset(a4));
        free(a0);
        BinderBuffer a5 = allocate(16);
        assertEquals(240, offset(a5));
        BinderBuffer a6 = allocate(96);
        assertEquals(256, offset(a6));
        free(a4);
        BinderBuffer a7 = allocate(96);
        assertEquals(144, offset(a7));
        BinderBuffer a8 = allocate(8);
        assertEquals(0, offset(a8));
        free(a5);
        free(a3);
        free(a1);
        BinderBuffer a9 = allocate(48);
        assertEquals(48, offset(a9), "splits a3's hole");
        BinderBuffer a10 = allocate(16);
        assertEquals(240, offset(a10), "a static-key tree would return 8");
    }

    private BinderBuffer[] hundredByteBuffers(int n) {
        BinderBuffer[] out = new BinderBuffer[n];
        for (int i = 0; i < n; i++) {
            out[i] = allocate(100);
            assertEquals(104L * i, offset(out[i]));
            assertEquals(104, out[i].extent());
        }
        return out;
    }

    @Test
    void freeAThenCReturnsC() {
        BinderBuffer[] b = hundredByteBuffers(4);
        free(b[0]);
        free(b[2]);
        assertEquals(208, offset(allocate(100)));
    }

    @Test
    void freeCThenAReturnsA() {
        BinderBuffer[] b = hundredByteBuffers(4);
        free(b[2]);
        free(b[0]);
        assertEquals(0, offset(allocate(100)));
    }

    @Test
    void freeACEOfSixReturnsTheMiddleOne() {
        BinderBuffer[] b = hundredByteBuffers(6);
        free(b[0]);
        free(b[2]);
        free(b[4]);
        assertEquals(208, offset(allocate(100)));
    }

    /** Without an exact match the oldest of the smallest larger holes wins (in-order first). */
    @Test
    void noExactMatchTakesTheLongestResidentSmallestHole() {
        BinderBuffer[] b = hundredByteBuffers(6);
        free(b[4]);
        free(b[0]);
        free(b[2]);
        BinderBuffer got = allocate(40);
        assertEquals(416, offset(got), "b[4] entered the free tree first");
        assertEquals(40, got.extent());
        assertEquals(456, offset(got.next), "the split's remainder follows");
        assertTrue(got.next.isFree());
    }

    @Test
    void zeroSizedBuffersGetDistinctAddresses() {
        BinderBuffer x = allocate(0);
        BinderBuffer y = allocate(0);
        assertEquals(0, offset(x));
        assertEquals(8, offset(y));
        assertEquals(8, x.extent());
    }
}
