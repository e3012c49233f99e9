package bindercheck.impl.driver;

import bindercheck.impl.wire.Br;

/**
 * {@code struct binder_error}: a pre-allocated work item carrying one BR_ word; BR_OK means idle.
 * Each thread owns two, {@code return_error} and {@code reply_error}. The driver sets {@link #cmd}
 * and queues {@link #work} on the thread's todo; the read writes the word and resets it to BR_OK.
 */
public final class BinderError {
    /** The BR_ word to deliver, or BR_OK; changed by the failing transaction and by the read. */
    int cmd = Br.BR_OK.code();
    /** The embedded work item; fixed. */
    final BinderWork.ReturnError work = new BinderWork.ReturnError(this);

    public int cmd() {
        return cmd;
    }

    @Override
    public String toString() {
        return Br.nameOf(cmd);
    }
}
