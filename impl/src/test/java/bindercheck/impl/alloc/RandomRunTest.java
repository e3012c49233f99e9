package bindercheck.impl.alloc;

import static bindercheck.impl.Errno.EBUSY;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.ENOSPC;
import static bindercheck.impl.Errno.EPERM;
import static bindercheck.impl.Errno.ESRCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.step.AllocStep;
import bindercheck.impl.step.StepKind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Long random runs (fixed seeds) of mixed sync and async allocations, user and kernel frees,
 * single-page and LRU-order reclaim, refused calls and the occasional unmap and teardown. After
 * every step: the structural self-check is empty, I-A, I-P and async conservation hold, the result
 * is the one best fit allows (and, without an exact match, the oldest candidate), and the reported
 * step agrees with what happened.
 */
class RandomRunTest {
    private static final long BASE = 0x3000_0000_0000L; // a multiple of every page size used

    private Random rnd;
    private BinderAllocLru lru;
    private BinderAlloc alloc;
    private List<BinderBuffer> live;
    private AllocStep lastStep;
    private int allocOk;
    private int freesDone;
    private int reclaimed;

    @ParameterizedTest(name = "page {0} B, area {1} B, seed {2}")
    @CsvSource({"4096, 65536, 1", "16, 1024, 2", "24, 960, 3", "4096, 4194304, 4", "8, 512, 5"})
    void randomRunKeepsEveryRule(int pageSize, long area, long seed) {
        rnd = new Random(seed);
        lru = new BinderAllocLru();
        fresh(pageSize, area);
        for (int op = 0; op < 20_000; op++) {
            int dice = rnd.nextInt(1000);
            if (dice < 450) {
                doAlloc(pageSize, area);
            } else if (dice < 800) {
                doFree();
            } else if (dice < 880) {
                int page = rnd.nextInt(alloc.pageCount() + 2) - 1;
                boolean onLru = page >= 0 && page < alloc.pageCount() && alloc.pageState(page) == PageState.LRU;
                assertEquals(onLru, alloc.shrink(page));
                expectStep(StepKind.SHRINK, onLru ? 0 : -EINVAL);
                assertEquals(page, lastStep.param("page"));
                if (onLru) {
                    assertEquals(PageState.ABSENT, alloc.pageState(page));
                    reclaimed++;
                }
            } else if (dice < 920) {
                int before = lru.count();
                int n = lru.scan(rnd.nextInt(4));
                assertEquals(before - n, lru.count());
                reclaimed += n;
            } else if (dice < 990) {
                misuse();
            } else if (dice < 992) {
                cycle(pageSize, area);
            } else {
                BinderBuffer b = live.isEmpty() ? null : live.get(rnd.nextInt(live.size()));
                if (b != null) {
                    b.setAllowUserFree(rnd.nextBoolean());
                }
            }
            check();
        }
        assertTrue(allocOk > 2000 && freesDone > 2000 && reclaimed > 100,
                "run too thin: " + allocOk + " allocs, " + freesDone + " frees, " + reclaimed + " reclaimed");
        alloc.unmap();
        assertEquals(0, alloc.teardown());
        check();
        assertEquals(1, alloc.buffers().size());
    }

    private void fresh(int pageSize, long area) {
        alloc = new BinderAlloc(77, pageSize, lru);
        alloc.setStepListener(step -> {
            lastStep = step;
        });
        assertEquals(0, alloc.mmap(BASE, area));
        live = new ArrayList<>();
    }

    private long drawSize(int pageSize, long area) {
        int kind = rnd.nextInt(100);
        if (kind < 40) {
            return rnd.nextInt(33);
        } else if (kind < 75) {
            return rnd.nextInt(2 * pageSize + 1);
        } else if (kind < 97) {
            return rnd.nextInt((int) Math.min(area / 3, Integer.MAX_VALUE - 1) + 1);
        } else if (kind < 98) {
            return area + rnd.nextInt(64);
        } else {
            return -rnd.nextInt(64); // 2^64 - small: overflows with any other non-zero size
        }
    }

    private void doAlloc(int pageSize, long area) {
        long d = drawSize(pageSize, area);
        long o = rnd.nextInt(4) == 0 ? 8L * rnd.nextInt(4) : 0;
        long e = rnd.nextInt(8) == 0 ? drawSize(pageSize, area) : 0;
        boolean async = rnd.nextInt(3) == 0;
        int pid = 1 + rnd.nextInt(3);
        BigInteger exact = AbstractInvariants.paddedSize(d, o, e);
        // Sizes past the area behave alike; clamp them so that long arithmetic suffices.
        long size = exact == null ? -1 : exact.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();

        // What best fit allows, from the state before the call.
        long minExtent = Long.MAX_VALUE;
        for (BinderBuffer b : alloc.buffers()) {
            if (b.isFree() && size >= 0 && b.extent() >= size) {
                minExtent = Math.min(minExtent, b.extent());
            }
        }
        BinderBuffer oldest = null;
        for (BinderBuffer b : alloc.freeTreeInOrder()) {
            if (b.extent() == minExtent) {
                oldest = b;
                break;
            }
        }
        long asyncFree = alloc.freeAsyncSpace();
        int expectedErrno;
        if (!alloc.mapped()) {
            expectedErrno = -ESRCH;
        } else if (size < 0) {
            expectedErrno = -EINVAL;
        } else if (async && asyncFree < size) {
            expectedErrno = -ENOSPC;
        } else if (minExtent == Long.MAX_VALUE) {
            expectedErrno = -ENOSPC;
        } else {
            expectedErrno = 0;
        }

        AllocResult r = alloc.alloc(d, o, e, async, pid);
        assertEquals(expectedErrno, r.errno(), "alloc(" + d + ", " + o + ", " + e + ", " + async + ")");
        expectStep(StepKind.ALLOC, expectedErrno);
        assertEquals(d, lastStep.param("dataSize"));
        assertEquals(async ? 1 : 0, lastStep.param("async"));
        if (expectedErrno != 0) {
            assertEquals(-1, lastStep.param("start"));
            assertEquals(asyncFree, alloc.freeAsyncSpace());
            return;
        }
        BinderBuffer b = r.buffer();
        assertNotNull(b);
        assertEquals(b.userData() - BASE, lastStep.param("start"));
        assertEquals(size, b.extent());
        assertFalse(b.isFree() || b.allowUserFree());
        if (minExtent > size) {
            assertSame(oldest, b, "without an exact match the in-order first smallest hole is taken");
        }
        assertEquals(async ? asyncFree - size : asyncFree, alloc.freeAsyncSpace());
        live.add(b);
        allocOk++;
    }

    private void doFree() {
        if (live.isEmpty()) {
            return;
        }
        BinderBuffer b = live.remove(rnd.nextInt(live.size()));
        long start = b.userData() - BASE;
        if (rnd.nextBoolean()) {
            // The BC_FREE_BUFFER path: delivered, looked up by address, then freed.
            b.setAllowUserFree(true);
            PrepareToFreeResult p = alloc.prepareToFree(b.userData());
            assertEquals(0, p.errno());
            assertSame(b, p.buffer());
        }
        if (rnd.nextInt(10) == 0) {
            b.setClearOnFree(true);
        }
        assertTrue(alloc.free(b));
        assertFalse(b.clearOnFree());
        expectStep(StepKind.FREE, 0);
        assertEquals(start, lastStep.param("start"));
        freesDone++;
    }

    private void misuse() {
        int kind = rnd.nextInt(3);
        List<BinderBuffer> all = alloc.buffers();
        BinderBuffer any = all.get(rnd.nextInt(all.size()));
        if (kind == 0 && any.isFree()) {
            assertFalse(alloc.free(any));
            expectStep(StepKind.FREE, -EINVAL);
        } else if (kind == 1) {
            long at = BASE + 8L * rnd.nextInt((int) (alloc.bufferSize() / 8));
            BinderBuffer hit = null;
            for (BinderBuffer b : live) {
                if (b.userData() == at) {
                    hit = b;
                }
            }
            boolean allowed = hit != null && hit.allowUserFree();
            PrepareToFreeResult p = alloc.prepareToFree(at);
            if (hit == null) {
                assertSame(PrepareToFreeResult.NOT_FOUND, p);
            } else if (allowed) {
                assertEquals(0, p.errno());
                assertSame(hit, p.buffer());
                assertFalse(hit.allowUserFree());
            } else {
                assertEquals(new PrepareToFreeResult(-EPERM, null), p);
            }
        } else if (kind == 2 && alloc.mapped()) {
            assertEquals(-EBUSY, alloc.teardown(), "refused while mapped");
            expectStep(StepKind.TEARDOWN, -EBUSY);
        }
    }

    /** Unmap, a few frees and failing allocations, teardown, then a fresh allocator on the same LRU. */
    private void cycle(int pageSize, long area) {
        alloc.unmap();
        expectStep(StepKind.UNMAP, 0);
        alloc.unmap();
        expectStep(StepKind.UNMAP, -EINVAL);
        assertEquals(-ESRCH, alloc.alloc(8, 0, 0, false, 1).errno());
        for (int i = 0; i < 3 && !live.isEmpty(); i++) {
            doFree();
            check();
        }
        assertEquals(0, alloc.teardown());
        expectStep(StepKind.TEARDOWN, 0);
        check();
        for (int i = 0; i < alloc.pageCount(); i++) {
            assertEquals(PageState.ABSENT, alloc.pageState(i));
        }
        for (BinderBuffer b : live) {
            assertTrue(b.isFree(), "teardown freed every buffer");
        }
        fresh(pageSize, area);
    }

    private void expectStep(StepKind kind, int errno) {
        assertNotNull(lastStep);
        assertEquals(kind, lastStep.kind());
        assertEquals(errno, lastStep.errno(), lastStep.toString());
    }

    private void check() {
        assertEquals(List.of(), alloc.checkStructure());
        assertEquals(List.of(), AbstractInvariants.violations(alloc));
        int lruPages = 0;
        for (int i = 0; i < alloc.pageCount(); i++) {
            if (alloc.pageState(i) == PageState.LRU) {
                lruPages++;
            }
        }
        assertEquals(lru.count(), lruPages, "one allocator at a time: the LRU holds exactly its LRU pages");
    }
}
