package bindercheck.model.txn;

/**
 * A thread of Binder.tla, the tuple {@code <<p, k>>}: thread k of proc p, both as indexes into
 * the model's {@link TxnConfig#procs()} and {@link TxnConfig#threadIds()}. {@link #NONE} is the
 * spec's {@code NoThread} ({@code << >>}).
 *
 * @param proc index of the proc
 * @param k    index of the thread id
 */
public record ThreadRef(int proc, int k) {
    /** {@code NoThread}. */
    public static final ThreadRef NONE = new ThreadRef(-1, -1);

    public boolean isNone() {
        return proc < 0;
    }
}
