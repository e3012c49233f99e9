package bindercheck.model.txn;

import bindercheck.model.explore.Explorer;
import java.util.List;
import java.util.Set;

/**
 * The {@link Explorer} bounded and reduced as MCBinder bounds and reduces TLC: {@code MCNext}
 * (no step from a state MaxSteps steps from Init), the action constraint {@code TodoBound} (a
 * step leaving a todo list longer than MaxTodo is dropped; the invariants are still checked in
 * the state it would reach, as TLC does: in txn-broken ReplyPairing first fails in such a state,
 * at depth 3) and {@code MCSymmetry} (one state per orbit, see {@link TxnSymmetry}). Its
 * distinct-state count and depth must equal TLC's for the same model; that is the
 * mirror-fidelity check.
 */
public final class TxnExplorer {
    private TxnExplorer() {
    }

    /** Explores with MCSymmetry, checking the invariants in every state kept; goes on after violations. */
    public static Explorer.Result<TxnState, TxnInvariants.Invariant> explore(TxnConfig c,
            Set<TxnInvariants.Invariant> invariants) {
        return explore(c, invariants, new TxnSymmetry(c), false);
    }

    /**
     * Explores the model. With {@code stopAtFirstViolation} it ends at the level of the first
     * failure, as TLC does.
     */
    public static Explorer.Result<TxnState, TxnInvariants.Invariant> explore(TxnConfig c,
            Set<TxnInvariants.Invariant> invariants, TxnSymmetry symmetry, boolean stopAtFirstViolation) {
        BinderSpec spec = new BinderSpec(c);
        return Explorer.<TxnState, TxnInvariants.Invariant>of(spec.init(), spec::successors)
                .encoding(symmetry)
                .maxSteps(c.maxSteps())
                .actionConstraint((pre, post) -> todoBound(c, post))
                .invariants(s -> violated(s, invariants))
                .stopAtFirstViolation(stopAtFirstViolation)
                .run();
    }

    /** MCBinder's {@code TodoBound}, on the state after a step. */
    public static boolean todoBound(TxnConfig c, TxnState post) {
        for (Work[] ws : post.todo) {
            if (ws.length > c.maxTodo()) {
                return false;
            }
        }
        return true;
    }

    /** The invariants that fail; TypeOK alone when it fails, since the others may not even be defined. */
    private static List<TxnInvariants.Invariant> violated(TxnState s, Set<TxnInvariants.Invariant> invariants) {
        if (invariants.contains(TxnInvariants.Invariant.TYPE_OK) && !TxnInvariants.typeOK(s)) {
            return List.of(TxnInvariants.Invariant.TYPE_OK);
        }
        return TxnInvariants.violated(s, invariants);
    }
}
