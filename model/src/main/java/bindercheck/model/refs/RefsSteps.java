package bindercheck.model.refs;

/**
 * Names the step between two spec states with the mirror's action and parameters, e.g.
 * {@code BcTransaction(pb, <<pa, 1>>, [handle(1)], 0)}. TLC labels a step only with the operator it
 * split on (MCNext, under the models' step guard), so counterexamples are named here. A step
 * no action of the mirror takes (a broken-on-purpose model run against the correct mirror) is
 * reported as such.
 */
public final class RefsSteps {
    private RefsSteps() {
    }

    /** The mirror step from {@code pre} to {@code post}, or a note that there is none. */
    public static String label(RefsModel model, RefsState pre, RefsState post) {
        for (BinderRefsSpec.ActionSuccessors step : new BinderRefsSpec(model).steps(pre)) {
            if (step.successors().contains(post)) {
                return step.name();
            }
        }
        return "[no step of BinderRefs.tla]";
    }
}
