package bindercheck.properties.txn;

import bindercheck.properties.gen.CheckedTxn;
import bindercheck.properties.gen.RefsMove;
import bindercheck.properties.gen.TxnOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.Transformer;

/** A jqwik action for one {@link RefsMove}, drawn with the campaign's own generator and named by its scenario line. */
final class RefsActions implements Action.Dependent<CheckedTxn> {
    private final RefsMove move;

    RefsActions(RefsMove move) {
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
