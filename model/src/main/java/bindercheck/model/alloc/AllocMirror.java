package bindercheck.model.alloc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * BinderAlloc.tla's state kept up to date step by step, so that a long run is checked without re-abstracting it whole
 * after every step: the buffers as a list linked in address order and indexed by start, the free buffers ordered by
 * (extent, start) for BestFit, per page the number of allocated extents over it (PagesExact) and the sum of the
 * allocated async sizes (AsyncConservation).
 *
 * <p>Alloc and Free are computed here only over the records they touch ({@link #allocAt}, {@link #freeAt}): a {@link
 * Local} is the range [lo, hi) of the area the action rewrites, its records and pages after the action, and the
 * scalars. Outside that range the spec's action changes nothing, which is what makes the local step equal to {@link
 * BinderAllocSpec}'s (the side-by-side test of incremental and full checking holds the two together). {@link #commit}
 * puts a local step in and returns its inverse; {@link #holdsAround} checks the invariants where a step wrote.
 */
public final class AllocMirror {
    /** One record of {@code buffers}, linked in address order. */
    private static final class Rec {
        final BufferState state;
        Rec prev;
        Rec next;

        Rec(BufferState state) {
            this.state = state;
        }
    }

    /**
     * What an action does to the range [lo, hi) of the area: the records that tile it afterwards, the pages from
     * {@code pageLo} on that it may change, and the scalars afterwards.
     */
    public record Local(int lo, int hi, List<BufferState> after, int pageLo, PageState[] pages, int freeAsyncSpace,
            boolean pageFault) {
        /** The last page of the range. */
        public int pageHi() {
            return pageLo + pages.length - 1;
        }
    }

    private final AllocModel model;
    private final int pu;
    /** Indexed by start unit; null where no record starts. */
    private final Rec[] byStart;
    /** Free records as extent << 32 | start: BestFit is the least key at or above size << 32. */
    private final TreeSet<Long> freeKeys = new TreeSet<>();
    private final PageState[] pages;
    /** For each page, how many allocated extents intersect it; the page must be in use iff this is positive. */
    private final int[] usedBy;
    private Rec head;
    private int records;
    private int allocated;
    private int asyncSum;
    private int freeAsyncSpace;
    private boolean mapped;
    private boolean pageFault;
    private Outcome outcome;

    private AllocMirror(AllocModel model) {
        this.model = model;
        this.pu = model.pageUnits();
        this.byStart = new Rec[model.areaUnits()];
        this.pages = new PageState[model.numPages()];
        this.usedBy = new int[model.numPages()];
    }

    /** The mirror of {@code s}, a state in which every invariant holds (the mirror relies on Tiling and TypeOK). */
    public static AllocMirror of(AllocModel model, AllocState s) {
        AllocMirror m = new AllocMirror(model);
        m.load(s);
        return m;
    }

    /** Becomes the mirror of {@code s} (as {@link #of}), reusing its tables: a whole check ends with this. */
    public void load(AllocState s) {
        for (Rec r = head; r != null; r = r.next) {
            byStart[r.state.start()] = null;
        }
        freeKeys.clear();
        Arrays.fill(usedBy, 0);
        head = null;
        records = 0;
        allocated = 0;
        asyncSum = 0;
        Rec last = null;
        for (BufferState b : s.buffers()) {
            Rec r = new Rec(b);
            r.prev = last;
            if (last == null) {
                head = r;
            } else {
                last.next = r;
            }
            last = r;
        }
        for (Rec r = head; r != null; r = r.next) {
            index(r);
        }
        s.pages().toArray(pages);
        freeAsyncSpace = s.freeAsyncSpace();
        mapped = s.mapped();
        pageFault = s.pageFault();
        outcome = s.outcome();
    }

    /** The records in address order (a new list). */
    public List<BufferState> buffers() {
        List<BufferState> bs = new ArrayList<>(records);
        for (Rec r = head; r != null; r = r.next) {
            bs.add(r.state);
        }
        return bs;
    }

    /** {@code Teardown} when no buffer is allocated: it only drops every page. */
    public void dropAllPages() {
        Arrays.fill(pages, PageState.ABSENT);
        outcome = Outcome.OK;
    }

    /** The state as a value, equal to what abstracting the allocator whole gives while every step was checked. */
    public AllocState toState() {
        return new AllocState(buffers(), Arrays.asList(pages), freeAsyncSpace, mapped, pageFault, outcome);
    }

    // ---- reading ----

    public int freeAsyncSpace() {
        return freeAsyncSpace;
    }

    public boolean mapped() {
        return mapped;
    }

    public boolean pageFault() {
        return pageFault;
    }

    public Outcome outcome() {
        return outcome;
    }

    public void setOutcome(Outcome o) {
        outcome = o;
    }

    public PageState page(int p) {
        return pages[p];
    }

    /** Allocated records now (the canary counts them). */
    public int allocatedCount() {
        return allocated;
    }

    /** The record starting at {@code start}, or null. */
    public BufferState at(int start) {
        Rec r = start >= 0 && start < byStart.length ? byStart[start] : null;
        return r == null ? null : r.state;
    }

    /** The start of the record before the one at {@code start}, or -1 if that one is the first. */
    public int prevStart(int start) {
        Rec p = byStart[start].prev;
        return p == null ? -1 : p.state.start();
    }

    /** {@code Extent(buffers, i)} of the record at {@code start}. */
    public int extentAt(int start) {
        return extent(byStart[start]);
    }

    /** The spec's outcome of Alloc of {@code size} units: Ok when it is enabled, else the refusal it gives. */
    public Outcome allocOutcome(int size, boolean async) {
        if (!mapped) {
            return Outcome.NO_MAPPING;
        }
        if (async && freeAsyncSpace < size) {
            return Outcome.ASYNC_NO_SPACE;
        }
        return freeKeys.ceiling((long) size << 32) == null ? Outcome.NO_SPACE : Outcome.OK;
    }

    /** Whether the free record at {@code start} is one of {@code BestFit(buffers, size)}. */
    public boolean isBestFit(int start, int size) {
        Long best = freeKeys.ceiling((long) size << 32);
        Rec r = start >= 0 && start < byStart.length ? byStart[start] : null;
        return best != null && r != null && r.state.free() && extent(r) == (int) (best >>> 32);
    }

    // ---- the spec's actions over what they touch ----

    /** {@code Alloc}'s successor that takes the free record at {@code start} (one of BestFit), over its extent. */
    public Local allocAt(int start, int size, boolean async) {
        int ext = extentAt(start);
        int pageLo = start / pu;
        PageState[] pg = Arrays.copyOfRange(pages, pageLo, (start + ext - 1) / pu + 1);
        boolean fault = pageFault;
        int hiClaim = Math.min(pageUp(start + size), pageDown(start + ext));
        for (int p = pageUp(start) / pu; p < pages.length && p * pu < hiClaim; p++) {
            fault |= pg[p - pageLo] == PageState.IN_USE;
            pg[p - pageLo] = PageState.IN_USE;
        }
        List<BufferState> after = ext > size
                ? List.of(new BufferState(start, false, async, size), BufferState.freeAt(start + size))
                : List.of(new BufferState(start, false, async, size));
        return new Local(start, start + ext, after, pageLo, pg, async ? freeAsyncSpace - size : freeAsyncSpace, fault);
    }

    /**
     * {@code Free}'s successor for the allocated record at {@code start}, over it and the free neighbours it
     * coalesces with ({@code FreeAt}: whole pages released, then the next record absorbed, then the record itself).
     */
    public Local freeAt(int start) {
        Rec b = byStart[start];
        int ext = extent(b);
        Rec prev = b.prev;
        Rec next = b.next;
        boolean mergeNext = next != null && next.state.free();
        boolean mergePrev = prev != null && prev.state.free();
        int lo = mergePrev ? prev.state.start() : start;
        int hi = mergeNext ? next.state.start() + extent(next) : start + ext;
        int pageLo = lo / pu;
        Work w = new Work(Arrays.copyOfRange(pages, pageLo, (hi - 1) / pu + 1), pageLo, pageFault);
        for (int p = pageUp(start) / pu; p < pages.length && p * pu < pageDown(start + ext); p++) {
            w.release(p);
        }
        // The record after the ones deleted so far: what DeleteFreeBuffer's "next" is.
        Rec after = next;
        if (mergeNext) {
            after = next.next;
            deleteFreeBuffer(w, start, next.state.start(), after);
        }
        if (mergePrev) {
            deleteFreeBuffer(w, prev.state.start(), start, after);
        }
        int async = b.state.async() ? freeAsyncSpace + ext : freeAsyncSpace;
        return new Local(lo, hi, List.of(BufferState.freeAt(lo)), pageLo, w.pages, async, w.fault);
    }

    /**
     * {@code DeleteFreeBuffer}: the free record at {@code x} leaves; its start page goes to the LRU unless the
     * record before it starts in that page's predecessor range, the following record starts in it, or x is aligned.
     */
    private void deleteFreeBuffer(Work w, int prevStart, int x, Rec following) {
        boolean sharesWithPrev = pageOf(prevStart - 1) == pageOf(x);
        boolean sharesWithNext = following != null && pageOf(following.state.start()) == pageOf(x);
        if (!(sharesWithPrev || sharesWithNext || x % pu == 0)) {
            w.release(pageOf(x));
        }
    }

    /** Pages of a local step being computed, and the ghost fault flag. */
    private static final class Work {
        final PageState[] pages;
        final int pageLo;
        boolean fault;

        Work(PageState[] pages, int pageLo, boolean fault) {
            this.pages = pages;
            this.pageLo = pageLo;
            this.fault = fault;
        }

        void release(int p) {
            fault |= pages[p - pageLo] != PageState.IN_USE;
            pages[p - pageLo] = PageState.LRU;
        }
    }

    /** {@code Shrink(p)} of an LRU page. */
    public void shrink(int p) {
        pages[p] = PageState.ABSENT;
        outcome = Outcome.OK;
    }

    /** {@code Unmap}: the vma goes; nothing else changes. */
    public void unmap() {
        mapped = false;
        outcome = Outcome.OK;
    }

    /** Puts back an LRU page that {@link #shrink} took, with the outcome before. */
    public void unshrink(int p, Outcome before) {
        pages[p] = PageState.LRU;
        outcome = before;
    }

    // ---- writing a local step ----

    /**
     * Puts {@code l} in: its records replace those in [lo, hi), its pages and scalars replace the mirror's, the
     * outcome becomes Ok. Returns the inverse (the range as it was), which {@link #undo} puts back.
     */
    public Local commit(Local l) {
        List<BufferState> before = new ArrayList<>(2);
        Rec first = byStart[l.lo()];
        Rec prev = first.prev;
        Rec r = first;
        while (r != null && r.state.start() < l.hi()) {
            before.add(r.state);
            unindex(r);
            r = r.next;
        }
        for (Rec x = first; x != r; x = x.next) {
            byStart[x.state.start()] = null;
        }
        Rec following = r;
        Rec last = prev;
        for (BufferState s : l.after()) {
            Rec n = new Rec(s);
            n.prev = last;
            if (last == null) {
                head = n;
            } else {
                last.next = n;
            }
            last = n;
        }
        last.next = following;
        if (following != null) {
            following.prev = last;
        }
        for (Rec x = prev == null ? head : prev.next; x != following; x = x.next) {
            index(x);
        }
        PageState[] oldPages = Arrays.copyOfRange(pages, l.pageLo(), l.pageLo() + l.pages().length);
        System.arraycopy(l.pages(), 0, pages, l.pageLo(), l.pages().length);
        Local inverse = new Local(l.lo(), l.hi(), before, l.pageLo(), oldPages, freeAsyncSpace, pageFault);
        freeAsyncSpace = l.freeAsyncSpace();
        pageFault = l.pageFault();
        outcome = Outcome.OK;
        return inverse;
    }

    /** Puts back what {@link #commit} returned, with the outcome the mirror had before. */
    public void undo(Local inverse, Outcome before) {
        commit(inverse);
        outcome = before;
    }

    private void index(Rec r) {
        BufferState s = r.state;
        byStart[s.start()] = r;
        records++;
        int ext = extent(r);
        if (s.free()) {
            freeKeys.add((long) ext << 32 | s.start());
        } else {
            allocated++;
            asyncSum += s.async() ? s.sizeUnits() : 0;
            markUsed(s.start(), ext, 1);
        }
    }

    private void unindex(Rec r) {
        BufferState s = r.state;
        records--;
        int ext = extent(r);
        if (s.free()) {
            freeKeys.remove((long) ext << 32 | s.start());
        } else {
            allocated--;
            asyncSum -= s.async() ? s.sizeUnits() : 0;
            markUsed(s.start(), ext, -1);
        }
    }

    /** As PagesExact counts an allocated extent: the pages from its start's to its last unit's, within the area. */
    private void markUsed(int start, int ext, int delta) {
        int last = Math.min(pages.length - 1, (start + ext - 1) / pu);
        for (int p = start / pu; p <= last; p++) {
            usedBy[p] += delta;
        }
    }

    // ---- the invariants where a step wrote ----

    /**
     * Every invariant of BinderAlloc.tla, evaluated on what a step over [lo, hi) and pages pageLo..pageHi can have
     * changed: the records there and their neighbours, those pages, and the scalars. With the rest unchanged and
     * every invariant holding before, this is every invariant on the whole state.
     */
    public boolean holdsAround(int lo, int hi, int pageLo, int pageHi) {
        if (head == null || head.state.start() != 0 || outcome == null) {
            return false;
        }
        if (freeAsyncSpace < 0 || freeAsyncSpace > model.asyncTotal() || freeAsyncSpace != model.asyncTotal() - asyncSum
                || pageFault) {
            return false;
        }
        Rec r = byStart[lo];
        if (r == null) {
            return false;
        }
        if (r.prev != null && r.prev.state.free() && r.state.free()) {
            return false;
        }
        for (; r != null && r.state.start() < hi; r = r.next) {
            BufferState s = r.state;
            if (s.start() < 0 || s.start() >= model.areaUnits() || s.sizeUnits() < 0 || s.sizeUnits() > model.areaUnits()) {
                return false;
            }
            if (s.free() ? s.sizeUnits() != 0 || s.async() : s.sizeUnits() < 1 || extent(r) != s.sizeUnits()) {
                return false;
            }
            if (r.next != null && s.free() && r.next.state.free()) {
                return false;
            }
        }
        for (int p = pageLo; p <= pageHi; p++) {
            if ((pages[p] == PageState.IN_USE) != (usedBy[p] > 0)) {
                return false;
            }
        }
        return true;
    }

    // ---- units and pages ----

    private int extent(Rec r) {
        return (r.next == null ? model.areaUnits() : r.next.state.start()) - r.state.start();
    }

    private int pageUp(int u) {
        return (u + pu - 1) / pu * pu;
    }

    private int pageDown(int u) {
        return u / pu * pu;
    }

    private int pageOf(int u) {
        return u < 0 ? -1 : u / pu;
    }
}
