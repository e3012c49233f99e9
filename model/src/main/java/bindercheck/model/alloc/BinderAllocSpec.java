package bindercheck.model.alloc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The actions of BinderAlloc.tla as Java: one method per action, same name, each returning
 * the set of successor states (several where the spec leaves a choice, as among equal
 * best-fit buffers; none where the action is not enabled). {@link #next} is their union
 * over the model's parameter domains. The breadth-first exploration that is matched against
 * TLC's state count and the per-step refinement check call these same methods.
 */
public final class BinderAllocSpec {
    private final AllocModel model;

    public BinderAllocSpec(AllocModel model) {
        this.model = model;
    }

    public AllocModel model() {
        return model;
    }

    /** {@code Init}: one free buffer over the area, no pages, all async space free. */
    public AllocState init() {
        List<PageState> pages = new ArrayList<>();
        for (int p = 0; p < model.numPages(); p++) {
            pages.add(PageState.ABSENT);
        }
        return new AllocState(List.of(BufferState.freeAt(0)), pages, model.asyncTotal(), true, false, Outcome.OK);
    }

    /**
     * {@code SizeUnits(d, o, e)}: the three sizes aligned to 8 and summed, at least one unit.
     * The sizes are naturals; a Java long is read unsigned, so impl's size_t values map as they
     * are. Sizes beyond any area are capped at Integer.MAX_VALUE units (they can never fit).
     */
    public static int sizeUnits(long d, long o, long e) {
        final long small = 1L << 40;
        if (d >= 0 && d < small && o >= 0 && o < small && e >= 0 && e < small) {
            long units = ((d + 7) >> 3) + ((o + 7) >> 3) + ((e + 7) >> 3);
            return units == 0 ? 1 : (int) Math.min(Integer.MAX_VALUE, units);
        }
        BigInteger bytes = align8(d).add(align8(o)).add(align8(e));
        BigInteger units = bytes.shiftRight(3);
        if (units.signum() == 0) {
            return 1;
        }
        return units.bitLength() < 31 ? units.intValue() : Integer.MAX_VALUE;
    }

    private static BigInteger align8(long bytes) {
        BigInteger b = new BigInteger(Long.toUnsignedString(bytes));
        return b.add(SEVEN).shiftRight(3).shiftLeft(3);
    }

    private static final BigInteger SEVEN = BigInteger.valueOf(7);

    /** {@code Alloc(d, o, e, async)}: binder_alloc_new_buf. */
    public Set<AllocState> alloc(AllocState s, long d, long o, long e, boolean async) {
        int size = sizeUnits(d, o, e);
        if (!s.mapped()) {
            return Set.of(s.withOutcome(Outcome.NO_MAPPING));
        }
        if (async && s.freeAsyncSpace() < size) {
            return Set.of(s.withOutcome(Outcome.ASYNC_NO_SPACE));
        }
        List<Integer> fits = bestFit(s, size);
        if (fits.isEmpty()) {
            return Set.of(s.withOutcome(Outcome.NO_SPACE));
        }
        Set<AllocState> out = new LinkedHashSet<>();
        for (int i : fits) {
            out.add(allocAt(s, i, size, async));
        }
        return out;
    }

    /** {@code BestFit(buffers, size)} as 0-based indices, in address order. */
    public List<Integer> bestFit(AllocState s, int size) {
        int best = Integer.MAX_VALUE;
        List<BufferState> bs = s.buffers();
        for (int i = 0; i < bs.size(); i++) {
            int ext = s.extent(i, model.areaUnits());
            if (bs.get(i).free() && ext >= size && ext < best) {
                best = ext;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < bs.size(); i++) {
            if (bs.get(i).free() && s.extent(i, model.areaUnits()) == best) {
                out.add(i);
            }
        }
        return out;
    }

    /** The successor of Alloc that takes free buffer i: claim pages, split, charge async space. */
    AllocState allocAt(AllocState s, int i, int size, boolean async) {
        BufferState b = s.buffers().get(i);
        int ext = s.extent(i, model.areaUnits());
        int hi = Math.min(pageUp(b.start() + size), pageDown(b.start() + ext));
        List<Integer> claimed = pagesIn(pageUp(b.start()), hi);
        List<BufferState> bs = new ArrayList<>(s.buffers());
        bs.set(i, new BufferState(b.start(), false, async, size));
        if (ext > size) {
            bs.add(i + 1, BufferState.freeAt(b.start() + size));
        }
        List<PageState> pg = new ArrayList<>(s.pages());
        boolean fault = s.pageFault();
        for (int p : claimed) {
            fault |= pg.get(p) == PageState.IN_USE;
            pg.set(p, PageState.IN_USE);
        }
        int asyncSpace = async ? s.freeAsyncSpace() - size : s.freeAsyncSpace();
        return new AllocState(bs, pg, asyncSpace, s.mapped(), fault, Outcome.OK);
    }

    /** {@code Free(start)}: binder_alloc_free_buf on the allocated buffer at start. */
    public Set<AllocState> free(AllocState s, int start) {
        List<BufferState> bs = s.buffers();
        for (int i = 0; i < bs.size(); i++) {
            if (bs.get(i).start() == start && !bs.get(i).free()) {
                Work w = freeAt(new Work(s), i);
                return Set.of(new AllocState(w.bs, w.pg, w.async, s.mapped(), w.fault, Outcome.OK));
            }
        }
        return Set.of();
    }

    /** {@code Shrink(p)}: the shrinker takes LRU page p. */
    public Set<AllocState> shrink(AllocState s, int page) {
        if (page < 0 || page >= s.pages().size() || s.pages().get(page) != PageState.LRU) {
            return Set.of();
        }
        List<PageState> pg = new ArrayList<>(s.pages());
        pg.set(page, PageState.ABSENT);
        return Set.of(new AllocState(s.buffers(), pg, s.freeAsyncSpace(), s.mapped(), s.pageFault(), Outcome.OK));
    }

    /** {@code Unmap}: binder_alloc_vma_close. */
    public Set<AllocState> unmap(AllocState s) {
        if (!s.mapped()) {
            return Set.of();
        }
        return Set.of(new AllocState(s.buffers(), s.pages(), s.freeAsyncSpace(), false, s.pageFault(), Outcome.OK));
    }

    /** {@code Teardown}: binder_alloc_deferred_release frees every buffer, lowest first, then every page. */
    public Set<AllocState> teardown(AllocState s) {
        if (s.mapped()) {
            return Set.of();
        }
        Work w = new Work(s);
        for (int i = firstAllocated(w.bs); i >= 0; i = firstAllocated(w.bs)) {
            w = freeAt(w, i);
        }
        List<PageState> pg = new ArrayList<>();
        for (int p = 0; p < model.numPages(); p++) {
            pg.add(PageState.ABSENT);
        }
        return Set.of(new AllocState(w.bs, pg, w.async, false, w.fault, Outcome.OK));
    }

    /** {@code Next}: every action over the model's parameter domains. */
    public Set<AllocState> next(AllocState s) {
        Set<AllocState> out = new LinkedHashSet<>();
        for (long[] r : model.requests()) {
            out.addAll(alloc(s, r[0], r[1], r[2], false));
            out.addAll(alloc(s, r[0], r[1], r[2], true));
        }
        for (BufferState b : s.buffers()) {
            if (!b.free()) {
                out.addAll(free(s, b.start()));
            }
        }
        for (int p = 0; p < model.numPages(); p++) {
            out.addAll(shrink(s, p));
        }
        out.addAll(unmap(s));
        out.addAll(teardown(s));
        return out;
    }

    // ---- the spec's FreeAt / DeleteFreeBuffer, over a mutable working copy ----

    /** The spec's allocator record [bs, pg, async, fault], mutable while one action is computed. */
    private static final class Work {
        final List<BufferState> bs;
        final List<PageState> pg;
        int async;
        boolean fault;

        Work(AllocState s) {
            bs = new ArrayList<>(s.buffers());
            pg = new ArrayList<>(s.pages());
            async = s.freeAsyncSpace();
            fault = s.pageFault();
        }
    }

    private int extent(List<BufferState> bs, int i) {
        return (i == bs.size() - 1 ? model.areaUnits() : bs.get(i + 1).start()) - bs.get(i).start();
    }

    /** {@code FreeAt(st, i)}: release whole pages, then coalesce with the next, then the previous buffer. */
    private Work freeAt(Work w, int i) {
        BufferState b = w.bs.get(i);
        int ext = extent(w.bs, i);
        release(w, pagesIn(pageUp(b.start()), pageDown(b.start() + ext)));
        if (b.async()) {
            w.async += ext;
        }
        w.bs.set(i, BufferState.freeAt(b.start()));
        if (i + 1 < w.bs.size() && w.bs.get(i + 1).free()) {
            deleteFreeBuffer(w, i + 1);
        }
        if (i > 0 && w.bs.get(i - 1).free()) {
            deleteFreeBuffer(w, i);
        }
        return w;
    }

    /** {@code DeleteFreeBuffer(st, i)}: the record leaves; its start page goes to the LRU if nobody shares it. */
    private void deleteFreeBuffer(Work w, int i) {
        int x = w.bs.get(i).start();
        boolean sharesWithPrev = pageOf(w.bs.get(i - 1).start() - 1) == pageOf(x);
        boolean sharesWithNext = i + 1 < w.bs.size() && pageOf(w.bs.get(i + 1).start()) == pageOf(x);
        boolean aligned = x % model.pageUnits() == 0;
        if (!(sharesWithPrev || sharesWithNext || aligned)) {
            release(w, List.of(pageOf(x)));
        }
        w.bs.remove(i);
    }

    private static void release(Work w, List<Integer> pages) {
        for (int p : pages) {
            w.fault |= w.pg.get(p) != PageState.IN_USE;
            w.pg.set(p, PageState.LRU);
        }
    }

    private static int firstAllocated(List<BufferState> bs) {
        for (int i = 0; i < bs.size(); i++) {
            if (!bs.get(i).free()) {
                return i;
            }
        }
        return -1;
    }

    // ---- pages ----

    int pageUp(int u) {
        return (u + model.pageUnits() - 1) / model.pageUnits() * model.pageUnits();
    }

    int pageDown(int u) {
        return u / model.pageUnits() * model.pageUnits();
    }

    /** {@code PageOf(u)}; the unit before the area (-1) lies in page -1. */
    int pageOf(int u) {
        return u < 0 ? -1 : u / model.pageUnits();
    }

    /** {@code PagesIn(lo, hi)}: the pages whose first unit lies in [lo, hi). */
    List<Integer> pagesIn(int lo, int hi) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < model.numPages(); p++) {
            int first = p * model.pageUnits();
            if (lo <= first && first < hi) {
                out.add(p);
            }
        }
        return out;
    }
}
