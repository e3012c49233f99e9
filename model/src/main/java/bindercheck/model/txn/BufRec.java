package bindercheck.model.txn;

/**
 * A buffer slot of Binder.tla ({@code BufRec}): its state, whether it is a one-way buffer, the
 * node (proc index) it was sent to for one-way accounting ({@link TxnConfig#NO_PROC} for none),
 * and its transaction id (0 for {@code Nil}).
 */
public record BufRec(SlotState state, boolean async, int node, int txn) {
    /** {@code FreeBuf}. */
    public static final BufRec FREE = new BufRec(SlotState.FREE, false, TxnConfig.NO_PROC, 0);

    public BufRec {
        java.util.Objects.requireNonNull(state);
    }

    public boolean isFree() {
        return state == SlotState.FREE;
    }

    public BufRec withState(SlotState s) {
        return new BufRec(s, async, node, txn);
    }

    public BufRec withTxn(int id) {
        return new BufRec(state, async, node, id);
    }
}
