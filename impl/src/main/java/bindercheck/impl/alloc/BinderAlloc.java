package bindercheck.impl.alloc;

import static bindercheck.impl.Errno.EBUSY;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.ENOSPC;
import static bindercheck.impl.Errno.EPERM;
import static bindercheck.impl.Errno.ESRCH;

import bindercheck.impl.step.AllocStep;
import bindercheck.impl.step.StepKind;
import bindercheck.impl.step.StepListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One proc's binder buffer allocator ({@code struct binder_alloc}, {@code binder_alloc.c} of Linux
 * 6.1.192): best fit over a red-black tree of free buffers keyed by extent, split, coalescing, page
 * claim and release against a shared LRU, async space accounting and one-way spam detection.
 * Buffer offsets match the kernel's byte for byte (docs/driver.md §6).
 *
 * <p>Divergences, none visible in buffer offsets or error codes of valid use: the allocator holds no
 * buffer contents (they live in the process's user memory, which the driver zeroes for
 * {@code clear_on_free} before it frees the buffer); page allocation never fails (no
 * {@code -ENOMEM}); {@link #teardown()} keeps the final free record in the list instead of freeing
 * it; calls the kernel would BUG or WARN on are refused without effect (see each method).
 */
public final class BinderAlloc {
    /** The kernel caps the usable area at 4 MiB ({@code SZ_4M}). */
    static final long MAX_AREA_BYTES = 4L << 20;
    private static final long PTR = 8; // sizeof(void *) on LP64

    private final int pid;
    private final int pageSize;
    private final BinderAllocLru lru;
    private StepListener listener = StepListener.NONE;

    /** {@code alloc->buffer}: the mapping's start; {@code buffer_size}: 0 until mmap, then fixed. */
    private long base;
    private long bufferSize;
    /** {@code alloc->vma != NULL}. */
    private boolean mapped;
    private long freeAsyncSpace;
    private boolean onewaySpamDetected;
    /** {@code alloc->buffers}, in address order. */
    BinderBuffer head;
    BinderBuffer tail;
    final RbTree<BinderBuffer> freeBuffers = new RbTree<>();
    final RbTree<BinderBuffer> allocatedBuffers = new RbTree<>();
    /** {@code alloc->pages}: null until mmap. */
    BinderLruPage[] pages;

    /** {@code binder_alloc_init} with 4 KiB pages and a private LRU. */
    private long pageFaults;

    public BinderAlloc(int pid) {
        this(pid, 4096, new BinderAllocLru());
    }

    /**
     * {@code binder_alloc_init}. {@code pageSizeBytes} must be a positive multiple of 8 (4096 is the
     * kernel's; tests use tiny pages to reach page edges); it need not be a power of two.
     */
    public BinderAlloc(int pid, int pageSizeBytes, BinderAllocLru lru) {
        if (pageSizeBytes <= 0 || pageSizeBytes % PTR != 0) {
            throw new IllegalArgumentException("page size must be a positive multiple of 8: " + pageSizeBytes);
        }
        this.pid = pid;
        this.pageSize = pageSizeBytes;
        this.lru = lru == null ? new BinderAllocLru() : lru;
    }

    /** Report every later step to {@code listener} (null: to nobody). */
    public void setStepListener(StepListener listener) {
        this.listener = listener == null ? StepListener.NONE : listener;
    }

    // ---------------------------------------------------------------------------------------------
    // Entry points

    /**
     * {@code binder_alloc_mmap_handler}: take the area [vmStart, vmStart + lengthBytes), capped at
     * 4 MiB, as one free buffer with no page present. Returns 0, or -EBUSY when this allocator was
     * ever mapped (buffer_size stays set after unmap). The kernel gets page-aligned whole pages from
     * mmap; a start or length that is not (or is negative) is refused with -EINVAL. With a page
     * size that does not divide 4 MiB the cap is rounded down to whole pages.
     */
    public int mmap(long vmStart, long lengthBytes) {
        if (bufferSize != 0) {
            return -EBUSY;
        }
        if (lengthBytes <= 0 || lengthBytes % pageSize != 0 || vmStart < 0 || vmStart % pageSize != 0
                || vmStart > Long.MAX_VALUE - lengthBytes) {
            return -EINVAL;
        }
        bufferSize = Math.min(lengthBytes, MAX_AREA_BYTES / pageSize * pageSize);
        base = vmStart;
        pages = new BinderLruPage[(int) (bufferSize / pageSize)];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = new BinderLruPage(this, i);
        }
        BinderBuffer buffer = new BinderBuffer(this, base);
        head = buffer;
        tail = buffer;
        insertFreeBuffer(buffer);
        freeAsyncSpace = bufferSize / 2;
        mapped = true;
        return 0;
    }

    /**
     * {@code binder_alloc_new_buf}: allocate ALIGN8(dataSize) + ALIGN8(offsetsSize) +
     * ALIGN8(extraBuffersSize) bytes, at least 8. The sizes are size_t: a Java long read unsigned.
     * Errors, in the kernel's order: no vma -ESRCH; size overflow -EINVAL; async and less async
     * space than the size -ENOSPC; no free buffer large enough -ENOSPC. A failure changes nothing.
     *
     * @param pid the sender's tgid, for spam detection
     */
    public AllocResult alloc(long dataSize, long offsetsSize, long extraBuffersSize, boolean isAsync, int pid) {
        AllocResult result = newBufLocked(dataSize, offsetsSize, extraBuffersSize, isAsync, pid);
        if (listener != StepListener.NONE) {
            long start = result.ok() ? result.buffer().userData() - base : -1;
            report(StepKind.ALLOC, Map.of("dataSize", dataSize, "offsetsSize", offsetsSize,
                    "extraBuffersSize", extraBuffersSize, "async", isAsync ? 1L : 0L,
                    "pid", (long) pid, "start", start), result.errno());
        }
        return result;
    }

    /**
     * {@code binder_alloc_prepare_to_free}: find the allocated buffer starting exactly at {@code
     * userPtr} (an absolute address). No such buffer: buffer null, errno 0. Not freeable by user
     * space now: errno -EPERM. Otherwise clears allowUserFree and returns the buffer.
     */
    public PrepareToFreeResult prepareToFree(long userPtr) {
        BinderBuffer n = allocatedBuffers.root;
        while (n != null) {
            int c = Long.compareUnsigned(userPtr, n.userData());
            if (c < 0) {
                n = n.rbLeft;
            } else if (c > 0) {
                n = n.rbRight;
            } else {
                if (!n.allowUserFree) {
                    return new PrepareToFreeResult(-EPERM, null);
                }
                n.allowUserFree = false;
                return new PrepareToFreeResult(0, n);
            }
        }
        return PrepareToFreeResult.NOT_FOUND;
    }

    /**
     * {@code binder_alloc_free_buf}: free an allocated buffer of this allocator, coalesce it with a
     * free next and then a free previous buffer, and put the pages it no longer shares on the LRU.
     * Returns true. A buffer that is null, free, dropped or another allocator's (the kernel would
     * BUG) is refused: nothing changes, the step reports -EINVAL, and the result is false.
     */
    public boolean free(BinderBuffer buffer) {
        if (buffer == null || buffer.alloc != this || buffer.free) {
            if (listener != StepListener.NONE) {
                long start = buffer != null && buffer.alloc == this ? buffer.userData() - base : -1;
                report(StepKind.FREE, Map.of("start", start), -EINVAL);
            }
            return false;
        }
        long start = buffer.userData() - base;
        // Contents are not modelled: zeroing the extent (binder_alloc_clear_buf) leaves only the flag.
        buffer.clearOnFree = false;
        freeBufLocked(buffer);
        if (listener != StepListener.NONE) {
            report(StepKind.FREE, Map.of("start", start), 0);
        }
        return true;
    }

    /**
     * {@code binder_alloc_free_page} on one chosen page, as if the shrinker's LRU walk reached it:
     * if the page is on the LRU it is unmapped, freed and taken off the LRU; returns true.
     * Otherwise (absent, in use, or no such page) nothing changes, the step reports -EINVAL and the
     * result is false. {@link BinderAllocLru#scan} reclaims in LRU order instead.
     */
    public boolean shrink(int pageIndex) {
        boolean freed = pages != null && pageIndex >= 0 && pageIndex < pages.length
                && pages[pageIndex].onLru && freePageLocked(pages[pageIndex]);
        if (listener != StepListener.NONE) {
            report(StepKind.SHRINK, Map.of("page", (long) pageIndex), freed ? 0 : -EINVAL);
        }
        return freed;
    }

    /**
     * {@code binder_alloc_vma_close}: the vma is gone (munmap or exit). Later allocations fail with
     * -ESRCH; buffers, pages and frees are unaffected, and mmap stays -EBUSY. When there is no vma
     * (never mapped, or already closed) nothing changes and the step reports -EINVAL.
     */
    public void unmap() {
        boolean wasMapped = mapped;
        mapped = false;
        if (listener != StepListener.NONE) {
            report(StepKind.UNMAP, Map.of(), wasMapped ? 0 : -EINVAL);
        }
    }

    /**
     * {@code binder_alloc_deferred_release}: free every allocated buffer, lowest address first, with
     * the plain free (async space credited, coalescing, pages to the LRU), then drop every page,
     * taking it off the LRU. Afterwards the list holds one free buffer over the whole area (the
     * kernel frees that record too; it is kept so that the state stays observable) and no page is
     * present. The kernel only gets here after the vma is closed and BUGs otherwise: while mapped,
     * this returns -EBUSY and changes nothing. Returns 0 otherwise.
     */
    public int teardown() {
        int errno = mapped ? -EBUSY : 0;
        if (errno == 0) {
            BinderBuffer n;
            while ((n = allocatedBuffers.first()) != null) {
                n.clearOnFree = false;
                freeBufLocked(n);
            }
            if (pages != null) {
                for (BinderLruPage page : pages) {
                    if (page.present) {
                        lru.del(page);
                        page.present = false;
                    }
                }
            }
        }
        if (listener != StepListener.NONE) {
            report(StepKind.TEARDOWN, Map.of(), errno);
        }
        return errno;
    }

    // ---------------------------------------------------------------------------------------------
    // Read-only observation, for checkers

    /**
     * How many times the page-range code met a page in the wrong state: a claim of a page already
     * in use (the kernel's WARN_ON after list_lru_del), a release of a page already on the LRU
     * (WARN_ON after list_lru_add) or of a page never installed. Zero in a correct allocator.
     */
    public long pageFaults() {
        return pageFaults;
    }

    /** {@code alloc->pid}. */
    public int pid() {
        return pid;
    }

    public int pageSizeBytes() {
        return pageSize;
    }

    /** The LRU this allocator's reclaimable pages go to. */
    public BinderAllocLru lru() {
        return lru;
    }

    /** {@code alloc->buffer}: the area's start address; 0 before mmap. */
    public long base() {
        return base;
    }

    /** {@code alloc->buffer_size}: the area's length in bytes; 0 before mmap. */
    public long bufferSize() {
        return bufferSize;
    }

    /** Whether the vma is present (mmap done, unmap not yet). */
    public boolean mapped() {
        return mapped;
    }

    public int pageCount() {
        return pages == null ? 0 : pages.length;
    }

    public PageState pageState(int pageIndex) {
        if (pages == null || pageIndex < 0 || pageIndex >= pages.length) {
            throw new IndexOutOfBoundsException("page " + pageIndex + " of " + pageCount());
        }
        return pages[pageIndex].state();
    }

    /** {@code free_async_space}, in bytes. */
    public long freeAsyncSpace() {
        return freeAsyncSpace;
    }

    /** {@code oneway_spam_detected}: a spam episode is in progress (§6.7). */
    public boolean onewaySpamDetected() {
        return onewaySpamDetected;
    }

    /** Every buffer record, in address order (a new list). */
    public List<BinderBuffer> buffers() {
        List<BinderBuffer> out = new ArrayList<>();
        for (BinderBuffer b = head; b != null; b = b.next) {
            out.add(b);
        }
        return out;
    }

    /** The free tree in order: by extent, ties in the tree's order. */
    public List<BinderBuffer> freeTreeInOrder() {
        return inOrder(freeBuffers);
    }

    /** The allocated tree in order: by address. */
    public List<BinderBuffer> allocatedTreeInOrder() {
        return inOrder(allocatedBuffers);
    }

    /** Violations of the allocator's own structural rules, as sentences; empty when sound. */
    public List<String> checkStructure() {
        return AllocStructure.check(this);
    }

    // ---------------------------------------------------------------------------------------------
    // Kernel internals

    /** {@code binder_alloc_buffer_size}: recomputed from the list at every call, never stored. */
    long extentOf(BinderBuffer buffer) {
        BinderBuffer next = buffer.next;
        return (next == null ? base + bufferSize : next.userData()) - buffer.userData();
    }

    /** {@code binder_alloc_new_buf_locked} (6.1.75+ async rules). */
    private AllocResult newBufLocked(long dataSize, long offsetsSize, long extraBuffersSize, boolean isAsync,
                                     int senderPid) {
        if (!mapped) {
            return AllocResult.error(-ESRCH);
        }
        long dataOffsetsSize = align8(dataSize) + align8(offsetsSize);
        if (lessUnsigned(dataOffsetsSize, dataSize) || lessUnsigned(dataOffsetsSize, offsetsSize)) {
            return AllocResult.error(-EINVAL);
        }
        long size = dataOffsetsSize + align8(extraBuffersSize);
        if (lessUnsigned(size, dataOffsetsSize) || lessUnsigned(size, extraBuffersSize)) {
            return AllocResult.error(-EINVAL);
        }
        // Zero-size buffers are padded so that every buffer has its own address.
        if (lessUnsigned(size, PTR)) {
            size = PTR;
        }
        if (isAsync && lessUnsigned(freeAsyncSpace, size)) {
            return AllocResult.error(-ENOSPC);
        }

        // Best fit: the first exact match on the root-to-leaf path, else the last larger node seen.
        BinderBuffer n = freeBuffers.root;
        BinderBuffer bestFit = null;
        while (n != null) {
            int c = Long.compareUnsigned(size, extentOf(n));
            if (c < 0) {
                bestFit = n;
                n = n.rbLeft;
            } else if (c > 0) {
                n = n.rbRight;
            } else {
                bestFit = n;
                break;
            }
        }
        if (bestFit == null) {
            return AllocResult.error(-ENOSPC);
        }
        BinderBuffer buffer = bestFit;
        long start = buffer.userData() - base;
        long extent = extentOf(buffer);

        // Claim pages before the split, from the first whole page up to the end of the request,
        // but not past the last page lying wholly inside the chosen free buffer (§6.8).
        long endPage = Math.min(pageAlign(start + size), pageFloor(start + extent));
        claimPages(pageAlign(start), endPage);

        if (extent != size) {
            // Split. The remainder enters the free tree while the chosen buffer is still in it,
            // its extent already reading as `size`: the tree's shape depends on that.
            BinderBuffer remainder = new BinderBuffer(this, buffer.userData() + size);
            linkAfter(buffer, remainder);
            insertFreeBuffer(remainder);
        }
        freeBuffers.erase(buffer);
        buffer.free = false;
        buffer.allowUserFree = false;
        insertAllocatedBuffer(buffer);
        buffer.dataSize = dataSize;
        buffer.offsetsSize = offsetsSize;
        buffer.asyncTransaction = isAsync;
        buffer.extraBuffersSize = extraBuffersSize;
        buffer.pid = senderPid;
        buffer.onewaySpamSuspect = false;
        if (isAsync) {
            freeAsyncSpace -= size;
            if (freeAsyncSpace < bufferSize / 10) {
                // Below 10% of the area (20% of async space): look for the spammer.
                buffer.onewaySpamSuspect = debugLowAsyncSpace(senderPid);
            } else {
                onewaySpamDetected = false;
            }
        }
        return new AllocResult(0, buffer);
    }

    /**
     * {@code debug_low_async_space_locked}: true the first time in an episode that {@code senderPid}
     * holds more than 50 async buffers or more than a quarter of the area.
     */
    private boolean debugLowAsyncSpace(int senderPid) {
        long totalAllocSize = 0;
        long numBuffers = 0;
        for (BinderBuffer b = allocatedBuffers.first(); b != null; b = RbTree.next(b)) {
            if (b.pid != senderPid || !b.asyncTransaction) {
                continue;
            }
            totalAllocSize += extentOf(b);
            numBuffers++;
        }
        if (numBuffers > 50 || totalAllocSize > bufferSize / 4) {
            if (!onewaySpamDetected) {
                onewaySpamDetected = true;
                return true;
            }
        }
        return false;
    }

    /** {@code binder_free_buf_locked}. */
    private void freeBufLocked(BinderBuffer buffer) {
        long extent = extentOf(buffer);
        long start = buffer.userData() - base;
        if (buffer.asyncTransaction) {
            freeAsyncSpace += extent;
        }
        releasePages(pageAlign(start), pageFloor(start + extent));
        allocatedBuffers.erase(buffer);
        buffer.free = true;
        BinderBuffer next = buffer.next;
        if (next != null && next.free) {
            freeBuffers.erase(next);
            deleteFreeBuffer(next);
        }
        BinderBuffer prev = buffer.prev;
        if (prev != null && prev.free) {
            deleteFreeBuffer(buffer);
            freeBuffers.erase(prev);
            buffer = prev;
        }
        insertFreeBuffer(buffer);
    }

    /**
     * {@code binder_delete_free_buffer}: drop free record {@code buffer}, whose predecessor is free.
     * The page holding its start goes to the LRU unless that start is page-aligned (the page went
     * with the buffer's whole pages) or a neighbour may still use the page: the predecessor's
     * predecessor ending in it, or the next buffer starting in it.
     */
    private void deleteFreeBuffer(BinderBuffer buffer) {
        BinderBuffer prev = buffer.prev;
        long start = buffer.userData() - base;
        long startPage = Math.floorDiv(start, pageSize);
        boolean toFree = true;
        if (Math.floorDiv(prev.userData() - base - 1, pageSize) == startPage) {
            toFree = false;
        }
        BinderBuffer next = buffer.next;
        if (next != null && Math.floorDiv(next.userData() - base, pageSize) == startPage) {
            toFree = false;
        }
        if (start % pageSize == 0) {
            toFree = false;
        }
        if (toFree) {
            releasePages(startPage * pageSize, startPage * pageSize + pageSize);
        }
        unlink(buffer);
        buffer.alloc = null;
    }

    /** {@code binder_insert_free_buffer}: walk by extent, equal extents go right. */
    private void insertFreeBuffer(BinderBuffer buffer) {
        long size = extentOf(buffer);
        BinderBuffer parent = null;
        BinderBuffer n = freeBuffers.root;
        boolean left = false;
        while (n != null) {
            parent = n;
            left = size < extentOf(n);
            n = left ? n.rbLeft : n.rbRight;
        }
        freeBuffers.link(buffer, parent, left);
        freeBuffers.insertColor(buffer);
    }

    /** {@code binder_insert_allocated_buffer_locked}: walk by address (addresses are distinct). */
    private void insertAllocatedBuffer(BinderBuffer buffer) {
        BinderBuffer parent = null;
        BinderBuffer n = allocatedBuffers.root;
        boolean left = false;
        while (n != null) {
            parent = n;
            left = buffer.userData() < n.userData();
            n = left ? n.rbLeft : n.rbRight;
        }
        allocatedBuffers.link(buffer, parent, left);
        allocatedBuffers.insertColor(buffer);
    }

    /**
     * {@code binder_update_page_range(allocate=1)} over area offsets [start, end), both page
     * multiples, lowest page first: an LRU page is taken off the LRU, an absent page is installed.
     * (The kernel WARNs and carries on for a present page that is not on the LRU; so does this.)
     */
    private void claimPages(long start, long end) {
        for (long off = start; off < end; off += pageSize) {
            BinderLruPage page = pages[(int) (off / pageSize)];
            if (page.present) {
                if (!lru.del(page)) {
                    pageFaults++; // WARN_ON(!on_lru): the page was already in use
                }
            } else {
                page.present = true;
            }
        }
    }

    /**
     * {@code binder_update_page_range(allocate=0)} over [start, end): pages join the LRU highest
     * first, which fixes their reclaim order.
     */
    private void releasePages(long start, long end) {
        for (long off = end - pageSize; off >= start; off -= pageSize) {
            BinderLruPage page = pages[(int) (off / pageSize)];
            if (!page.present || !lru.add(page)) {
                pageFaults++; // WARN_ON(!ret), or a release of a page that was never installed
            }
        }
    }

    /**
     * {@code binder_alloc_free_page} once the LRU walk reached {@code page}: reclaim it unless no
     * page is installed (the kernel skips it and leaves it on the list). Reports a step on success.
     */
    boolean reclaimFromLru(BinderLruPage page) {
        boolean freed = freePageLocked(page);
        if (freed && listener != StepListener.NONE) {
            report(StepKind.SHRINK, Map.of("page", (long) page.index), 0);
        }
        return freed;
    }

    private boolean freePageLocked(BinderLruPage page) {
        if (!page.present) {
            return false;
        }
        lru.del(page);
        page.present = false; // zapped from the vma if there is one, then freed
        return true;
    }

    private void linkAfter(BinderBuffer buffer, BinderBuffer added) {
        BinderBuffer next = buffer.next;
        added.prev = buffer;
        added.next = next;
        buffer.next = added;
        if (next == null) {
            tail = added;
        } else {
            next.prev = added;
        }
    }

    private void unlink(BinderBuffer buffer) {
        BinderBuffer prev = buffer.prev;
        BinderBuffer next = buffer.next;
        if (prev == null) {
            head = next;
        } else {
            prev.next = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.prev = prev;
        }
        buffer.prev = null;
        buffer.next = null;
    }

    private long pageAlign(long offset) {
        return Math.floorDiv(offset + pageSize - 1, pageSize) * pageSize;
    }

    private long pageFloor(long offset) {
        return Math.floorDiv(offset, pageSize) * pageSize;
    }

    /** ALIGN(x, sizeof(void *)) in size_t arithmetic: wraps modulo 2^64 like the kernel's. */
    private static long align8(long x) {
        return (x + PTR - 1) & -PTR;
    }

    private static boolean lessUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    private static List<BinderBuffer> inOrder(RbTree<BinderBuffer> tree) {
        List<BinderBuffer> out = new ArrayList<>();
        for (BinderBuffer b = tree.first(); b != null; b = RbTree.next(b)) {
            out.add(b);
        }
        return out;
    }

    private void report(StepKind kind, Map<String, Long> params, int errno) {
        listener.onStep(new AllocStep(kind, params, errno));
    }
}
