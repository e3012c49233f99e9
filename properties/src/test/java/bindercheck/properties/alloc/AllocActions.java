package bindercheck.properties.alloc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.Transformer;

/**
 * A jqwik action for one {@link AllocMove}: it draws with the move's own generator (shared
 * with the fuzz campaign) and names the step with its script line, so a shrunk failure is
 * an allocator script that {@code bindercheck fuzz alloc --replay} runs again.
 */
final class AllocActions implements Action.Dependent<CheckedAlloc> {
    private final AllocMove move;

    AllocActions(AllocMove move) {
        this.move = move;
    }

    @Override
    public boolean precondition(CheckedAlloc s) {
        return move.enabled(s);
    }

    @Override
    public Arbitrary<Transformer<CheckedAlloc>> transformer(CheckedAlloc s) {
        Arbitrary<AllocOp> op = Arbitraries.randomValue(r -> move.draw(s, r));
        return op.map(o -> Transformer.mutate(o.line(), o::apply));
    }
}
