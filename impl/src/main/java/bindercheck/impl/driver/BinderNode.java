package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EINVAL;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code struct binder_node}: an object of its owner {@link #proc}, known to other procs through refs.
 * Counts (docs/driver.md §5.1): {@code internal_strong_refs} (refs with strong &gt; 0), {@code
 * local_strong_refs} / {@code local_weak_refs} (the owner's own: pending acknowledgements, buffers
 * that target it or carry it as a BINDER object, the context manager's), and {@code refs}. Whether the
 * owner has been told of a strong / weak reference is {@code has_strong_ref} / {@code has_weak_ref};
 * a change is delivered through the node's work item ({@link #incNode}, {@link #decNode}, and the
 * NODE case of {@code binder_thread_read}).
 *
 * <p>Temporary references ({@code tmp_refs}) are kernel pins that never outlive a syscall; the model
 * leaves them out, which changes nothing that is visible: every pin is dropped, with the same
 * consequence, right after the decrement it delayed. A dead node ({@link #proc} null) lives on the
 * driver's dead-node list until its last ref goes.
 */
public final class BinderNode {
    /** {@code debug_id}: from {@code binder_last_id} at creation; fixed. */
    final int debugId;
    /** The driver, for the dead-node list; fixed. */
    final BinderDriver driver;
    /** {@code proc}: the owner; null once dead ({@code binder_node_release}). */
    BinderProc proc;
    /** {@code ptr}, {@code cookie}: the owner's names for the object; fixed. */
    final long ptr;
    final long cookie;
    /** {@code refs}: every proc's ref on this node, newest first ({@code hlist_add_head}). */
    final List<BinderRef> refs = new ArrayList<>();
    /** {@code internal_strong_refs}: refs with a strong count. */
    int internalStrongRefs;
    /** {@code local_strong_refs}, {@code local_weak_refs}. */
    int localStrongRefs;
    int localWeakRefs;
    /** {@code has_strong_ref}, {@code has_weak_ref}: user space has been told. */
    boolean hasStrongRef;
    boolean hasWeakRef;
    /** {@code pending_strong_ref}, {@code pending_weak_ref}: told, the BC_ACQUIRE_DONE / BC_INCREFS_DONE is due. */
    boolean pendingStrongRef;
    boolean pendingWeakRef;
    /** {@code has_async_transaction}: a one-way transaction to this node is in flight (§3.9). */
    boolean hasAsyncTransaction;
    /** {@code async_todo}: one-way transactions waiting for the in-flight one's buffer to be freed. */
    final Deque<BinderWork> asyncTodo = new ArrayDeque<>();
    /** {@code work}: the embedded NODE item; fixed. */
    final BinderWork.Node work = new BinderWork.Node(this);
    /** The list {@link #work} is on (the owner's todo or one of its threads' todo), or null. */
    Deque<BinderWork> workList;
    /** {@code accept_fds}, {@code txn_security_ctx}, {@code min_priority}: from the creating flags; fixed. */
    final boolean acceptFds;
    final boolean txnSecurityCtx;
    final int minPriority;
    /** Model-only: {@code binder_free_node} has run (the node is in no tree or list any more). */
    boolean freed;

    BinderNode(int debugId, BinderProc proc, long ptr, long cookie, boolean acceptFds, boolean txnSecurityCtx,
               int minPriority) {
        this.debugId = debugId;
        this.driver = proc.driver;
        this.proc = proc;
        this.ptr = ptr;
        this.cookie = cookie;
        this.acceptFds = acceptFds;
        this.txnSecurityCtx = txnSecurityCtx;
        this.minPriority = minPriority;
    }

    /**
     * {@code binder_inc_node_nilocked}. With a target thread (only {@code binder_translate_binder},
     * with the sender): a strong increment of a node whose owner was not told moves the node work to
     * the tail of that thread's todo, deferred; a weak one appends it there if it is queued nowhere.
     * Without one, no work is queued, and an internal strong increment needs an existing internal
     * strong reference, or the node to be the context manager with has_strong_ref: else -EINVAL.
     * (A weak increment without a target list never fails on 6.1.158+.)
     */
    int incNode(boolean strong, boolean internal, BinderThread target) {
        if (strong) {
            if (internal) {
                if (target == null && internalStrongRefs == 0
                        && !(proc != null && this == proc.context.binderContextMgrNode && hasStrongRef)) {
                    return -EINVAL;
                }
                internalStrongRefs++;
            } else {
                localStrongRefs++;
            }
            if (!hasStrongRef && target != null) {
                BinderWork.dequeue(work);
                target.enqueueDeferredThreadWork(work);
            }
        } else {
            if (!internal) {
                localWeakRefs++;
            }
            if (!hasWeakRef && target != null && workList == null) {
                target.enqueueDeferredThreadWork(work);
            }
        }
        return 0;
    }

    /**
     * {@code binder_dec_node} ({@code _nilocked} and the free): drop a strong or weak, internal or
     * local reference. When none of that strength is left (weak: no local weak, no refs), an owner
     * that was told gets the node work on its proc todo (if not queued) and a wakeup; an untold or
     * dead node with no references at all is freed. Returns whether it was freed.
     */
    boolean decNode(boolean strong, boolean internal) {
        if (strong) {
            if (internal) {
                internalStrongRefs--;
            } else {
                localStrongRefs--;
            }
            if (localStrongRefs != 0 || internalStrongRefs != 0) {
                return false;
            }
        } else {
            if (!internal) {
                localWeakRefs--;
            }
            if (localWeakRefs != 0 || !refs.isEmpty()) {
                return false;
            }
        }
        if (proc != null && (hasStrongRef || hasWeakRef)) {
            if (workList == null) {
                BinderWork.enqueue(proc.todo, work);
                proc.wakeupProc();
            }
            return false;
        }
        if (refs.isEmpty() && localStrongRefs == 0 && localWeakRefs == 0) {
            if (proc != null) {
                BinderWork.dequeue(work);
                proc.nodes.remove(ptr);
            } else {
                driver.deadNodes.remove(this);
            }
            freed = true;
            return true;
        }
        return false;
    }

    /** Whether some ref or the owner holds it strongly ({@code strong} of the NODE read). */
    boolean strongNow() {
        return internalStrongRefs != 0 || localStrongRefs != 0;
    }

    /** Whether anything holds it ({@code weak} of the NODE read; tmp_refs are 0 between syscalls). */
    boolean weakNow() {
        return !refs.isEmpty() || localWeakRefs != 0 || strongNow();
    }

    public int debugId() {
        return debugId;
    }

    /** The owner, or null once the node is dead. */
    public BinderProc proc() {
        return proc;
    }

    public boolean isDead() {
        return proc == null;
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

    public int internalStrongRefs() {
        return internalStrongRefs;
    }

    public boolean hasStrongRef() {
        return hasStrongRef;
    }

    public boolean hasWeakRef() {
        return hasWeakRef;
    }

    public boolean pendingStrongRef() {
        return pendingStrongRef;
    }

    public boolean pendingWeakRef() {
        return pendingWeakRef;
    }

    public boolean hasAsyncTransaction() {
        return hasAsyncTransaction;
    }

    /** The number of one-way transactions waiting in {@code async_todo}. */
    public int asyncTodoSize() {
        return asyncTodo.size();
    }

    /** The refs on this node, newest first. */
    public List<BinderRef> refs() {
        return List.copyOf(refs);
    }

    /** Whether the node work item is on a list. */
    public boolean workQueued() {
        return workList != null;
    }

    public boolean acceptFds() {
        return acceptFds;
    }

    public boolean txnSecurityCtx() {
        return txnSecurityCtx;
    }

    public boolean isFreed() {
        return freed;
    }

    @Override
    public String toString() {
        return "node " + debugId;
    }
}
