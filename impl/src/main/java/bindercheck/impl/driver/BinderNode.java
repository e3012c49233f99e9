package bindercheck.impl.driver;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@code struct binder_node}, minimal for this cut: the only nodes are context-manager nodes,
 * created by BINDER_SET_CONTEXT_MGR(_EXT). No refs exist, so {@code refs} and {@code
 * internal_strong_refs} are absent (always empty / 0), and no node work is ever due: the manager
 * keeps the local strong and weak reference SET_CONTEXT_MGR gave it, so its counts never reach 0.
 */
public final class BinderNode {
    /** {@code debug_id}: from {@code binder_last_id} at creation; fixed. */
    final int debugId;
    /** {@code proc}: the owner; fixed (null once dead, which this cut does not model). */
    final BinderProc proc;
    /** {@code ptr}, {@code cookie}: the owner's names for the object; fixed. */
    final long ptr;
    final long cookie;
    /** {@code local_strong_refs}: SET_CONTEXT_MGR's reference plus one per unfreed transaction buffer. */
    int localStrongRefs;
    /** {@code local_weak_refs}: SET_CONTEXT_MGR's reference. */
    int localWeakRefs;
    /** {@code has_strong_ref}, {@code has_weak_ref}: user space knows; set for the manager at creation. */
    boolean hasStrongRef;
    boolean hasWeakRef;
    /** {@code has_async_transaction}: a one-way transaction to this node is in flight (§3.9). */
    boolean hasAsyncTransaction;
    /** {@code async_todo}: one-way transactions waiting for the in-flight one's buffer to be freed. */
    final Deque<BinderWork> asyncTodo = new ArrayDeque<>();
    /** {@code accept_fds}, {@code txn_security_ctx}, {@code min_priority}: from the creating flags; fixed. */
    final boolean acceptFds;
    final boolean txnSecurityCtx;
    final int minPriority;

    BinderNode(int debugId, BinderProc proc, long ptr, long cookie, boolean acceptFds, boolean txnSecurityCtx,
               int minPriority) {
        this.debugId = debugId;
        this.proc = proc;
        this.ptr = ptr;
        this.cookie = cookie;
        this.acceptFds = acceptFds;
        this.txnSecurityCtx = txnSecurityCtx;
        this.minPriority = minPriority;
    }

    /**
     * {@code binder_dec_node} for a local strong reference ({@code strong = 1, internal = 0}). The
     * manager node keeps SET_CONTEXT_MGR's reference, so the count stays positive and, as in the
     * kernel, nothing else happens; reaching 0 would need node work, which no node of this cut can
     * need, and is refused as a broken invariant.
     */
    void decNodeLocalStrong() {
        localStrongRefs--;
        if (localStrongRefs <= 0) {
            throw new IllegalStateException("node " + debugId + " lost its last local strong ref");
        }
    }

    /** {@code binder_inc_node} for a local strong reference with no target list. */
    void incNodeLocalStrong() {
        localStrongRefs++;
    }

    public int debugId() {
        return debugId;
    }

    public BinderProc proc() {
        return proc;
    }

    public long ptr() {
        return ptr;
    }

    public long cookie() {
        return cookie;
    }

    public int localStrongRefs() {
        return localStrongRefs;
    }

    public int localWeakRefs() {
        return localWeakRefs;
    }

    public boolean hasStrongRef() {
        return hasStrongRef;
    }

    public boolean hasWeakRef() {
        return hasWeakRef;
    }

    public boolean hasAsyncTransaction() {
        return hasAsyncTransaction;
    }

    /** The number of one-way transactions waiting in {@code async_todo}. */
    public int asyncTodoSize() {
        return asyncTodo.size();
    }
}
