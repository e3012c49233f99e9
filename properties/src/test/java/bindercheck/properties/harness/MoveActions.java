package bindercheck.properties.harness;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.Transformer;

/**
 * A jqwik action for one {@link WorldMove} (a txn or refcount move): it draws with the move's own
 * generator (shared with the fuzz campaigns) and names the step with its scenario line, so a shrunk
 * failure reads as a scenario that {@code bindercheck replay} and the real kernel run.
 */
public final class MoveActions implements Action.Dependent<CheckedTxn> {
    private final WorldMove move;

    public MoveActions(WorldMove move) {
        this.move = move;
    }

    @Override
    public boolean precondition(CheckedTxn s) {
        return move.enabled(s.world());
    }

    @Override
    public Arbitrary<Transformer<CheckedTxn>> transformer(CheckedTxn s) {
        Arbitrary<TxnOp> op = Arbitraries.randomValue(r -> move.draw(s.world(), r));
        return op.map(o -> Transformer.mutate(o.line(), o2 -> o2.apply(o)));
    }
}
