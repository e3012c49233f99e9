package bindercheck.properties.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The kinds of allocator step a generator draws, with their weights: the one mix shared by
 * the jqwik property and the fuzz campaign. Well-behaved moves draw from the state (free a
 * buffer that exists, shrink a page on the LRU, fit an existing hole exactly); adversarial
 * ones (overflowing sizes, unknown addresses, pages not on the LRU) are moves of their own.
 */
public enum AllocMove {
    ALLOC_BUFFER(12, s -> true, AllocMove::allocBuffer),
    FREE_BUFFER(8, s -> !s.allocatedOffsets().isEmpty(), AllocMove::freeBuffer),
    ALLOC_OVERFLOWING(1, s -> true, (s, r) -> allocOverflowing(r)),
    FREE_UNKNOWN(2, s -> true, AllocMove::freeUnknown),
    SHRINK_LRU_PAGE(3, s -> !s.lruPages().isEmpty(), AllocMove::shrinkLruPage),
    SHRINK_OTHER_PAGE(1, s -> true, AllocMove::shrinkOtherPage),
    UNMAP(1, s -> true, (s, r) -> new AllocOp.Unmap()),
    TEARDOWN(1, s -> true, (s, r) -> new AllocOp.Teardown());

    private final int weight;
    private final Predicate<CheckedAlloc> enabled;
    private final BiFunction<CheckedAlloc, Random, AllocOp> draw;

    AllocMove(int weight, Predicate<CheckedAlloc> enabled, BiFunction<CheckedAlloc, Random, AllocOp> draw) {
        this.weight = weight;
        this.enabled = enabled;
        this.draw = draw;
    }

    public int weight() {
        return weight;
    }

    /** Whether the move has something to draw from in this state. */
    public boolean enabled(CheckedAlloc s) {
        return enabled.test(s);
    }

    /** Draws one operation of this kind for state s. */
    public AllocOp draw(CheckedAlloc s, Random r) {
        return draw.apply(s, r);
    }

    /** Draws a move by weight among those enabled in s, then an operation of it. */
    public static AllocOp drawAny(CheckedAlloc s, Random r) {
        int total = 0;
        for (AllocMove m : values()) {
            total += m.enabled(s) ? m.weight : 0;
        }
        int pick = r.nextInt(total);
        for (AllocMove m : values()) {
            if (m.enabled(s)) {
                pick -= m.weight;
                if (pick < 0) {
                    return m.draw(s, r);
                }
            }
        }
        throw new AssertionError("weights");
    }

    // ---- the draws ----

    /** Sizes biased to 0, 1, page boundaries +-8 and exact fits of existing holes; async one time in three. */
    static AllocOp allocBuffer(CheckedAlloc s, Random r) {
        long page = s.pageSizeBytes();
        long pages = s.areaBytes() / page;
        List<Long> holes = s.holeExtents();
        long total = switch (r.nextInt(15)) {
            case 0, 1, 2 -> r.nextInt(2);                                            // 0 or 1 byte
            case 3, 4, 5 -> (1 + r.nextInt((int) pages)) * page + 8 * (r.nextInt(3) - 1); // page edge +-8
            case 6, 7, 8 -> holes.isEmpty() ? 0 : holes.get(r.nextInt(holes.size())); // an exact fit
            case 9, 10, 11, 12 -> 1 + r.nextInt(512);                                  // small
            default -> 1 + (long) (r.nextDouble() * (s.areaBytes() + 64));             // anything up to the area
        };
        long[] offsetsChoices = {0, 0, 0, 8, 16, 24};
        long[] extraChoices = {0, 0, 0, 0, 8, 40};
        long o = offsetsChoices[r.nextInt(offsetsChoices.length)];
        long e = extraChoices[r.nextInt(extraChoices.length)];
        return new AllocOp.Alloc(Math.max(0, total - o - e), o, e, r.nextInt(3) == 0);
    }

    /** Sizes whose aligned sum overflows size_t. */
    static AllocOp allocOverflowing(Random r) {
        long[][] cases = {{-8L, 8L, 0L}, {-1L, 0L, 0L}, {8L, 0L, -7L}, {Long.MAX_VALUE, Long.MAX_VALUE, 16L}};
        long[] c = cases[r.nextInt(cases.length)];
        return new AllocOp.Alloc(c[0], c[1], c[2], r.nextBoolean());
    }

    static AllocOp freeBuffer(CheckedAlloc s, Random r) {
        List<Long> offs = s.allocatedOffsets();
        return new AllocOp.Free(offs.get(r.nextInt(offs.size())));
    }

    /** An address that is no allocated buffer's start: unknown, misaligned, or just outside the area. */
    static AllocOp freeUnknown(CheckedAlloc s, Random r) {
        List<Long> taken = s.allocatedOffsets();
        long off;
        do {
            off = -8 + (long) (r.nextDouble() * (s.areaBytes() + 16));
        } while (taken.contains(off));
        return new AllocOp.Free(off);
    }

    static AllocOp shrinkLruPage(CheckedAlloc s, Random r) {
        List<Integer> lru = s.lruPages();
        return new AllocOp.Shrink(lru.get(r.nextInt(lru.size())));
    }

    /** A page that is absent, in use, or out of range. */
    static AllocOp shrinkOtherPage(CheckedAlloc s, Random r) {
        List<Integer> lru = new ArrayList<>(s.lruPages());
        int pages = (int) (s.areaBytes() / s.pageSizeBytes());
        int p;
        do {
            p = -1 + r.nextInt(pages + 2);
        } while (lru.contains(p));
        return new AllocOp.Shrink(p);
    }
}
