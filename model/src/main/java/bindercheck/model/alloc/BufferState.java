package bindercheck.model.alloc;

/**
 * One record of {@code buffers} in BinderAlloc.tla: a buffer in address order.
 *
 * @param start     first unit of the buffer (8-byte units from the area's start)
 * @param free      on the free list
 * @param async     allocated for a one-way transaction (always false when free)
 * @param sizeUnits the padded request in units; 0 when free
 */
public record BufferState(int start, boolean free, boolean async, int sizeUnits) {

    /** A free record, as the spec's {@code FreeBuffer(start)}. */
    public static BufferState freeAt(int start) {
        return new BufferState(start, true, false, 0);
    }

    @Override
    public String toString() {
        return free ? start + ":free" : start + ":" + sizeUnits + (async ? "a" : "s");
    }
}
