package bindercheck.model.refs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Breadth-first exploration of the mirror, bounded as MCBinderRefs bounds TLC: a state is kept
 * if it lies within {@code maxSteps} steps of Init. Its distinct-state count and depth must
 * equal TLC's for the same model (one TLC worker); that is the mirror-fidelity check. States
 * are kept encoded ({@link RefsCodec}).
 */
public final class RefsExplorer {
    /** The outcome of an exploration: counts as TLC reports them, and the first violations found. */
    public record Result(long distinctStates, int depth, List<String> violations) {
    }

    private RefsExplorer() {
    }

    /** Explores the model, checking every invariant in every state (up to 10 violations are reported). */
    public static Result explore(RefsModel model) {
        return explore(model, false);
    }

    /**
     * As {@link #explore(RefsModel)}; with {@code stopAtViolation} the search ends after the
     * level in which the first violation appeared (counts are then partial).
     */
    public static Result explore(RefsModel model, boolean stopAtViolation) {
        BinderRefsSpec spec = new BinderRefsSpec(model);
        RefsCodec codec = new RefsCodec(model);
        RefsState init = spec.init();
        Set<RefsCodec.Key> seen = new HashSet<>();
        List<String> violations = new ArrayList<>();
        RefsCodec.Key k0 = codec.key(init);
        seen.add(k0);
        check(model, init, violations);
        List<byte[]> frontier = new ArrayList<>(List.of(k0.bytes()));
        int depth = 1;
        for (int level = 0; level < model.maxSteps() && !frontier.isEmpty(); level++) {
            List<byte[]> nextFrontier = new ArrayList<>();
            for (byte[] bytes : frontier) {
                for (RefsState t : spec.next(codec.decode(bytes))) {
                    RefsCodec.Key k = codec.key(t);
                    if (seen.add(k)) {
                        nextFrontier.add(k.bytes());
                        check(model, t, violations);
                    }
                }
            }
            if (!nextFrontier.isEmpty()) {
                depth++;
            }
            frontier = nextFrontier;
            if (stopAtViolation && !violations.isEmpty()) {
                break;
            }
        }
        return new Result(seen.size(), depth, violations);
    }

    private static void check(RefsModel model, RefsState s, List<String> violations) {
        if (violations.size() >= 10) {
            return;
        }
        for (RefsInvariants.Invariant inv : RefsInvariants.violated(model, s)) {
            violations.add(inv.tlaName() + " violated in " + s.describe(model));
        }
    }
}
