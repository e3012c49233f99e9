package bindercheck.properties.alloc;

import bindercheck.properties.check.RefinementException;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.model.alloc.AllocModel;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.BufferState;
import bindercheck.model.alloc.Outcome;
import bindercheck.model.alloc.PageState;
import java.util.ArrayList;
import java.util.List;

/**
 * The refinement mapping from impl's allocator to BinderAlloc.tla's state. The one place
 * that converts bytes (impl, wire) to 8-byte units (spec); every conversion is checked in
 * both directions, so a misaligned address or size is reported instead of rounded away.
 */
public final class AllocRefinement {
    private AllocRefinement() {
    }

    /** The spec model of an impl allocator's area: AreaUnits and PageUnits from its mapping. */
    public static AllocModel modelOf(BinderAlloc impl) {
        return AllocModel.forArea(units(impl.bufferSize(), "buffer size"), units(impl.pageSizeBytes(), "page size"));
    }

    /**
     * The abstract state of {@code impl}. The outcome is not impl state but the result of the
     * last action, so the caller passes it.
     */
    public static AllocState abstractState(BinderAlloc impl, Outcome outcome) {
        List<BufferState> buffers = new ArrayList<>();
        for (BinderBuffer b : impl.buffers()) {
            int start = units(b.userData() - impl.base(), "buffer offset");
            if (b.isFree()) {
                buffers.add(BufferState.freeAt(start));
            } else {
                long bytes = paddedSizeBytes(b.dataSize(), b.offsetsSize(), b.extraBuffersSize());
                buffers.add(new BufferState(start, false, b.asyncTransaction(), units(bytes, "buffer size")));
            }
        }
        List<PageState> pages = new ArrayList<>();
        for (int p = 0; p < impl.pageCount(); p++) {
            pages.add(switch (impl.pageState(p)) {
                case ABSENT -> PageState.ABSENT;
                case IN_USE -> PageState.IN_USE;
                case LRU -> PageState.LRU;
            });
        }
        return new AllocState(buffers, pages, units(impl.freeAsyncSpace(), "free async space"),
                impl.mapped(), impl.pageFaults() > 0, outcome);
    }

    /** max(8, ALIGN8(d) + ALIGN8(o) + ALIGN8(e)) for sizes that did not overflow. */
    static long paddedSizeBytes(long d, long o, long e) {
        long bytes = align8(d) + align8(o) + align8(e);
        return Math.max(8, bytes);
    }

    private static long align8(long b) {
        return (b + 7) & ~7L;
    }

    /** Bytes to units; a byte count that is not a whole number of units is a refinement failure. */
    static int units(long bytes, String what) {
        if (bytes % 8 != 0 || bytes < 0 || bytes / 8 > Integer.MAX_VALUE) {
            throw new RefinementException(what + " " + bytes + " is not a whole number of 8-byte units");
        }
        int u = (int) (bytes / 8);
        if ((long) u * 8 != bytes) {
            throw new RefinementException(what + " " + bytes + " does not convert back");
        }
        return u;
    }
}
