package bindercheck.model.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Names the step between two spec states with the mirror's action and parameters, e.g.
 * {@code Free(start=1)}. TLC labels a step only with the operator it split on (MCNext, under the
 * models' step guard), so counterexamples are named here. A step no action of the mirror takes
 * (a broken-on-purpose model) gets the action that matches its buffers, marked as a deviation.
 */
public final class AllocSteps {
    private AllocSteps() {
    }

    /** The mirror step from {@code pre} to {@code post}, or a description of why there is none. */
    public static String label(AllocModel model, AllocState pre, AllocState post) {
        BinderAllocSpec spec = new BinderAllocSpec(model);
        List<Candidate> candidates = new ArrayList<>();
        for (long[] r : model.requests()) {
            for (boolean async : new boolean[] {false, true}) {
                candidates.add(new Candidate(String.format("Alloc(d=%d, o=%d, e=%d, %s)", r[0], r[1], r[2],
                        async ? "async" : "sync"), () -> spec.alloc(pre, r[0], r[1], r[2], async)));
            }
        }
        for (BufferState b : pre.buffers()) {
            if (!b.free()) {
                candidates.add(new Candidate("Free(start=" + b.start() + ")", () -> spec.free(pre, b.start())));
            }
        }
        for (int p = 0; p < pre.pages().size(); p++) {
            int page = p;
            candidates.add(new Candidate("Shrink(p=" + p + ")", () -> spec.shrink(pre, page)));
        }
        candidates.add(new Candidate("Unmap", () -> spec.unmap(pre)));
        candidates.add(new Candidate("Teardown", () -> spec.teardown(pre)));
        for (Candidate c : candidates) {
            if (c.successors().contains(post)) {
                return c.name();
            }
        }
        for (Candidate c : candidates) {
            for (AllocState t : c.successors()) {
                if (t.buffers().equals(post.buffers()) && t.mapped() == post.mapped()) {
                    return c.name() + " [deviates from BinderAlloc.tla: its pages, async space or outcome differ]";
                }
            }
        }
        return "[no step of BinderAlloc.tla]";
    }

    private record Candidate(String name, Supplier<Set<AllocState>> step) {
        Set<AllocState> successors() {
            return step.get();
        }
    }
}
