package bindercheck.model.alloc;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * The invariants of BinderAlloc.tla as Java predicates, one per TLA+ definition, same names.
 * Each takes the model (for the constants) and a state.
 */
public final class AllocInvariants {
    private AllocInvariants() {
    }

    /** An invariant with its TLA+ name and reference id, so every checker reports it the same way. */
    public enum Invariant implements bindercheck.model.SpecInvariant {
        TYPE_OK("TypeOK", "-", AllocInvariants::typeOK),
        TILING("Tiling", "I-T", AllocInvariants::tiling),
        EXTENT_ALIGNMENT("ExtentAlignment", "I-A", AllocInvariants::extentAlignment),
        NO_ADJACENT_FREE("NoAdjacentFree", "I-F", AllocInvariants::noAdjacentFree),
        FREE_RECORDS_EMPTY("FreeRecordsEmpty", "-", AllocInvariants::freeRecordsEmpty),
        PAGES_EXACT("PagesExact", "I-P", AllocInvariants::pagesExact),
        ASYNC_CONSERVATION("AsyncConservation", "A4", AllocInvariants::asyncConservation),
        ASYNC_SPACE_NON_NEGATIVE("AsyncSpaceNonNegative", "A4", AllocInvariants::asyncSpaceNonNegative),
        NO_DOUBLE_CLAIM_OR_RELEASE("NoDoubleClaimOrRelease", "§6.8", AllocInvariants::noDoubleClaimOrRelease);

        private final String tlaName;
        private final String referenceId;
        private final BiPredicate<AllocModel, AllocState> predicate;

        Invariant(String tlaName, String referenceId, BiPredicate<AllocModel, AllocState> predicate) {
            this.tlaName = tlaName;
            this.referenceId = referenceId;
            this.predicate = predicate;
        }

        @Override
        public String tlaName() {
            return tlaName;
        }

        @Override
        public String referenceId() {
            return referenceId;
        }

        public boolean holds(AllocModel m, AllocState s) {
            return predicate.test(m, s);
        }
    }

    /** The invariants that fail in state s, empty when all hold. */
    public static List<Invariant> violated(AllocModel m, AllocState s) {
        List<Invariant> out = new java.util.ArrayList<>();
        for (Invariant inv : Invariant.values()) {
            if (!inv.holds(m, s)) {
                out.add(inv);
            }
        }
        return out;
    }

    /** {@code TypeOK}. */
    public static boolean typeOK(AllocModel m, AllocState s) {
        if (s.buffers().isEmpty() || s.pages().size() != m.numPages() || s.outcome() == null) {
            return false;
        }
        for (BufferState b : s.buffers()) {
            if (b.start() < 0 || b.start() >= m.areaUnits() || b.sizeUnits() < 0 || b.sizeUnits() > m.areaUnits()) {
                return false;
            }
        }
        return s.freeAsyncSpace() >= 0 && s.freeAsyncSpace() <= m.asyncTotal();
    }

    /** {@code Tiling} (I-T): the buffers tile the area in address order, from its start. */
    public static boolean tiling(AllocModel m, AllocState s) {
        List<BufferState> bs = s.buffers();
        if (bs.get(0).start() != 0 || bs.get(bs.size() - 1).start() >= m.areaUnits()) {
            return false;
        }
        for (int i = 0; i + 1 < bs.size(); i++) {
            if (bs.get(i).start() >= bs.get(i + 1).start()) {
                return false;
            }
        }
        return true;
    }

    /** {@code ExtentAlignment} (I-A): an allocated buffer's extent is its padded size. */
    public static boolean extentAlignment(AllocModel m, AllocState s) {
        for (int i = 0; i < s.buffers().size(); i++) {
            BufferState b = s.buffers().get(i);
            if (!b.free() && (b.sizeUnits() < 1 || s.extent(i, m.areaUnits()) != b.sizeUnits())) {
                return false;
            }
        }
        return true;
    }

    /** {@code NoAdjacentFree} (I-F): no two neighbours free. */
    public static boolean noAdjacentFree(AllocModel m, AllocState s) {
        List<BufferState> bs = s.buffers();
        for (int i = 0; i + 1 < bs.size(); i++) {
            if (bs.get(i).free() && bs.get(i + 1).free()) {
                return false;
            }
        }
        return true;
    }

    /** {@code FreeRecordsEmpty}: a free record carries no request (size 0, not async). */
    public static boolean freeRecordsEmpty(AllocModel m, AllocState s) {
        for (BufferState b : s.buffers()) {
            if (b.free() && (b.sizeUnits() != 0 || b.async())) {
                return false;
            }
        }
        return true;
    }

    /** {@code PagesExact} (I-P): a page is in use iff it intersects an allocated buffer's extent. */
    public static boolean pagesExact(AllocModel m, AllocState s) {
        // one pass over the buffers marks the pages their extents touch, then compare
        boolean[] used = new boolean[s.pages().size()];
        for (int i = 0; i < s.buffers().size(); i++) {
            BufferState b = s.buffers().get(i);
            if (!b.free()) {
                int last = Math.min(used.length - 1, (b.start() + s.extent(i, m.areaUnits()) - 1) / m.pageUnits());
                for (int p = b.start() / m.pageUnits(); p <= last; p++) {
                    used[p] = true;
                }
            }
        }
        for (int p = 0; p < used.length; p++) {
            if ((s.pages().get(p) == PageState.IN_USE) != used[p]) {
                return false;
            }
        }
        return true;
    }

    /** {@code AsyncConservation} (A4): free async space is half the area less the allocated async extents. */
    public static boolean asyncConservation(AllocModel m, AllocState s) {
        int sum = 0;
        for (BufferState b : s.buffers()) {
            if (!b.free() && b.async()) {
                sum += b.sizeUnits();
            }
        }
        return s.freeAsyncSpace() == m.asyncTotal() - sum;
    }

    /** {@code AsyncSpaceNonNegative}: free async space never goes below zero. */
    public static boolean asyncSpaceNonNegative(AllocModel m, AllocState s) {
        return s.freeAsyncSpace() >= 0;
    }

    /** {@code NoDoubleClaimOrRelease}: no claim hit an in-use page, no release a page not in use. */
    public static boolean noDoubleClaimOrRelease(AllocModel m, AllocState s) {
        return !s.pageFault();
    }
}
