package bindercheck.impl.alloc;

/**
 * The system-wide list of reclaimable binder pages ({@code binder_alloc_lru}, a {@code list_lru})
 * together with its shrinker ("android-binder"). Allocators that share one instance share reclaim
 * order, as all binder procs of a machine do. Pages join at the tail; the shrinker takes from the
 * head.
 */
public final class BinderAllocLru {
    /** Sentinel of the circular list. */
    private final BinderLruPage head = new BinderLruPage(null, -1);
    private int count;

    public BinderAllocLru() {
        head.lruNext = head;
        head.lruPrev = head;
    }

    /** {@code binder_shrink_count}: the number of pages on the list. */
    public int count() {
        return count;
    }

    /**
     * {@code binder_shrink_scan} ({@code list_lru_walk}): visit at most {@code nrToScan} pages from
     * the head, reclaiming each ({@code binder_alloc_free_page}) and restarting from the head after
     * each reclaim, as the walk does; returns how many were reclaimed. The kernel skips a page whose
     * allocator mutex or mm lock is busy, or whose mm is gone; a single-threaded caller never meets
     * that, so only a listed page with no page installed (a state the allocator never produces) is
     * skipped, and a skipped page still uses up one visit.
     */
    public int scan(int nrToScan) {
        int freed = 0;
        int walked = 0;
        BinderLruPage page = head.lruNext;
        while (page != head && walked < nrToScan) {
            walked++;
            if (page.alloc.reclaimFromLru(page)) {
                freed++;
                page = head.lruNext;
            } else {
                page = page.lruNext;
            }
        }
        return freed;
    }

    /** {@code list_lru_add}: append at the tail; false (and no change) if already on the list. */
    boolean add(BinderLruPage page) {
        if (page.onLru) {
            return false;
        }
        BinderLruPage tail = head.lruPrev;
        page.lruPrev = tail;
        page.lruNext = head;
        tail.lruNext = page;
        head.lruPrev = page;
        page.onLru = true;
        count++;
        return true;
    }

    /** {@code list_lru_del}: unlink; false (and no change) if not on the list. */
    boolean del(BinderLruPage page) {
        if (!page.onLru) {
            return false;
        }
        page.lruPrev.lruNext = page.lruNext;
        page.lruNext.lruPrev = page.lruPrev;
        page.lruPrev = null;
        page.lruNext = null;
        page.onLru = false;
        count--;
        return true;
    }

    /** The first page (least recently released), or null; for checks. */
    BinderLruPage first() {
        return head.lruNext == head ? null : head.lruNext;
    }

    /** The page after {@code page}, or null at the end; for checks. */
    BinderLruPage after(BinderLruPage page) {
        return page.lruNext == head ? null : page.lruNext;
    }
}
