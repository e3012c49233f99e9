package bindercheck.model.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.SpecInvariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The explorer on small state spaces whose counts are known by hand: levels and depth, the step
 * bound, a symmetry's orbits, TLC's handling of an action constraint (a dropped state is checked,
 * once, and neither kept nor expanded), the violation cap and stop at the first, and the same
 * counts whether states are kept as objects, as keys, or as keys with the frontier decoded.
 */
class ExplorerTest {
    /** One toy invariant, named as a spec's would be. */
    enum Inv implements SpecInvariant {
        SMALL;

        @Override
        public String tlaName() {
            return "Small";
        }

        @Override
        public String referenceId() {
            return "-";
        }
    }

    /** A pair of counters, each stepped by one up to 3: 16 states, a diameter of 6 steps. */
    record Pair(int a, int b) {
    }

    private static List<Pair> next(Pair p) {
        List<Pair> out = new ArrayList<>();
        if (p.a() < 3) {
            out.add(new Pair(p.a() + 1, p.b()));
        }
        if (p.b() < 3) {
            out.add(new Pair(p.a(), p.b() + 1));
        }
        return out;
    }

    /** Pairs as two bytes; renaming 1 swaps the counters (the counters are interchangeable). */
    private static StateEncoding<Pair> encoding(boolean symmetric, boolean decodes) {
        StateEncoding<Pair> keys = new StateEncoding<>() {
            @Override
            public int renamings() {
                return symmetric ? 2 : 1;
            }

            @Override
            public void encode(Pair p, int r, KeyBuffer out) {
                out.putByte(r == 0 ? p.a() : p.b());
                out.putByte(r == 0 ? p.b() : p.a());
            }
        };
        if (!decodes) {
            return keys;
        }
        return new StateEncoding.Decoding<>() {
            @Override
            public int renamings() {
                return keys.renamings();
            }

            @Override
            public void encode(Pair p, int r, KeyBuffer out) {
                keys.encode(p, r, out);
            }

            @Override
            public Pair decode(byte[] bytes) {
                return new Pair(bytes[0], bytes[1]);
            }
        };
    }

    private static Explorer<Pair, Inv> explorer() {
        return Explorer.of(new Pair(0, 0), ExplorerTest::next);
    }

    @Test
    void countsEveryStateOnceByLevelsAsObjectsKeysOrDecodedKeys() {
        for (StateEncoding<Pair> e : new ArrayList<>(java.util.Arrays.asList(null, encoding(false, false),
                encoding(false, true)))) {
            Explorer.Result<Pair, Inv> r = explorer().encoding(e).run();
            assertEquals(16, r.distinctStates());
            assertEquals(7, r.depth(), "Init is depth 1, (3, 3) is six steps away");
            assertEquals(24, r.generated(), "one successor per edge of the 4x4 grid");
        }
        Explorer.Result<Pair, Inv> bounded = explorer().maxSteps(2).run();
        assertEquals(1 + 2 + 3, bounded.distinctStates());
        assertEquals(3, bounded.depth());
    }

    @Test
    void aSymmetryKeepsOneStatePerOrbit() {
        Explorer.Result<Pair, Inv> r = explorer().encoding(encoding(true, false)).run();
        assertEquals(10, r.distinctStates(), "unordered pairs of 0..3");
        assertEquals(7, r.depth());
        assertEquals(10, explorer().encoding(encoding(true, true)).run().distinctStates());
        StateKeys<Pair> keys = new StateKeys<>(encoding(true, false));
        byte[] k = keys.key(new Pair(2, 1)).toArray();
        assertEquals(List.of((byte) 1, (byte) 2), List.of(k[0], k[1]), "the least encoding of the orbit");
    }

    @Test
    void aDroppedStateIsCheckedOnceButNeitherKeptNorExpanded() {
        List<Pair> checked = new ArrayList<>();
        Explorer.Result<Pair, Inv> r = explorer()
                .actionConstraint((pre, post) -> post.a() + post.b() <= 2)
                .invariants(p -> {
                    checked.add(p);
                    return List.of();
                })
                .run();
        assertEquals(6, r.distinctStates(), "the pairs of sum at most 2");
        assertEquals(3, r.depth());
        assertEquals(6 + 6, r.generated(), "6 steps to kept states, 6 to the 4 dropped ones");
        assertEquals(6 + 4, checked.size(), "each kept and each dropped state checked once");
        assertEquals(4, checked.stream().filter(p -> p.a() + p.b() == 3).distinct().count());
        assertTrue(checked.stream().noneMatch(p -> p.a() + p.b() > 3), "a dropped state has no successors");
    }

    @Test
    void violationsAreCappedAndTheSearchCanStopAtTheFirst() {
        Explorer.Result<Pair, Inv> all = explorer().invariants(p -> p.a() + p.b() >= 2 ? Set.of(Inv.SMALL) : Set.of())
                .maxViolations(4).run();
        assertEquals(4, all.violations().size());
        assertEquals(16, all.distinctStates(), "the search went on");
        assertEquals(3, all.violations().get(0).depth());
        assertTrue(all.violations().get(0).toString().startsWith("Small violated at depth 3 in\n"));

        Explorer.Result<Pair, Inv> first = explorer().invariants(p -> p.a() + p.b() >= 2 ? Set.of(Inv.SMALL)
                : Set.of()).stopAtFirstViolation(true).run();
        assertEquals(3, first.depth(), "ends after the level of the first violation");
        assertEquals(1 + 2 + 3, first.distinctStates());
        assertEquals(3, first.violations().size(), "every violation of that level");
    }
}
