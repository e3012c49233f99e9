package bindercheck.model.alloc;

import bindercheck.model.explore.Explorer;
import bindercheck.model.explore.KeyBuffer;
import bindercheck.model.explore.StateEncoding;

/**
 * The {@link Explorer} bounded as MCBinderAlloc bounds TLC: a state is kept if it lies within
 * {@code maxSteps} actions of Init; states are kept as they are (equal by value, no encoding), or, for a
 * model with {@code VIEW MCView}, by their view (every variable but outcome).
 * Its distinct-state count must equal TLC's for the same model; that is the mirror-fidelity check.
 */
public final class AllocExplorer {
    private AllocExplorer() {
    }

    /** Explores the model, checking every invariant in every state (up to 10 violations are reported). */
    public static Explorer.Result<AllocState, AllocInvariants.Invariant> explore(AllocModel model) {
        return explore(model, false);
    }

    /**
     * The same; with {@code view}, two states that differ only in outcome are one, as TLC keeps them under
     * MCBinderAlloc's {@code VIEW MCView} (the first one reached stands for both: no action reads outcome).
     */
    public static Explorer.Result<AllocState, AllocInvariants.Invariant> explore(AllocModel model, boolean view) {
        BinderAllocSpec spec = new BinderAllocSpec(model);
        Explorer<AllocState, AllocInvariants.Invariant> e = Explorer.<AllocState, AllocInvariants.Invariant>of(
                spec.init(), spec::next)
                .maxSteps(model.maxSteps())
                .invariants(s -> AllocInvariants.violated(model, s));
        return (view ? e.encoding(AllocExplorer::encodeView) : e).run();
    }

    /** MCView's bytes: buffers, pages, free async space, mapped, pageFault; not outcome. */
    private static void encodeView(AllocState s, int renaming, KeyBuffer out) {
        out.putVarint(s.buffers().size());
        for (BufferState b : s.buffers()) {
            out.putVarint(b.start());
            out.putVarint(b.sizeUnits());
            out.putByte((b.free() ? 1 : 0) | (b.async() ? 2 : 0));
        }
        for (PageState p : s.pages()) {
            out.putByte(p.ordinal());
        }
        out.putVarint(s.freeAsyncSpace());
        out.putByte((s.mapped() ? 1 : 0) | (s.pageFault() ? 2 : 0));
    }
}
