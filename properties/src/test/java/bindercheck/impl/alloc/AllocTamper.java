package bindercheck.impl.alloc;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Breaks the allocator on purpose, from a test, to show that the per-step checks notice: each method changes the
 * allocator's state right after one of its steps in a way no kernel step would. It lives in the allocator's package on
 * the test side (private members through reflection); the allocator knows nothing of it.
 */
public final class AllocTamper {
    private AllocTamper() {
    }

    /** The last page the allocation of {@code b} claimed goes back on the LRU (a claim loop one page short). */
    public static void unclaimLastPage(BinderAlloc a, BinderBuffer b) {
        long start = b.userData() - a.base();
        int ps = a.pageSizeBytes();
        for (long p = (start + b.extent() - 1) / ps; p * ps >= start; p--) {
            BinderLruPage page = a.pages[(int) p];
            if (page.present && !page.onLru) {
                a.lru().add(page);
                return;
            }
        }
    }

    /** Takes {@code bytes} off the free async space (a free that forgot to credit a one-way buffer). */
    public static void takeAsyncSpace(BinderAlloc a, long bytes) {
        try {
            Field f = BinderAlloc.class.getDeclaredField("freeAsyncSpace");
            f.setAccessible(true);
            f.setLong(a, f.getLong(a) - bytes);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts one page fault (a claim of a page already in use). */
    public static void countPageFault(BinderAlloc a) {
        try {
            Field f = BinderAlloc.class.getDeclaredField("pageFaults");
            f.setAccessible(true);
            f.setLong(a, f.getLong(a) + 1);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pads the request of allocated {@code b} by 8 bytes after the fact (a size recorded wrong). */
    public static void growRequest(BinderBuffer b) {
        b.dataSize += 8;
    }

    /**
     * Splits the free record that now holds the address {@code userData} in two, 8 bytes in (coalescing that left a
     * seam): two free neighbours, both in the free tree. Nothing if that record is 8 bytes long.
     */
    public static void splitFreeRecordAt(BinderAlloc a, long userData) {
        BinderBuffer r = a.head;
        while (r.next != null && r.next.userData() <= userData) {
            r = r.next;
        }
        if (!r.free || a.extentOf(r) <= 8) {
            return;
        }
        try {
            Method insert = BinderAlloc.class.getDeclaredMethod("insertFreeBuffer", BinderBuffer.class);
            Method linkAfter = BinderAlloc.class.getDeclaredMethod("linkAfter", BinderBuffer.class, BinderBuffer.class);
            insert.setAccessible(true);
            linkAfter.setAccessible(true);
            a.freeBuffers.erase(r);
            BinderBuffer seam = new BinderBuffer(a, r.userData() + 8);
            linkAfter.invoke(a, r, seam);
            insert.invoke(a, r);
            insert.invoke(a, seam);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Miscounts the LRU by one (a count not kept with its list): only impl's own structure check can see it. */
    public static void miscountLru(BinderAlloc a) {
        try {
            Field f = BinderAllocLru.class.getDeclaredField("count");
            f.setAccessible(true);
            f.setInt(a.lru(), f.getInt(a.lru()) + 1);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops the highest page in use other than {@code page} (a shrinker that reclaimed a neighbour's page as well):
     * a change far from what the step touched.
     */
    public static void dropAnotherPageInUse(BinderAlloc a, int page) {
        for (int p = a.pageCount() - 1; p >= 0; p--) {
            BinderLruPage pg = a.pages[p];
            if (p != page && pg.present && !pg.onLru) {
                pg.present = false;
                return;
            }
        }
    }
}
