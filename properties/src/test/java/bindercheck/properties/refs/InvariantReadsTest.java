package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.refs.BinderRefsSpec;
import bindercheck.model.refs.RefsInvariants.Invariant;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link InvariantReads}' table is what incremental checking trusts to skip an invariant: if an invariant does not
 * read a variable, a state with that variable taken from another state must get the same verdict. States come from
 * random walks of the spec (the checker's own model of three procs); each variable of one is replaced by another's,
 * which makes states the spec never reaches, so invariants do break.
 */
class InvariantReadsTest {
    private static final RefsModel MODEL = RefsRefinement.modelOf(List.of("a", "b", "c"), Set.of(1, 2), 2);

    @Test
    void anInvariantKeepsItsVerdictWhenOnlyVariablesItDoesNotReadChange() {
        List<RefsState> states = walks(new Random(14), 60, 25);
        Random r = new Random(1);
        Set<Invariant> flipped = EnumSet.noneOf(Invariant.class);
        for (int i = 0; i < 1500; i++) {
            RefsState a = states.get(r.nextInt(states.size()));
            RefsState b = states.get(r.nextInt(states.size()));
            for (int bit = 1; bit <= InvariantReads.ALL; bit <<= 1) {
                RefsState spliced = splice(a, b, bit);
                assertEquals(0, InvariantReads.changed(a, spliced) & ~bit, "only the spliced variable changed");
                for (Invariant inv : Invariant.values()) {
                    boolean before = inv.holds(MODEL, a);
                    boolean after = inv.holds(MODEL, spliced);
                    if ((InvariantReads.reads(inv) & bit) == 0) {
                        assertEquals(before, after, inv + " changed its verdict with variable bit " + bit
                                + ", which the table says it does not read");
                    } else if (before != after) {
                        flipped.add(inv);
                    }
                }
            }
        }
        // not vacuous: splices do change verdicts of the invariants that read what was spliced
        assertTrue(flipped.size() >= 15, "splices flipped only " + flipped);
    }

    @Test
    void theChangedMaskIsEmptyForEqualStatesAndFullWithoutAPreviousState() {
        RefsState s = new BinderRefsSpec(MODEL).init();
        assertEquals(0, InvariantReads.changed(s, s));
        assertEquals(InvariantReads.ALL, InvariantReads.changed(null, s));
    }

    private static List<RefsState> walks(Random r, int walks, int length) {
        BinderRefsSpec spec = new BinderRefsSpec(MODEL);
        List<RefsState> out = new ArrayList<>();
        for (int w = 0; w < walks; w++) {
            RefsState s = spec.init();
            for (int i = 0; i < length; i++) {
                List<RefsState> next = new ArrayList<>(spec.next(s));
                if (next.isEmpty()) {
                    break;
                }
                s = next.get(r.nextInt(next.size()));
                out.add(s);
            }
        }
        return out;
    }

    /** {@code a} with the variable {@code bit} names taken from {@code b}. */
    private static RefsState splice(RefsState a, RefsState b, int bit) {
        RefsState x = bit == InvariantReads.ALIVE ? b : a;
        RefsState mgr = bit == InvariantReads.MGR ? b : a;
        return new RefsState(x.alive(), mgr.mgrNode(), mgr.mgrUid(), pick(a, b, bit, InvariantReads.NODES).nodes(),
                pick(a, b, bit, InvariantReads.REFS).refs(), pick(a, b, bit, InvariantReads.DEATHS).deaths(),
                pick(a, b, bit, InvariantReads.BUFS).bufs(), pick(a, b, bit, InvariantReads.HELD).held(),
                pick(a, b, bit, InvariantReads.REACHED).reached(), pick(a, b, bit, InvariantReads.DRIFT).drift(),
                pick(a, b, bit, InvariantReads.MISUSE).misuse(), pick(a, b, bit, InvariantReads.BUG).kernelBug(),
                pick(a, b, bit, InvariantReads.WAS_MGR).wasMgr());
    }

    private static RefsState pick(RefsState a, RefsState b, int bit, int variable) {
        return bit == variable ? b : a;
    }
}
