package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct binder_transaction}: one call, one-way call or reply, from its creation in {@code
 * binder_transaction} until {@code binder_free_transaction}. Sits on a work list through {@link
 * #work} until read, then (a synchronous call) on both stacks: the sender's through {@link
 * #fromParent}, the receiver's through {@link #toParent}.
 */
public final class BinderTransaction {
    /** {@code debug_id}: the id {@code binder_transaction} drew; fixed. */
    final int debugId;
    /** {@code work}: the embedded work item; fixed. */
    final BinderWork.Transaction work;
    /**
     * {@code from}: the sending thread, for a synchronous call only; cleared when the reply is
     * queued (pop) and when the sender exits.
     */
    BinderThread from;
    /** {@code from_parent}: the sender's stack below this transaction; set at push. */
    BinderTransaction fromParent;
    /** {@code to_proc}: the target proc; cleared when the receiving thread exits. */
    BinderProc toProc;
    /** {@code to_thread}: the target thread if one was chosen, else set by the read that delivers. */
    BinderThread toThread;
    /** {@code to_parent}: the receiver's stack below this transaction; set by the read that delivers. */
    BinderTransaction toParent;
    /** {@code need_reply}: a synchronous call. */
    boolean needReply;
    /**
     * The sender's pid and tid and whether this is a reply, kept for its life whatever happens to the sending thread
     * (what later kernels' debugfs prints: Difference.DEBUGFS_SENDER_AND_ELAPSED, DEBUGFS_ASYNC_REPLY_BITS).
     */
    final int fromPid;
    final int fromTid;
    final boolean isReply;
    /** {@code code}, {@code flags}, {@code sender_euid}: from the sender; fixed. */
    final int code;
    final int flags;
    final int senderEuid;
    /** {@code buffer}: in the target's allocator; cleared by BC_FREE_BUFFER and thread exit. */
    BinderBuffer buffer;
    /** {@code security_ctx}: the target address of the sender's security context in the buffer, or 0. */
    long securityCtx;
    /** {@code fd_fixups}: the files of FD objects, installed in the receiver when the transaction is read. */
    final List<FdFixup> fdFixups = new ArrayList<>();

    /** {@code struct binder_txn_fd_fixup}: a sender's file (with a reference) and where its new fd goes. */
    record FdFixup(FileTable.OpenFile file, long offset) {
    }

    /** {@code binder_free_txn_fixups}: drop the files of the fixups not applied. */
    void freeFixups() {
        for (FdFixup f : fdFixups) {
            f.file().put();
        }
        fdFixups.clear();
    }

    BinderTransaction(int debugId, int code, int flags, int senderEuid, BinderThread sender, boolean isReply) {
        this.debugId = debugId;
        this.fromPid = sender.proc.pid;
        this.fromTid = sender.pid;
        this.isReply = isReply;
        this.code = code;
        this.flags = flags;
        this.senderEuid = senderEuid;
        this.work = new BinderWork.Transaction(this);
    }

    public int debugId() {
        return debugId;
    }

    public BinderThread from() {
        return from;
    }

    public BinderTransaction fromParent() {
        return fromParent;
    }

    public BinderProc toProc() {
        return toProc;
    }

    public BinderThread toThread() {
        return toThread;
    }

    public BinderTransaction toParent() {
        return toParent;
    }

    public int code() {
        return code;
    }

    public int flags() {
        return flags;
    }

    public BinderBuffer buffer() {
        return buffer;
    }

    public long securityCtx() {
        return securityCtx;
    }

    @Override
    public String toString() {
        return "t" + debugId;
    }
}
