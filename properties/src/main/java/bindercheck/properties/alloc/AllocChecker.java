package bindercheck.properties.alloc;

import bindercheck.properties.check.Violation;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.model.alloc.AllocInvariants;
import bindercheck.model.alloc.AllocModel;
import bindercheck.model.alloc.AllocState;
import bindercheck.model.alloc.BinderAllocSpec;
import bindercheck.model.alloc.Outcome;
import bindercheck.properties.check.RefinementException;
import java.util.List;
import java.util.Set;

/**
 * Checks one impl allocator after every step: (1) refinement — the abstract post-state is
 * one of the spec action's successors of the abstract pre-state, for the same action and
 * parameters (so Alloc's chosen buffer must be one of the spec's best-fit candidates), or,
 * when impl did nothing, the spec action is not enabled and the state is unchanged;
 * (2) every invariant of BinderAlloc.tla on the abstract post-state; (3) impl's own
 * structural self-checks (red-black rules, tree/list agreement, LRU membership).
 *
 * <p>Does not check: buffer contents, the oneway-spam flag (not in the spec), and which of
 * several equal best-fit buffers impl picks (the spec allows any; golden tests pin the kernel's).
 */
public final class AllocChecker {
    private final BinderAlloc impl;
    private final AllocModel model;
    private final BinderAllocSpec spec;
    private AllocState current;
    private long steps;

    /** Starts checking a freshly mapped allocator: its abstract state must be the spec's Init. */
    public AllocChecker(BinderAlloc impl, List<Violation> out) {
        this.impl = impl;
        this.model = AllocRefinement.modelOf(impl);
        this.spec = new BinderAllocSpec(model);
        this.current = AllocRefinement.abstractState(impl, Outcome.OK);
        if (!current.equals(spec.init())) {
            out.add(new Violation("refinement", "Init", "impl after mmap maps to " + current
                    + " but the spec's Init is " + spec.init()));
        }
        checkState(current, out);
    }

    public AllocModel model() {
        return model;
    }

    public BinderAllocSpec spec() {
        return spec;
    }

    /** The abstract state after the last checked step. */
    public AllocState current() {
        return current;
    }

    public long steps() {
        return steps;
    }

    /**
     * Checks a step in which impl acted. {@code successors} are the spec action's successors of
     * the previous abstract state; {@code outcomes} the spec outcomes impl's result can stand for
     * (ENOSPC stands for both NoSpace and AsyncNoSpace). Returns the abstract post-state.
     */
    public AllocState acted(String action, Set<AllocState> successors, Set<Outcome> outcomes, List<Violation> out) {
        steps++;
        AllocState post = null;
        try {
            for (Outcome o : outcomes) {
                AllocState candidate = AllocRefinement.abstractState(impl, o);
                if (post == null || successors.contains(candidate)) {
                    post = candidate;
                }
            }
        } catch (RefinementException e) {
            out.add(new Violation("refinement", action, e.getMessage()));
            return current;
        }
        if (!successors.contains(post)) {
            out.add(new Violation("refinement", action, successors.isEmpty()
                    ? "impl did " + action + " but the spec's action is not enabled in " + current
                    : "impl went from " + current + " to " + post + ", which is not among the spec's "
                            + successors.size() + " successor(s): " + successors));
        }
        current = post;
        checkState(post, out);
        return post;
    }

    /**
     * Checks a step in which impl did nothing (refused the request). The spec must agree:
     * {@code specEnabled} false, and the abstract state unchanged.
     */
    public void refused(String action, boolean specEnabled, String why, List<Violation> out) {
        steps++;
        if (specEnabled) {
            out.add(new Violation("refinement", action, "impl refused (" + why + ") but the spec's action is enabled in "
                    + current));
        }
        AllocState post = abstractAgainst(action, out, p -> "impl refused (" + why + ") but its state changed from "
                + current + " to " + p);
        if (post != null) {
            checkState(post, out);
        }
    }

    /**
     * impl abstracted whole, required to be {@code current} (else a refinement violation of {@code action} worded by
     * {@code differs}, and impl's state taken as current); null, with the violation, if impl cannot be abstracted.
     */
    private AllocState abstractAgainst(String action, List<Violation> out,
            java.util.function.Function<AllocState, String> differs) {
        AllocState post;
        try {
            post = AllocRefinement.abstractState(impl, current.outcome());
        } catch (RefinementException e) {
            out.add(new Violation("refinement", action, e.getMessage()));
            return null;
        }
        if (!post.equals(current)) {
            out.add(new Violation("refinement", action, differs.apply(post)));
            current = post;
        }
        return post;
    }

    /** Counts a step that was checked incrementally ({@link AllocIncremental}) instead of here. */
    void countStep() {
        steps++;
    }

    /** Takes {@code s} as the abstract state before the next step: the incremental mirror's, for a whole check. */
    void restart(AllocState s) {
        current = s;
    }

    /**
     * The whole check at the end of a try checked incrementally: impl abstracted whole must be the state the steps,
     * each checked over what it touched, led to ({@code current}); then every invariant and impl's structure.
     * {@code action} names the last step, to which a difference is charged.
     */
    void whole(String action, List<Violation> out) {
        AllocState post = abstractAgainst(action, out, p -> "impl maps to " + p + " but its steps, each checked over"
                + " what it touched, lead to " + current + ": a step changed the allocator outside what it touched");
        if (post == null) {
            return;
        }
        checkState(post, out);
    }

    private void checkState(AllocState s, List<Violation> out) {
        for (AllocInvariants.Invariant inv : AllocInvariants.violated(model, s)) {
            out.add(new Violation("invariant", inv.tlaName(), inv.referenceId() + " fails in " + s));
        }
        for (String problem : impl.checkStructure()) {
            out.add(new Violation("impl-structure", "BinderAlloc", problem));
        }
    }
}
