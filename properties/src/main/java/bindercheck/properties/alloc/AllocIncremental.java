package bindercheck.properties.alloc;

import bindercheck.impl.Errno;
import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.model.alloc.AllocMirror;
import bindercheck.model.alloc.AllocModel;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.BinderAllocSpec;
import bindercheck.model.alloc.BufferState;
import bindercheck.model.alloc.Outcome;
import bindercheck.model.alloc.PageState;

/**
 * Incremental checking of one step ({@link bindercheck.properties.harness.Checking#INCREMENTAL}): the spec's action
 * is computed on an {@link AllocMirror} over the records it touches, and impl is abstracted over the same range only
 * (the records from the touched one to the end of the range, walked on impl's list, and the pages under it) plus the
 * scalars (async space, mapping, page faults). Each method answers whether the step refines the spec there and the
 * invariants hold there; if so the mirror has taken the step. If not, nothing is reported here: the caller checks the
 * step whole ({@link AllocChecker}), which gives the exact verdict, so this is a fast filter in front of the full check,
 * never a second opinion.
 *
 * <p>What it relies on: a step of impl changes nothing outside the range the spec's action touches. A step that does
 * is caught by the whole check at the end of the try ({@link CheckedAlloc#checkWhole}), not at its step.
 */
final class AllocIncremental {
    private final BinderAlloc impl;
    private final AllocModel model;
    private AllocMirror mirror;

    AllocIncremental(BinderAlloc impl, AllocModel model, AllocState s) {
        this.impl = impl;
        this.model = model;
        this.mirror = AllocMirror.of(model, s);
    }

    /** Takes the state a whole check ended in as the mirror's. */
    void rebuild(AllocState s) {
        mirror.load(s);
    }

    AllocState state() {
        return mirror.toState();
    }

    Outcome outcome() {
        return mirror.outcome();
    }

    int allocatedCount() {
        return mirror.allocatedCount();
    }

    /** Alloc that impl did, handing out {@code b}. */
    boolean allocated(BinderBuffer b, long d, long o, long e, boolean async) {
        int size = BinderAllocSpec.sizeUnits(d, o, e);
        if (mirror.allocOutcome(size, async) != Outcome.OK) {
            return false;
        }
        long off = b.userData() - impl.base();
        if (off < 0 || off % 8 != 0 || off >= impl.bufferSize() || !mirror.isBestFit((int) (off / 8), size)) {
            return false;
        }
        return matchAndCommit(b, mirror.allocAt((int) (off / 8), size, async));
    }

    /** Alloc that impl refused with {@code errno} (-ENOSPC, -ESRCH). */
    boolean allocRefused(int errno, long d, long o, long e, boolean async) {
        Outcome spec = mirror.allocOutcome(BinderAllocSpec.sizeUnits(d, o, e), async);
        boolean agrees = switch (-errno) {
            case Errno.ENOSPC -> spec == Outcome.NO_SPACE || spec == Outcome.ASYNC_NO_SPACE;
            case Errno.ESRCH -> spec == Outcome.NO_MAPPING;
            default -> false;
        };
        if (!agrees || !scalarsUnchanged()) {
            return false;
        }
        mirror.setOutcome(spec);
        return true;
    }

    /** Alloc that impl refused with -EINVAL: a stutter, right only for sizes that overflow. */
    boolean overflowRefused(long d, long o, long e) {
        return CheckedAlloc.overflows(d, o, e) && scalarsUnchanged();
    }

    /** Free of {@code b} that impl did; {@code prevBefore} was b's predecessor in impl's list before the step. */
    boolean freed(BinderBuffer b, BinderBuffer prevBefore) {
        long off = b.userData() - impl.base();
        if (off < 0 || off % 8 != 0 || off >= impl.bufferSize()) {
            return false;
        }
        int start = (int) (off / 8);
        BufferState at = mirror.at(start);
        if (at == null || at.free()) {
            return false;
        }
        AllocMirror.Local l = mirror.freeAt(start);
        return matchAndCommit(l.lo() == start ? b : prevBefore, l);
    }

    /** Free at {@code offsetBytes} that impl refused. */
    boolean freeRefused(long offsetBytes) {
        BufferState at = offsetBytes >= 0 && offsetBytes % 8 == 0 && offsetBytes / 8 < model.areaUnits()
                ? mirror.at((int) (offsetBytes / 8)) : null;
        return (at == null || at.free()) && scalarsUnchanged();
    }

    /** Shrink of page p that impl did. */
    boolean shrunk(int p) {
        if (p < 0 || p >= model.numPages() || mirror.page(p) != PageState.LRU || abstractPage(p) != PageState.ABSENT
                || !scalarsUnchanged()) {
            return false;
        }
        Outcome before = mirror.outcome();
        mirror.shrink(p);
        if (!mirror.holdsAround(0, 0, p, p)) {
            mirror.unshrink(p, before);
            return false;
        }
        return true;
    }

    /** Shrink of page p that impl refused. */
    boolean shrinkRefused(int p) {
        boolean inRange = p >= 0 && p < model.numPages();
        return !(inRange && mirror.page(p) == PageState.LRU) && (!inRange || abstractPage(p) == mirror.page(p))
                && scalarsUnchanged();
    }

    /** Unmap that impl did ({@code wasMapped}) or refused: only the mapping may change, and only if it was there. */
    boolean unmapped(boolean wasMapped) {
        if (wasMapped != mirror.mapped() || impl.mapped() || impl.freeAsyncSpace() != 8L * mirror.freeAsyncSpace()
                || (impl.pageFaults() > 0) != mirror.pageFault()) {
            return false;
        }
        if (wasMapped) {
            mirror.unmap();
        }
        return true;
    }

    /** Teardown that impl refused (-EBUSY): the spec refuses it while mapped, and nothing changed. */
    boolean teardownRefused() {
        return mirror.mapped() && scalarsUnchanged();
    }

    /**
     * Teardown that impl did with no buffer allocated (after an earlier one, typically): it can only drop pages, so
     * impl's few records (free ones, no two adjacent) and every page are compared whole. Otherwise false: a Teardown
     * that frees buffers is checked whole.
     */
    boolean tornDownEmpty() {
        if (mirror.mapped() || mirror.allocatedCount() != 0 || !scalarsUnchanged()) {
            return false;
        }
        java.util.List<BinderBuffer> records = impl.buffers();
        java.util.List<BufferState> want = mirror.buffers();
        if (records.size() != want.size()) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            if (!abstracts(records.get(i), want.get(i))) {
                return false;
            }
        }
        for (int p = 0; p < model.numPages(); p++) {
            if (abstractPage(p) != PageState.ABSENT) {
                return false;
            }
        }
        mirror.dropAllPages(); // no allocated extent and no page in use: PagesExact holds, and nothing else changed
        return true;
    }

    // ---- impl over the touched range ----

    /**
     * Whether impl, from its record {@code first} on, is exactly {@code l} (records tiling [lo, hi), the record
     * before and after in place, the pages, the scalars); then the mirror takes {@code l} and the invariants are
     * checked where it wrote (undone if they fail, so that the whole check starts from the state before the step).
     */
    private boolean matchAndCommit(BinderBuffer first, AllocMirror.Local l) {
        if (first == null || first.dropped() || impl.mapped() != mirror.mapped()
                || impl.freeAsyncSpace() != 8L * l.freeAsyncSpace() || (impl.pageFaults() > 0) != l.pageFault()) {
            return false;
        }
        BinderBuffer before = first.previousInList();
        int prevStart = mirror.prevStart(l.lo());
        if (before == null ? prevStart != -1 : before.userData() - impl.base() != 8L * prevStart) {
            return false;
        }
        BinderBuffer x = first;
        for (BufferState want : l.after()) {
            if (x == null || x.dropped() || !abstracts(x, want)) {
                return false;
            }
            x = x.nextInList();
        }
        if (l.hi() == model.areaUnits() ? x != null : x == null || x.userData() - impl.base() != 8L * l.hi()) {
            return false;
        }
        for (int p = l.pageLo(); p <= l.pageHi(); p++) {
            if (abstractPage(p) != l.pages()[p - l.pageLo()]) {
                return false;
            }
        }
        Outcome outcome = mirror.outcome();
        AllocMirror.Local inverse = mirror.commit(l);
        if (!mirror.holdsAround(l.lo(), l.hi(), l.pageLo(), l.pageHi())) {
            mirror.undo(inverse, outcome);
            return false;
        }
        return true;
    }

    /** Whether impl's record maps to {@code want} as {@link AllocRefinement#abstractState} maps it. */
    private boolean abstracts(BinderBuffer x, BufferState want) {
        if (x.userData() - impl.base() != 8L * want.start() || x.isFree() != want.free()) {
            return false;
        }
        if (x.isFree()) {
            return true;
        }
        return x.asyncTransaction() == want.async()
                && AllocRefinement.paddedSizeBytes(x.dataSize(), x.offsetsSize(), x.extraBuffersSize())
                        == 8L * want.sizeUnits();
    }

    private PageState abstractPage(int p) {
        return switch (impl.pageState(p)) {
            case ABSENT -> PageState.ABSENT;
            case IN_USE -> PageState.IN_USE;
            case LRU -> PageState.LRU;
        };
    }

    /** A refused step: impl's scalars are the mirror's (its records and pages are taken as untouched). */
    private boolean scalarsUnchanged() {
        return impl.mapped() == mirror.mapped() && impl.freeAsyncSpace() == 8L * mirror.freeAsyncSpace()
                && (impl.pageFaults() > 0) == mirror.pageFault();
    }
}
