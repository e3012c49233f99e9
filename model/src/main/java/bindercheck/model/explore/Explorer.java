package bindercheck.model.explore;

import bindercheck.model.SpecInvariant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Breadth-first search of a mirror's state space as TLC explores a model with one worker: from
 * Init, level by level, every successor Next gives; a state is kept once (by its key, see
 * {@link StateEncoding}; by equals without one). Its distinct-state count and depth are the
 * numbers TLC reports for the same model, which is how a mirror is held to its spec
 * (spec/models/expected.json). Each mirror is a thin use of it: AllocExplorer, TxnExplorer,
 * RefsExplorer.
 *
 * <p>What a model may add, each as TLC does it:
 * <ul>
 *   <li>a step bound ({@link #maxSteps}): no step from a state that many steps from Init (the
 *       MC modules' step guard on Next);</li>
 *   <li>a symmetry, through the encoding's renamings: one state per orbit;</li>
 *   <li>an action constraint ({@link #actionConstraint}): a step it refuses is dropped, its
 *       state not kept; but the invariants are checked in that state (once), since TLC checks
 *       every successor it has not seen before applying the constraint, and never records a
 *       dropped one as seen;</li>
 *   <li>invariants, checked in every new state, Init included; at most {@link #maxViolations}
 *       are reported, and the search either goes on or ({@link #stopAtFirstViolation}) ends
 *       after the level of the first, as TLC stops.</li>
 * </ul>
 *
 * @param <S> the mirror's state
 * @param <I> the mirror's invariants
 */
public final class Explorer<S, I extends SpecInvariant> {
    /** An invariant that failed, the state it failed in and that state's depth (Init is 1). */
    public record Violation<S, I extends SpecInvariant>(I invariant, int depth, S state) {
        @Override
        public String toString() {
            return invariant.tlaName() + " violated at depth " + depth + " in\n" + state;
        }
    }

    /**
     * The outcome of a search.
     *
     * @param distinctStates states kept (one per orbit under a symmetry)
     * @param depth          the longest shortest path from Init, counting Init as 1 (TLC's depth)
     * @param generated      successors computed, kept or not
     * @param violations     the first invariant failures found
     * @param millis         wall time
     */
    public record Result<S, I extends SpecInvariant>(long distinctStates, int depth, long generated,
            List<Violation<S, I>> violations, long millis) {
    }

    private final S init;
    private final Function<? super S, ? extends Collection<? extends S>> next;
    private StateEncoding<S> encoding;
    private int maxSteps = Integer.MAX_VALUE;
    private BiPredicate<? super S, ? super S> actionConstraint;
    private Function<? super S, ? extends Collection<? extends I>> violated = s -> List.of();
    private int maxViolations = 10;
    private boolean stopAtFirstViolation;

    private Explorer(S init, Function<? super S, ? extends Collection<? extends S>> next) {
        this.init = init;
        this.next = next;
    }

    /** A search from {@code init} over {@code next} (every successor of a state, duplicates allowed). */
    public static <S, I extends SpecInvariant> Explorer<S, I> of(S init,
            Function<? super S, ? extends Collection<? extends S>> next) {
        return new Explorer<>(init, next);
    }

    /** Keeps states by this encoding (and its symmetry) instead of by equals. */
    public Explorer<S, I> encoding(StateEncoding<S> e) {
        this.encoding = e;
        return this;
    }

    /** No step from a state {@code n} steps from Init. */
    public Explorer<S, I> maxSteps(int n) {
        this.maxSteps = n;
        return this;
    }

    /** Drops each step (pre, post) the constraint refuses, as TLC's ACTION_CONSTRAINT. */
    public Explorer<S, I> actionConstraint(BiPredicate<? super S, ? super S> c) {
        this.actionConstraint = c;
        return this;
    }

    /** The invariants that fail in a state, empty when all hold. */
    public Explorer<S, I> invariants(Function<? super S, ? extends Collection<? extends I>> failing) {
        this.violated = failing;
        return this;
    }

    /** Reports at most n violations (10 unless set). */
    public Explorer<S, I> maxViolations(int n) {
        this.maxViolations = n;
        return this;
    }

    /** Ends the search after the level in which the first violation was found (counts are then partial). */
    public Explorer<S, I> stopAtFirstViolation(boolean stop) {
        this.stopAtFirstViolation = stop;
        return this;
    }

    /** Runs the search. */
    public Result<S, I> run() {
        long start = System.nanoTime();
        Seen<S> seen = new Seen<>(encoding);
        Seen<S> dropped = actionConstraint == null ? null : new Seen<>(encoding);
        List<Violation<S, I>> violations = new ArrayList<>();
        seen.add(init);
        check(init, 1, violations);
        List<Object> frontier = new ArrayList<>(List.of(seen.frontierEntry(init)));
        int depth = 1;
        long generated = 0;
        for (int level = 0; level < maxSteps && !frontier.isEmpty(); level++) {
            if (stopAtFirstViolation && !violations.isEmpty()) {
                break;
            }
            List<Object> nextFrontier = new ArrayList<>();
            for (Object entry : frontier) {
                S s = seen.state(entry);
                for (S t : next.apply(s)) {
                    generated++;
                    if (dropped != null && !actionConstraint.test(s, t)) {
                        if (dropped.add(t)) {
                            check(t, depth + 1, violations);
                        }
                    } else if (seen.add(t)) {
                        nextFrontier.add(seen.frontierEntry(t));
                        check(t, depth + 1, violations);
                    }
                }
            }
            if (!nextFrontier.isEmpty()) {
                depth++;
            }
            frontier = nextFrontier;
        }
        return new Result<>(seen.size(), depth, generated, List.copyOf(violations),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void check(S s, int depth, List<Violation<S, I>> violations) {
        if (violations.size() >= maxViolations) {
            return;
        }
        for (I inv : violated.apply(s)) {
            if (violations.size() < maxViolations) {
                violations.add(new Violation<>(inv, depth, s));
            }
        }
    }

    /**
     * A set of states: their keys in an arena ({@link EncodedSet}) under an encoding, else the
     * states themselves. Under an encoding that decodes, the frontier holds a copy of each key
     * (the key of the state just added) instead of the state.
     */
    private static final class Seen<S> {
        private final StateEncoding<S> encoding;
        private final StateKeys<S> keys;
        private final boolean bytesInFrontier;
        private final EncodedSet encoded;
        private final Set<S> objects;
        private KeyBuffer lastKey;

        Seen(StateEncoding<S> encoding) {
            this.encoding = encoding;
            this.keys = encoding == null ? null : new StateKeys<>(encoding);
            this.bytesInFrontier = encoding instanceof StateEncoding.Decoding;
            this.encoded = encoding == null ? null : new EncodedSet();
            this.objects = encoding == null ? new HashSet<>() : null;
        }

        boolean add(S s) {
            if (objects != null) {
                return objects.add(s);
            }
            lastKey = keys.key(s);
            return encoded.add(lastKey.buffer(), lastKey.length());
        }

        long size() {
            return objects != null ? objects.size() : encoded.size();
        }

        /** What the frontier keeps of s, which {@link #add} has just added. */
        Object frontierEntry(S s) {
            return bytesInFrontier ? lastKey.toArray() : s;
        }

        @SuppressWarnings("unchecked")
        S state(Object entry) {
            return bytesInFrontier ? ((StateEncoding.Decoding<S>) encoding).decode((byte[]) entry) : (S) entry;
        }
    }
}
