package bindercheck.model.txn;

/**
 * A work item of Binder.tla, {@code [kind, id]}: a transaction's work names its id, the others
 * carry {@code Nil} (0).
 *
 * @param kind what the item is
 * @param id   the transaction id for {@link WorkKind#TRANSACTION}, else 0
 */
public record Work(WorkKind kind, int id) {
    /** {@code TComplete}: the deferred or immediate BR_TRANSACTION_COMPLETE. */
    public static final Work TCOMPLETE = new Work(WorkKind.TRANSACTION_COMPLETE, 0);
    /** {@code ReturnErrorWork}: thread->return_error.work. */
    public static final Work RETURN_ERROR = new Work(WorkKind.RETURN_ERROR, 0);
    /** {@code ReplyErrorWork}: thread->reply_error.work. */
    public static final Work REPLY_ERROR = new Work(WorkKind.REPLY_ERROR, 0);

    private static final Work[] TXN = new Work[256];

    static {
        for (int i = 0; i < TXN.length; i++) {
            TXN[i] = new Work(WorkKind.TRANSACTION, i);
        }
    }

    /** {@code TxnWork(i)}. */
    public static Work txn(int id) {
        return id >= 0 && id < TXN.length ? TXN[id] : new Work(WorkKind.TRANSACTION, id);
    }

    public boolean isTxn() {
        return kind == WorkKind.TRANSACTION;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TRANSACTION -> "T" + id;
            case TRANSACTION_COMPLETE -> "TC";
            case RETURN_ERROR -> "RET";
            case REPLY_ERROR -> "REP";
        };
    }
}
