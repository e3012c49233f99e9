package bindercheck.model.refs;

import bindercheck.model.explore.Explorer;

/**
 * The {@link Explorer} bounded as MCBinderRefs bounds TLC: a state is kept if it lies within
 * {@code maxSteps} steps of Init. States are kept encoded ({@link RefsCodec}), the frontier too,
 * so refs-deep's million states fit. Its distinct-state count and depth must equal TLC's for the
 * same model (one TLC worker); that is the mirror-fidelity check.
 */
public final class RefsExplorer {
    private RefsExplorer() {
    }

    /** Explores the model, checking every invariant in every state (up to 10 violations are reported). */
    public static Explorer.Result<RefsState, RefsInvariants.Invariant> explore(RefsModel model) {
        return explore(model, false);
    }

    /**
     * As {@link #explore(RefsModel)}; with {@code stopAtViolation} the search ends after the
     * level in which the first violation appeared (counts are then partial).
     */
    public static Explorer.Result<RefsState, RefsInvariants.Invariant> explore(RefsModel model,
            boolean stopAtViolation) {
        BinderRefsSpec spec = new BinderRefsSpec(model);
        return Explorer.<RefsState, RefsInvariants.Invariant>of(spec.init(), spec::next)
                .encoding(new RefsCodec(model))
                .maxSteps(model.maxSteps())
                .invariants(s -> RefsInvariants.violated(model, s))
                .stopAtFirstViolation(stopAtViolation)
                .run();
    }
}
