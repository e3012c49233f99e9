package bindercheck.model.alloc;

import bindercheck.model.explore.Explorer;

/**
 * The {@link Explorer} bounded as MCBinderAlloc bounds TLC: a state is kept if it lies within
 * {@code maxSteps} actions of Init; states are kept as they are (equal by value, no encoding).
 * Its distinct-state count must equal TLC's for the same model; that is the mirror-fidelity check.
 */
public final class AllocExplorer {
    private AllocExplorer() {
    }

    /** Explores the model, checking every invariant in every state (up to 10 violations are reported). */
    public static Explorer.Result<AllocState, AllocInvariants.Invariant> explore(AllocModel model) {
        BinderAllocSpec spec = new BinderAllocSpec(model);
        return Explorer.<AllocState, AllocInvariants.Invariant>of(spec.init(), spec::next)
                .maxSteps(model.maxSteps())
                .invariants(s -> AllocInvariants.violated(model, s))
                .run();
    }
}
