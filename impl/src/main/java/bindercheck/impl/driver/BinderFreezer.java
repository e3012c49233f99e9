package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EAGAIN;
import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINVAL;

import bindercheck.impl.version.Difference;
import bindercheck.impl.wire.BinderFreezeInfo;
import bindercheck.impl.wire.BinderFrozenStatusInfo;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.impl.wire.UserFault;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Freezing (docs/driver.md §7.6): BINDER_FREEZE and BINDER_GET_FROZEN_INFO, which act on every
 * proc of a pid, in every context; and TF_UPDATE_TXN, by which a one-way call to a frozen proc
 * replaces an equivalent one still waiting in the node's async_todo.
 */
final class BinderFreezer {
    private BinderFreezer() {
    }

    /**
     * BINDER_FREEZE ({@code binder_ioctl_freeze} for each proc of {@code info.pid}, stopping at the first
     * error): disable clears is_frozen, sync_recv and async_recv; enable sets is_frozen (clearing the
     * other two), waits up to timeout_ms for the proc's outstanding transactions to drain (nothing else
     * runs while the caller waits, so it either finds them drained or times out), and, if transactions
     * are still pending (outstanding, or on a thread's stack), unfreezes and fails with -EAGAIN. No proc
     * with that pid: -EINVAL; a fault: -EFAULT. From 6.12 a thaw, and a freeze that succeeded, also notify the
     * watchers of the proc's nodes ({@link FreezeNotifications#addFreezeWork}).
     */
    static int ioctlFreeze(BinderProc caller, long arg) {
        BinderFreezeInfo info;
        try {
            info = BinderFreezeInfo.decode(caller.memory.read(arg, BinderFreezeInfo.SIZE));
        } catch (UserFault f) {
            return -EFAULT;
        }
        List<BinderProc> targets = procsOf(caller.driver, info.pid());
        if (targets.isEmpty()) {
            return -EINVAL;
        }
        int ret = 0;
        for (BinderProc p : targets) {
            if (ret >= 0) {
                ret = freeze(p, info.enable() != 0, info.timeoutMs());
            }
        }
        return Math.min(ret, 0);
    }

    private static int freeze(BinderProc p, boolean enable, int timeoutMs) {
        p.syncRecv = false;
        p.asyncRecv = false;
        p.isFrozen = enable;
        if (!enable) {
            notifyWatchers(p, false);
            return 0;
        }
        int ret = 0;
        if (timeoutMs != 0) {
            ret = p.outstandingTxns == 0 ? 1 : 0; // the wait's remaining time, 0 when it timed out
        }
        if (txnsPending(p)) {
            ret = -EAGAIN;
        }
        if (ret < 0) {
            p.isFrozen = false;
        } else {
            notifyWatchers(p, true);
        }
        return ret;
    }

    /** From 6.12, a thaw and a freeze that succeeded (not one refused) notify the watchers of the proc's nodes. */
    private static void notifyWatchers(BinderProc p, boolean isFrozen) {
        if (p.driver.has(Difference.FREEZE_NOTIFICATION)) {
            FreezeNotifications.addFreezeWork(p, isFrozen);
        }
    }

    /**
     * BINDER_GET_FROZEN_INFO: over every proc of {@code info.pid}, sync_recv ORs each proc's sync_recv
     * and (bit 1) whether it has transactions pending, async_recv ORs async_recv. No such proc: -EINVAL.
     */
    static int ioctlGetFrozenInfo(BinderProc caller, long arg) {
        int pid;
        try {
            pid = BinderFrozenStatusInfo.decode(caller.memory.read(arg, BinderFrozenStatusInfo.SIZE)).pid();
        } catch (UserFault f) {
            return -EFAULT;
        }
        List<BinderProc> targets = procsOf(caller.driver, pid);
        if (targets.isEmpty()) {
            return -EINVAL;
        }
        int sync = 0;
        int async = 0;
        for (BinderProc p : targets) {
            sync |= (p.syncRecv ? 1 : 0) | (txnsPending(p) ? 2 : 0);
            async |= p.asyncRecv ? 1 : 0;
        }
        try {
            caller.memory.write(arg, new BinderFrozenStatusInfo(pid, sync, async).encode());
            return 0;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    /** {@code binder_txns_pending_ilocked}: outstanding transactions, or a thread with a non-empty stack. */
    static boolean txnsPending(BinderProc p) {
        if (p.outstandingTxns > 0) {
            return true;
        }
        for (BinderThread t : p.threads.values()) {
            if (t.transactionStack != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code binder_find_outdated_transaction_ilocked}: the first queued transaction that {@code t} may
     * replace: both one-way with TF_UPDATE_TXN, same target proc, code, flags, sender pid and target
     * node ptr and cookie.
     */
    static BinderTransaction findOutdated(BinderTransaction t, Deque<BinderWork> asyncTodo) {
        int both = TransactionFlags.TF_ONE_WAY | TransactionFlags.TF_UPDATE_TXN;
        for (BinderWork w : asyncTodo) {
            if (!(w instanceof BinderWork.Transaction tw)) {
                continue;
            }
            BinderTransaction q = tw.transaction();
            if ((q.flags & t.flags & both) != both || q.toProc == null || t.toProc == null) {
                continue;
            }
            BinderNode qn = q.toProc.bufferLinks.targetNode(q.buffer);
            BinderNode tn = t.toProc.bufferLinks.targetNode(t.buffer);
            if (q.toProc.pid == t.toProc.pid && q.code == t.code && q.flags == t.flags
                    && q.buffer.pid() == t.buffer.pid() && qn.ptr == tn.ptr && qn.cookie == tn.cookie) {
                return q;
            }
        }
        return null;
    }

    /** The procs on {@code binder_procs} with tgid {@code pid}, in list order. */
    private static List<BinderProc> procsOf(BinderDriver driver, int pid) {
        List<BinderProc> out = new ArrayList<>();
        for (BinderProc p : driver.procs) {
            if (p.pid == pid) {
                out.add(p);
            }
        }
        return out;
    }
}
