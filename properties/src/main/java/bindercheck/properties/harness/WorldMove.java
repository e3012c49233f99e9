package bindercheck.properties.harness;

import bindercheck.properties.refs.RefsMove;
import bindercheck.properties.txn.TxnMove;

import java.util.Random;

/**
 * A kind of step a multi-process generator draws ({@link TxnMove}, {@link RefsMove}): a weight,
 * whether it follows libbinder's protocol, when it has something to draw from, and the draw.
 */
public interface WorldMove {
    int weight();

    /** Whether the move follows libbinder's protocol. */
    boolean wellBehaved();

    /** Whether the move has something to draw from in this state. */
    boolean enabled(TxnWorld w);

    /** Draws one operation of this kind. */
    TxnOp draw(TxnWorld w, Random r);

    /**
     * Draws a move by weight among {@code moves} that are enabled (only well-behaved ones if
     * asked), then an operation of it; null when none is enabled.
     */
    static TxnOp drawWeighted(WorldMove[] moves, TxnWorld w, Random r, boolean wellBehavedOnly) {
        int total = 0;
        for (WorldMove m : moves) {
            total += usable(m, w, wellBehavedOnly) ? m.weight() : 0;
        }
        if (total == 0) {
            return null;
        }
        int pick = r.nextInt(total);
        for (WorldMove m : moves) {
            if (usable(m, w, wellBehavedOnly)) {
                pick -= m.weight();
                if (pick < 0) {
                    return m.draw(w, r);
                }
            }
        }
        throw new AssertionError("weights");
    }

    private static boolean usable(WorldMove m, TxnWorld w, boolean wellBehavedOnly) {
        return (m.wellBehaved() || !wellBehavedOnly) && m.enabled(w);
    }
}
