package bindercheck.model.txn;

/**
 * A transaction record of Binder.tla ({@code TxnRec}): kind, sender and its previous stack top,
 * target proc and thread with the target's previous stack top, and the buffer slot in the
 * target's area. Procs are indexes into {@link TxnConfig#procs()}, {@link TxnConfig#NO_PROC} for
 * {@code NoProc}; transaction ids are the spec's ids, 0 for {@code Nil}; slots count from 1, 0
 * for none.
 */
public record TxnRec(TxnKind kind, ThreadRef from, int fromParent, int toProc, ThreadRef toThread, int toParent,
        int bslot) {
    /** {@code FreeTxn}: an unused id. */
    public static final TxnRec FREE = new TxnRec(TxnKind.NONE, ThreadRef.NONE, 0, TxnConfig.NO_PROC, ThreadRef.NONE,
            0, 0);

    public TxnRec {
        java.util.Objects.requireNonNull(kind);
        java.util.Objects.requireNonNull(from);
        java.util.Objects.requireNonNull(toThread);
    }

    public boolean isFree() {
        return kind == TxnKind.NONE;
    }

    public TxnRec withFrom(ThreadRef f) {
        return new TxnRec(kind, f, fromParent, toProc, toThread, toParent, bslot);
    }

    public TxnRec withTarget(ThreadRef thread, int parent) {
        return new TxnRec(kind, from, fromParent, toProc, thread, parent, bslot);
    }

    public TxnRec withBslot(int slot) {
        return new TxnRec(kind, from, fromParent, toProc, toThread, toParent, slot);
    }

    /** Sets in {@code into} the procs this transaction names: its sender's, its target and its receiver's. */
    public void addProcsTo(java.util.BitSet into) {
        if (!from.isNone()) {
            into.set(from.proc());
        }
        if (toProc >= 0) {
            into.set(toProc);
        }
        if (!toThread.isNone()) {
            into.set(toThread.proc());
        }
    }
}
