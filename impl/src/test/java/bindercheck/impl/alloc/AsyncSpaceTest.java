package bindercheck.impl.alloc;

import static bindercheck.impl.Errno.ENOSPC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Async space accounting and one-way spam detection (docs/driver.md §6.6-6.7, 6.1.75+ rules).
 * The area is 40960 bytes: async space 20480, detection below 4096 free, spam above 50 buffers or
 * 10240 bytes for one pid.
 */
class AsyncSpaceTest {
    private static final long AREA = 40960;
    private final BinderAlloc alloc = new BinderAlloc(9);

    AsyncSpaceTest() {
        assertEquals(0, alloc.mmap(0x4000_0000L, AREA));
        assertEquals(AREA / 2, alloc.freeAsyncSpace());
    }

    private BinderBuffer async(long size, int pid) {
        AllocResult r = alloc.alloc(size, 0, 0, true, pid);
        assertEquals(0, r.errno());
        assertEquals(List.of(), alloc.checkStructure());
        return r.buffer();
    }

    @Test
    void chargesThePaddedSizeAndCreditsTheExtent() {
        BinderBuffer zero = async(0, 1);
        assertEquals(AREA / 2 - 8, alloc.freeAsyncSpace(), "a zero-size buffer is charged 8, no header");
        BinderBuffer odd = async(13, 1);
        assertEquals(AREA / 2 - 24, alloc.freeAsyncSpace());
        alloc.alloc(1000, 0, 0, false, 1);
        assertEquals(AREA / 2 - 24, alloc.freeAsyncSpace(), "synchronous buffers are not charged");
        assertTrue(alloc.free(odd));
        assertTrue(alloc.free(zero));
        assertEquals(AREA / 2, alloc.freeAsyncSpace());
    }

    @Test
    void asyncSpaceIsHalfTheArea() {
        assertEquals(-ENOSPC, alloc.alloc(AREA / 2 + 8, 0, 0, true, 1).errno());
        assertEquals(AREA / 2, alloc.freeAsyncSpace(), "a refused allocation charges nothing");
        BinderBuffer half = async(AREA / 2, 1);
        assertEquals(0, alloc.freeAsyncSpace(), "the check is free < size, so all of it may go");
        assertEquals(-ENOSPC, alloc.alloc(0, 0, 0, true, 1).errno());
        assertEquals(0, alloc.alloc(AREA / 4, 0, 0, false, 1).errno(), "sync allocations still fit");
        assertTrue(alloc.free(half));
        assertEquals(AREA / 2, alloc.freeAsyncSpace());
    }

    /** One suspect per episode: on the allocation that first finds the pid over the threshold. */
    @Test
    void spamIsFlaggedOncePerEpisodeBySize() {
        List<BinderBuffer> bufs = new ArrayList<>();
        for (int k = 1; k <= 20; k++) {
            BinderBuffer b = async(1024, 1);
            bufs.add(b);
            // after k buffers: free = 20480 - 1024k, below 4096 from k = 17 (17408 > 10240 bytes)
            assertEquals(k == 17, b.onewaySpamSuspect(), "buffer " + k);
            assertEquals(k >= 17, alloc.onewaySpamDetected(), "after buffer " + k);
        }
        assertEquals(0, alloc.freeAsyncSpace());
        assertEquals(-ENOSPC, alloc.alloc(1024, 0, 0, true, 1).errno());
        for (int i = 0; i < 5; i++) {
            assertTrue(alloc.free(bufs.remove(0)));
        }
        assertTrue(alloc.onewaySpamDetected(), "frees do not end the episode");
        BinderBuffer calm = async(1024, 1); // leaves exactly 4096: not below a tenth, episode over
        assertFalse(calm.onewaySpamSuspect());
        assertFalse(alloc.onewaySpamDetected());
        BinderBuffer again = async(1024, 1);
        assertTrue(again.onewaySpamSuspect(), "a new episode flags again");
        assertFalse(async(8, 1).onewaySpamSuspect());
    }

    @Test
    void onlyTheSendersOwnAsyncBuffersCount() {
        for (int k = 0; k < 16; k++) {
            async(1024, 1);
        }
        assertEquals(4096, alloc.freeAsyncSpace());
        assertFalse(alloc.onewaySpamDetected(), "not below a tenth yet");
        BinderBuffer other = async(1024, 2);
        assertFalse(other.onewaySpamSuspect(), "pid 2 holds 1024 bytes only");
        assertFalse(alloc.onewaySpamDetected());
        BinderBuffer culprit = async(1024, 1);
        assertTrue(culprit.onewaySpamSuspect(), "pid 1 holds 17 buffers, 17408 bytes");
    }

    @Test
    void spamIsFlaggedByCountAboveFifty() {
        async(16384, 2); // leaves 4096: detection not yet active
        assertFalse(alloc.onewaySpamDetected());
        for (int k = 1; k <= 52; k++) {
            BinderBuffer b = async(8, 1);
            assertEquals(k == 51, b.onewaySpamSuspect(), "buffer " + k);
        }
    }

    @Test
    void reusedRecordsStartUnsuspected() {
        for (int k = 0; k < 16; k++) {
            async(1024, 1);
        }
        BinderBuffer suspect = async(1024, 1);
        assertTrue(suspect.onewaySpamSuspect());
        long at = suspect.userData();
        assertTrue(alloc.free(suspect));
        BinderBuffer reused = alloc.alloc(1024, 0, 0, false, 3).buffer();
        assertEquals(at, reused.userData());
        assertFalse(reused.onewaySpamSuspect());
        assertFalse(reused.asyncTransaction());
    }
}
