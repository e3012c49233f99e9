package bindercheck.model.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Breadth-first exploration of the mirror, bounded and reduced as MCBinder bounds and reduces
 * TLC: {@code MCNext} (no step from a state MaxSteps steps from Init), the action constraint
 * {@code TodoBound} (a step leaving a todo list longer than MaxTodo is dropped) and
 * {@code MCSymmetry} (one state per orbit, see {@link TxnSymmetry}). Its distinct-state count and
 * depth must equal TLC's for the same model; that is the mirror-fidelity check.
 *
 * <p>As TLC does, the invariants are also checked in the states a step would reach but the
 * action constraint drops (TLC checks every successor it has not seen, and a dropped one is
 * never recorded as seen): in txn-broken, ReplyPairing first fails in such a state, at depth 3.
 *
 * <p>States are interned by their canonical encoding (bytes, see StateCodec) in an arena
 * ({@link EncodedSet}), so the seen set holds no state objects; only the frontier does.
 */
public final class TxnExplorer {
    /** An invariant that failed, the state it failed in and that state's depth (Init is 1). */
    public record Violation(TxnInvariants.Invariant invariant, int depth, TxnState state) {
        @Override
        public String toString() {
            return invariant.tlaName() + " violated at depth " + depth + " in\n" + state;
        }
    }

    /**
     * The outcome of an exploration.
     *
     * @param distinctStates states kept (one per orbit)
     * @param depth          the longest shortest path from Init, counting Init as 1 (TLC's depth)
     * @param generated      successors computed (within MaxSteps), kept or not
     * @param violations     the first invariant failures found (at most ten)
     * @param millis         wall time
     */
    public record Result(long distinctStates, int depth, long generated, List<Violation> violations, long millis) {
    }

    private TxnExplorer() {
    }

    /** Explores with MCSymmetry, checking the invariants in every state kept; goes on after violations. */
    public static Result explore(TxnConfig c, Set<TxnInvariants.Invariant> invariants) {
        return explore(c, invariants, new TxnSymmetry(c), false);
    }

    /**
     * Explores the model. With {@code stopAtFirstViolation} it ends at the level of the first
     * failure, as TLC does.
     */
    public static Result explore(TxnConfig c, Set<TxnInvariants.Invariant> invariants, TxnSymmetry symmetry,
            boolean stopAtFirstViolation) {
        long start = System.nanoTime();
        BinderSpec spec = new BinderSpec(c);
        TxnState init = spec.init();
        EncodedSet seen = new EncodedSet();
        EncodedSet dropped = new EncodedSet(); // outside TodoBound, already checked
        List<Violation> violations = new ArrayList<>();
        StateCodec key = symmetry.canonicalCodec(init);
        seen.add(key.buffer(), key.length());
        check(init, 1, invariants, violations);
        List<TxnState> frontier = List.of(init);
        int depth = 1;
        long generated = 0;
        for (int level = 0; level < c.maxSteps() && !frontier.isEmpty(); level++) {
            if (stopAtFirstViolation && !violations.isEmpty()) {
                break;
            }
            List<TxnState> next = new ArrayList<>();
            for (TxnState s : frontier) {
                for (TxnState t : spec.successors(s)) {
                    generated++;
                    key = symmetry.canonicalCodec(t);
                    if (!todoBound(c, t)) {
                        if (dropped.add(key.buffer(), key.length())) {
                            check(t, depth + 1, invariants, violations);
                        }
                    } else if (seen.add(key.buffer(), key.length())) {
                        next.add(t);
                        check(t, depth + 1, invariants, violations);
                    }
                }
            }
            if (!next.isEmpty()) {
                depth++;
            }
            frontier = next;
        }
        return new Result(seen.size(), depth, generated, List.copyOf(violations),
                (System.nanoTime() - start) / 1_000_000);
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

    private static void check(TxnState s, int depth, Set<TxnInvariants.Invariant> invariants,
            List<Violation> violations) {
        if (violations.size() >= 10) {
            return;
        }
        if (invariants.contains(TxnInvariants.Invariant.TYPE_OK) && !TxnInvariants.typeOK(s)) {
            violations.add(new Violation(TxnInvariants.Invariant.TYPE_OK, depth, s));
            return; // the others may not even be defined
        }
        for (TxnInvariants.Invariant inv : TxnInvariants.violated(s, invariants)) {
            if (violations.size() < 10) {
                violations.add(new Violation(inv, depth, s));
            }
        }
    }
}
