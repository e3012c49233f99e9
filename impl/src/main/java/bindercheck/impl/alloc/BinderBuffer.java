package bindercheck.impl.alloc;

/**
 * One buffer of a binder mapping ({@code struct binder_buffer}): a record that tiles part of the
 * area, free or allocated. Field names are the kernel's in camelCase.
 *
 * <p>The allocator owns the record. It creates one when it splits a free buffer, reuses the chosen
 * free record for the allocation (so a stale reference may see a later allocation, as a stale
 * pointer would in the kernel), and drops a record when coalescing absorbs it; a dropped record
 * keeps {@link #isFree()} true and its {@link #extent()} reads 0. Only {@link #setAllowUserFree},
 * {@link #setClearOnFree} and {@link #setDebugId} belong to the driver layer.
 */
public final class BinderBuffer extends RbNode<BinderBuffer> {
    /** The allocator whose list holds this record; null once coalescing has dropped it. */
    BinderAlloc alloc;
    /** {@code entry}: neighbours in the allocator's address-ordered list. */
    BinderBuffer prev;
    BinderBuffer next;

    private final long userData;
    boolean free;
    boolean allowUserFree;
    boolean asyncTransaction;
    boolean onewaySpamSuspect;
    boolean clearOnFree;
    long dataSize;
    long offsetsSize;
    long extraBuffersSize;
    int pid;
    private int debugId;

    BinderBuffer(BinderAlloc alloc, long userData) {
        this.alloc = alloc;
        this.userData = userData;
        this.free = true;
    }

    /** {@code user_data}: the buffer's start, an absolute user address; fixed. */
    public long userData() {
        return userData;
    }

    /** {@code free}: the record is in the free tree (or has been dropped). */
    public boolean isFree() {
        return free;
    }

    /**
     * {@code allow_user_free}: BC_FREE_BUFFER may free it. Cleared at allocation and by {@link
     * BinderAlloc#prepareToFree}; set by the driver when the buffer is delivered.
     */
    public boolean allowUserFree() {
        return allowUserFree;
    }

    public void setAllowUserFree(boolean allowUserFree) {
        this.allowUserFree = allowUserFree;
    }

    /** {@code async_transaction}: allocated for a one-way transaction; charged to async space. */
    public boolean asyncTransaction() {
        return asyncTransaction;
    }

    /** {@code oneway_spam_suspect}: this allocation crossed the spam threshold (§6.7). */
    public boolean onewaySpamSuspect() {
        return onewaySpamSuspect;
    }

    /** {@code clear_on_free}: zero the buffer when freed (TF_CLEAR_BUF); reset by the free. */
    public boolean clearOnFree() {
        return clearOnFree;
    }

    public void setClearOnFree(boolean clearOnFree) {
        this.clearOnFree = clearOnFree;
    }

    /** {@code data_size}, as requested (size_t: read unsigned). */
    public long dataSize() {
        return dataSize;
    }

    /** {@code offsets_size}, as requested (size_t: read unsigned). */
    public long offsetsSize() {
        return offsetsSize;
    }

    /** {@code extra_buffers_size}, as requested (size_t: read unsigned). */
    public long extraBuffersSize() {
        return extraBuffersSize;
    }

    /** {@code pid}: the sender's tgid the allocation is attributed to (spam detection). */
    public int pid() {
        return pid;
    }

    /** {@code debug_id}: set by the driver to the transaction's id; 0 until then. */
    public int debugId() {
        return debugId;
    }

    public void setDebugId(int debugId) {
        this.debugId = debugId;
    }

    /** The record before this one in the allocator's address-ordered list; null for the first or a dropped one. */
    public BinderBuffer previousInList() {
        return prev;
    }

    /** The record after this one in the allocator's address-ordered list; null for the last or a dropped one. */
    public BinderBuffer nextInList() {
        return next;
    }

    /** Coalescing dropped this record: it is no longer in any allocator's list. */
    public boolean dropped() {
        return alloc == null;
    }

    /** {@code binder_alloc_buffer_size}: distance to the next buffer or the area end; 0 if dropped. */
    public long extent() {
        return alloc == null ? 0 : alloc.extentOf(this);
    }

    @Override
    public String toString() {
        long base = alloc == null ? 0 : alloc.base();
        return (free ? "free@" : "buf@") + (userData - base) + (alloc == null ? "(dropped)" : "+" + extent());
    }
}
