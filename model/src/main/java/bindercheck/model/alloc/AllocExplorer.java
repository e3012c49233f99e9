package bindercheck.model.alloc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Breadth-first exploration of the mirror, bounded as MCBinderAlloc bounds TLC: a state is
 * kept if it lies within {@code maxSteps} actions of Init. Its distinct-state count must
 * equal TLC's for the same model; that is the mirror-fidelity check.
 */
public final class AllocExplorer {
    /** The outcome of an exploration. */
    public record Result(long distinctStates, int depth, List<String> violations) {
    }

    private AllocExplorer() {
    }

    /** Explores the model, checking every invariant in every state (up to 10 violations are reported). */
    public static Result explore(AllocModel model) {
        BinderAllocSpec spec = new BinderAllocSpec(model);
        AllocState init = spec.init();
        Set<AllocState> seen = new HashSet<>();
        List<String> violations = new ArrayList<>();
        seen.add(init);
        check(model, init, violations);
        List<AllocState> frontier = new ArrayList<>(List.of(init));
        int depth = 1;
        for (int level = 0; level < model.maxSteps() && !frontier.isEmpty(); level++) {
            List<AllocState> nextFrontier = new ArrayList<>();
            for (AllocState s : frontier) {
                for (AllocState t : spec.next(s)) {
                    if (seen.add(t)) {
                        nextFrontier.add(t);
                        check(model, t, violations);
                    }
                }
            }
            if (!nextFrontier.isEmpty()) {
                depth++;
            }
            frontier = nextFrontier;
        }
        return new Result(seen.size(), depth, violations);
    }

    private static void check(AllocModel model, AllocState s, List<String> violations) {
        if (violations.size() >= 10) {
            return;
        }
        for (AllocInvariants.Invariant inv : AllocInvariants.violated(model, s)) {
            violations.add(inv.tlaName() + " violated in " + s);
        }
    }
}
