package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINVAL;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.alloc.PrepareToFreeResult;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderHandleCookie;
import bindercheck.impl.wire.BinderPtrCookie;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderTransactionDataSg;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.UserFault;

/**
 * {@code binder_thread_write}: the BC_ commands of a write buffer, one method per command (named
 * as the command, BC_INCREFS_DONE is {@link #bcIncrefsDone}), and {@code binder_free_buf}, which
 * BC_FREE_BUFFER runs. Each command method gets the cursor past the command word, reads its
 * payload there (a fault is -EFAULT and ends the write, the command not consumed), runs, advances
 * the cursor past the payload, and answers the step it was ({@link DriverStep.Command}), which
 * the loop reports. BC_TRANSACTION and BC_REPLY go to {@link TransactionSend}, the
 * death-notification commands to {@link DeathNotifications}, the freeze-notification commands (6.12+)
 * to {@link FreezeNotifications}.
 */
final class ThreadWrite {
    private ThreadWrite() {
    }

    /**
     * {@code binder_thread_write}: run commands from {@code buffer + consumed} while the command
     * word lies below {@code buffer + size} and no return_error is pending; {@code consumed}
     * advances past each command that ran (its payload may extend past size). A fault reading a
     * word or payload gives -EFAULT, an unknown (or absent) command -EINVAL, both leaving
     * {@code consumed} at the previous boundary.
     */
    static int threadWrite(BinderThread thread, long buffer, long size, long[] consumed) {
        BinderProc proc = thread.proc;
        long ptr = buffer + consumed[0];
        long end = buffer + size;
        while (Long.compareUnsigned(ptr, end) < 0 && thread.returnError.cmd == Br.BR_OK.code()) {
            int cmd;
            try {
                cmd = proc.memory.readInt(ptr);
            } catch (UserFault f) {
                return -EFAULT;
            }
            ptr += 4;
            if ((cmd & 0xff) < proc.statsBc.length) {
                proc.statsBc[cmd & 0xff]++;
            }
            long[] cursor = {ptr};
            DriverStep.Command step = command(thread, cmd, cursor);
            proc.driver.listener().onStep(step);
            if (step.error() < 0) {
                return step.error();
            }
            ptr = cursor[0];
            consumed[0] = ptr - buffer;
        }
        return 0;
    }

    /** The switch of {@code binder_thread_write}: the step the command was (its error ends the write). */
    private static DriverStep.Command command(BinderThread thread, int cmd, long[] cursor) {
        Bc bc = Bc.fromCode(cmd);
        if (bc == null || !bc.in(thread.proc.driver.version())) {
            return invalidCommand(thread, cmd);
        }
        return switch (bc) {
            case BC_TRANSACTION -> bcTransaction(thread, cursor);
            case BC_REPLY -> bcReply(thread, cursor);
            case BC_TRANSACTION_SG -> bcTransactionSg(thread, cursor);
            case BC_REPLY_SG -> bcReplySg(thread, cursor);
            case BC_FREE_BUFFER -> bcFreeBuffer(thread, cursor);
            case BC_INCREFS -> bcIncrefs(thread, cursor);
            case BC_ACQUIRE -> bcAcquire(thread, cursor);
            case BC_RELEASE -> bcRelease(thread, cursor);
            case BC_DECREFS -> bcDecrefs(thread, cursor);
            case BC_INCREFS_DONE -> bcIncrefsDone(thread, cursor);
            case BC_ACQUIRE_DONE -> bcAcquireDone(thread, cursor);
            case BC_REGISTER_LOOPER -> bcRegisterLooper(thread);
            case BC_ENTER_LOOPER -> bcEnterLooper(thread);
            case BC_EXIT_LOOPER -> bcExitLooper(thread);
            case BC_REQUEST_DEATH_NOTIFICATION -> bcRequestDeathNotification(thread, cursor);
            case BC_CLEAR_DEATH_NOTIFICATION -> bcClearDeathNotification(thread, cursor);
            case BC_DEAD_BINDER_DONE -> bcDeadBinderDone(thread, cursor);
            case BC_REQUEST_FREEZE_NOTIFICATION -> bcRequestFreezeNotification(thread, cursor);
            case BC_CLEAR_FREEZE_NOTIFICATION -> bcClearFreezeNotification(thread, cursor);
            case BC_FREEZE_NOTIFICATION_DONE -> bcFreezeNotificationDone(thread, cursor);
            // BC_ACQUIRE_RESULT and BC_ATTEMPT_ACQUIRE are unsupported in 6.1.
            case BC_ACQUIRE_RESULT, BC_ATTEMPT_ACQUIRE -> invalidCommand(thread, cmd);
        };
    }

    /** The default case: a word the version does not run ends the write with -EINVAL. */
    static DriverStep.Command invalidCommand(BinderThread thread, int cmd) {
        return new DriverStep.RejectedCommand(thread, cmd, -EINVAL);
    }

    /** A command whose payload faulted: not run, the write ends with -EFAULT. */
    private static DriverStep.Command fault(BinderThread thread, Bc bc) {
        return new DriverStep.RejectedCommand(thread, bc.code(), -EFAULT);
    }

    // ---- transactions ----

    /** BC_TRANSACTION: a call or one-way call ({@code binder_transaction}, reply false). */
    static DriverStep.Command bcTransaction(BinderThread thread, long[] cursor) {
        return transaction(thread, Bc.BC_TRANSACTION, cursor);
    }

    /** BC_REPLY: the answer to the call on top of the thread's stack. */
    static DriverStep.Command bcReply(BinderThread thread, long[] cursor) {
        return transaction(thread, Bc.BC_REPLY, cursor);
    }

    /** BC_TRANSACTION_SG: BC_TRANSACTION with a size for scatter-gather buffers. */
    static DriverStep.Command bcTransactionSg(BinderThread thread, long[] cursor) {
        return transactionSg(thread, Bc.BC_TRANSACTION_SG, cursor);
    }

    /** BC_REPLY_SG: BC_REPLY with a size for scatter-gather buffers. */
    static DriverStep.Command bcReplySg(BinderThread thread, long[] cursor) {
        return transactionSg(thread, Bc.BC_REPLY_SG, cursor);
    }

    private static DriverStep.Command transaction(BinderThread thread, Bc bc, long[] cursor) {
        BinderTransactionData tr;
        try {
            tr = BinderTransactionData.decode(thread.proc.memory.read(cursor[0], BinderTransactionData.SIZE));
        } catch (UserFault f) {
            return fault(thread, bc);
        }
        cursor[0] += BinderTransactionData.SIZE;
        return TransactionSend.transaction(thread, bc, tr, 0);
    }

    private static DriverStep.Command transactionSg(BinderThread thread, Bc bc, long[] cursor) {
        BinderTransactionDataSg tr;
        try {
            tr = BinderTransactionDataSg.decode(thread.proc.memory.read(cursor[0], BinderTransactionDataSg.SIZE));
        } catch (UserFault f) {
            return fault(thread, bc);
        }
        cursor[0] += BinderTransactionDataSg.SIZE;
        return TransactionSend.transaction(thread, bc, tr.transactionData(), tr.buffersSize());
    }

    // ---- buffers ----

    /**
     * BC_FREE_BUFFER: the buffer whose user address is the payload, if the allocator finds it
     * returned to user space and not being freed, is freed ({@link #freeBuf}); anything else is a
     * user error, logged by the kernel and ignored.
     */
    static DriverStep.Command bcFreeBuffer(BinderThread thread, long[] cursor) {
        BinderProc proc = thread.proc;
        long dataPtr;
        try {
            dataPtr = proc.memory.readLong(cursor[0]);
        } catch (UserFault f) {
            return fault(thread, Bc.BC_FREE_BUFFER);
        }
        cursor[0] += 8;
        PrepareToFreeResult r = proc.alloc.prepareToFree(dataPtr);
        if (r.buffer() != null) {
            freeBuf(thread, r.buffer());
        }
        return new DriverStep.FreeBuffer(thread, Bc.BC_FREE_BUFFER.code(), dataPtr);
    }

    /**
     * {@code binder_free_buf}: detach the buffer from its transaction, release the next one-way
     * transaction of its node to the proc's todo (or clear has_async_transaction), release what the
     * buffer holds (the target node's reference, the references of its objects), and free it (its
     * contents zeroed first if TF_CLEAR_BUF).
     */
    static void freeBuf(BinderThread thread, BinderBuffer buffer) {
        freeBuf(thread, buffer, false);
    }

    /** {@link #freeBuf(BinderThread, BinderBuffer)}; on a failure path an FDA's fds were never installed. */
    static void freeBuf(BinderThread thread, BinderBuffer buffer, boolean isFailure) {
        BinderProc proc = thread.proc;
        BinderTransaction t = proc.bufferLinks.detach(buffer);
        if (t != null) {
            t.buffer = null;
        }
        BinderNode node = proc.bufferLinks.targetNode(buffer);
        if (buffer.asyncTransaction() && node != null) {
            if (!node.hasAsyncTransaction || node.proc != proc) {
                throw new IllegalStateException("async buffer of node " + node.debugId + " without async in flight");
            }
            BinderWork w = BinderWork.pollFirst(node.asyncTodo);
            if (w == null) {
                node.hasAsyncTransaction = false;
            } else {
                BinderWork.enqueue(proc.todo, w);
                proc.wakeupProc();
            }
        }
        BinderObjects.bufferRelease(proc, thread, buffer,
                BinderProc.align8(buffer.dataSize()) + buffer.offsetsSize(), isFailure);
        proc.freeBuffer(buffer);
    }

    // ---- references ----

    /** BC_INCREFS: take a weak reference on the handle's node. */
    static DriverStep.Command bcIncrefs(BinderThread thread, long[] cursor) {
        return refcount(thread, Bc.BC_INCREFS, cursor, true, false);
    }

    /** BC_ACQUIRE: take a strong reference on the handle's node. */
    static DriverStep.Command bcAcquire(BinderThread thread, long[] cursor) {
        return refcount(thread, Bc.BC_ACQUIRE, cursor, true, true);
    }

    /** BC_RELEASE: drop a strong reference. */
    static DriverStep.Command bcRelease(BinderThread thread, long[] cursor) {
        return refcount(thread, Bc.BC_RELEASE, cursor, false, true);
    }

    /** BC_DECREFS: drop a weak reference. */
    static DriverStep.Command bcDecrefs(BinderThread thread, long[] cursor) {
        return refcount(thread, Bc.BC_DECREFS, cursor, false, false);
    }

    /**
     * The four refcount commands: an increment of handle 0 goes to the context manager's node (its
     * own proc asking is -EINVAL, ending the write), creating the ref if needed; otherwise the ref
     * with the handle changes its count ({@code binder_update_ref_for_handle}); a missing ref (or a
     * strong change on a weak-only ref) is a user error, logged and consumed.
     */
    private static DriverStep.Command refcount(BinderThread thread, Bc bc, long[] cursor, boolean increment,
                                               boolean strong) {
        BinderProc proc = thread.proc;
        int target;
        try {
            target = proc.memory.readInt(cursor[0]);
        } catch (UserFault f) {
            return fault(thread, bc);
        }
        cursor[0] += 4;
        int ret = -1;
        BinderNode mgr = proc.context.binderContextMgrNode;
        if (increment && target == 0 && mgr != null) {
            if (mgr.proc == proc) {
                // "context manager tried to acquire desc 0": the whole write fails
                return new DriverStep.RefCount(thread, bc.code(), target, -EINVAL);
            }
            ret = proc.refs.incRefForNode(mgr, strong, null) != null ? 0 : -EINVAL;
        }
        if (ret != 0) {
            proc.refs.updateRefForHandle(target, increment, strong);
        }
        return new DriverStep.RefCount(thread, bc.code(), target, 0);
    }

    /** BC_INCREFS_DONE: the owner acknowledges a BR_INCREFS. */
    static DriverStep.Command bcIncrefsDone(BinderThread thread, long[] cursor) {
        return nodeDone(thread, Bc.BC_INCREFS_DONE, cursor, false);
    }

    /** BC_ACQUIRE_DONE: the owner acknowledges a BR_ACQUIRE. */
    static DriverStep.Command bcAcquireDone(BinderThread thread, long[] cursor) {
        return nodeDone(thread, Bc.BC_ACQUIRE_DONE, cursor, true);
    }

    /**
     * BC_INCREFS_DONE / BC_ACQUIRE_DONE: an unknown ptr, another cookie, or no pending notification
     * is a user error (ignored); otherwise the pending flag goes and so does the local reference the
     * notification took, which may make the node work due again (for example a BR_RELEASE once the
     * remote let go).
     */
    private static DriverStep.Command nodeDone(BinderThread thread, Bc bc, long[] cursor, boolean strong) {
        BinderProc proc = thread.proc;
        BinderPtrCookie pc;
        try {
            pc = BinderPtrCookie.decode(proc.memory.read(cursor[0], BinderPtrCookie.SIZE));
        } catch (UserFault f) {
            return fault(thread, bc);
        }
        cursor[0] += BinderPtrCookie.SIZE;
        DriverStep.Command step = new DriverStep.NodeDone(thread, bc.code(), pc.ptr(), pc.cookie());
        BinderNode node = proc.nodes.get(pc.ptr());
        if (node == null) {
            return step;
        }
        if (pc.cookie() == node.cookie && (strong ? node.pendingStrongRef : node.pendingWeakRef)) {
            if (strong) {
                node.pendingStrongRef = false;
            } else {
                node.pendingWeakRef = false;
            }
            node.decNode(strong, false);
        }
        BinderObjects.putNode(node);
        return step;
    }

    // ---- loopers ----

    /**
     * BC_REGISTER_LOOPER: a thread the driver asked for (BR_SPAWN_LOOPER) starts looping; one that
     * entered already or was not asked for is marked invalid.
     */
    static DriverStep.Command bcRegisterLooper(BinderThread thread) {
        BinderProc proc = thread.proc;
        if ((thread.looper & BinderThread.BINDER_LOOPER_STATE_ENTERED) != 0) {
            thread.looper |= BinderThread.BINDER_LOOPER_STATE_INVALID;
        } else if (proc.requestedThreads == 0) {
            thread.looper |= BinderThread.BINDER_LOOPER_STATE_INVALID;
        } else {
            proc.requestedThreads--;
            proc.requestedThreadsStarted++;
        }
        thread.looper |= BinderThread.BINDER_LOOPER_STATE_REGISTERED;
        return new DriverStep.Looper(thread, Bc.BC_REGISTER_LOOPER.code());
    }

    /** BC_ENTER_LOOPER: a thread of user space's own starts looping (invalid if it registered). */
    static DriverStep.Command bcEnterLooper(BinderThread thread) {
        if ((thread.looper & BinderThread.BINDER_LOOPER_STATE_REGISTERED) != 0) {
            thread.looper |= BinderThread.BINDER_LOOPER_STATE_INVALID;
        }
        thread.looper |= BinderThread.BINDER_LOOPER_STATE_ENTERED;
        return new DriverStep.Looper(thread, Bc.BC_ENTER_LOOPER.code());
    }

    /** BC_EXIT_LOOPER: the thread leaves its loop. */
    static DriverStep.Command bcExitLooper(BinderThread thread) {
        thread.looper |= BinderThread.BINDER_LOOPER_STATE_EXITED;
        return new DriverStep.Looper(thread, Bc.BC_EXIT_LOOPER.code());
    }

    // ---- death notifications ----

    /** BC_REQUEST_DEATH_NOTIFICATION: {@code binder_handle_cookie} payload. */
    static DriverStep.Command bcRequestDeathNotification(BinderThread thread, long[] cursor) {
        BinderHandleCookie hc = readHandleCookie(thread.proc, cursor);
        if (hc == null) {
            return fault(thread, Bc.BC_REQUEST_DEATH_NOTIFICATION);
        }
        DeathNotifications.request(thread.proc, hc.handle(), hc.cookie());
        return new DriverStep.DeathNotification(thread, Bc.BC_REQUEST_DEATH_NOTIFICATION.code(), hc.handle(),
                hc.cookie());
    }

    /** BC_CLEAR_DEATH_NOTIFICATION: {@code binder_handle_cookie} payload. */
    static DriverStep.Command bcClearDeathNotification(BinderThread thread, long[] cursor) {
        BinderHandleCookie hc = readHandleCookie(thread.proc, cursor);
        if (hc == null) {
            return fault(thread, Bc.BC_CLEAR_DEATH_NOTIFICATION);
        }
        DeathNotifications.clear(thread.proc, thread, hc.handle(), hc.cookie());
        return new DriverStep.DeathNotification(thread, Bc.BC_CLEAR_DEATH_NOTIFICATION.code(), hc.handle(),
                hc.cookie());
    }

    /** The packed handle and cookie at the cursor, which moves past them; null on a fault. */
    private static BinderHandleCookie readHandleCookie(BinderProc proc, long[] cursor) {
        BinderHandleCookie hc;
        try {
            hc = BinderHandleCookie.decode(proc.memory.read(cursor[0], BinderHandleCookie.SIZE));
        } catch (UserFault f) {
            return null;
        }
        cursor[0] += BinderHandleCookie.SIZE;
        return hc;
    }

    /** BC_DEAD_BINDER_DONE: the u64 cookie of a delivered BR_DEAD_BINDER. */
    static DriverStep.Command bcDeadBinderDone(BinderThread thread, long[] cursor) {
        long cookie;
        try {
            cookie = thread.proc.memory.readLong(cursor[0]);
        } catch (UserFault f) {
            return fault(thread, Bc.BC_DEAD_BINDER_DONE);
        }
        cursor[0] += 8;
        DeathNotifications.deadBinderDone(thread.proc, thread, cookie);
        return new DriverStep.DeadBinderDone(thread, Bc.BC_DEAD_BINDER_DONE.code(), cookie);
    }

    // ---- freeze notifications (6.12+) ----

    /** BC_REQUEST_FREEZE_NOTIFICATION: {@code binder_handle_cookie} payload; a refusal ends the write (-EINVAL). */
    static DriverStep.Command bcRequestFreezeNotification(BinderThread thread, long[] cursor) {
        BinderHandleCookie hc = readHandleCookie(thread.proc, cursor);
        if (hc == null) {
            return fault(thread, Bc.BC_REQUEST_FREEZE_NOTIFICATION);
        }
        int error = FreezeNotifications.request(thread.proc, hc.handle(), hc.cookie());
        return new DriverStep.FreezeNotification(thread, Bc.BC_REQUEST_FREEZE_NOTIFICATION.code(), hc.handle(),
                hc.cookie(), error);
    }

    /** BC_CLEAR_FREEZE_NOTIFICATION: {@code binder_handle_cookie} payload; a refusal ends the write (-EINVAL). */
    static DriverStep.Command bcClearFreezeNotification(BinderThread thread, long[] cursor) {
        BinderHandleCookie hc = readHandleCookie(thread.proc, cursor);
        if (hc == null) {
            return fault(thread, Bc.BC_CLEAR_FREEZE_NOTIFICATION);
        }
        int error = FreezeNotifications.clear(thread.proc, hc.handle(), hc.cookie());
        return new DriverStep.FreezeNotification(thread, Bc.BC_CLEAR_FREEZE_NOTIFICATION.code(), hc.handle(),
                hc.cookie(), error);
    }

    /** BC_FREEZE_NOTIFICATION_DONE: the u64 cookie of a delivered BR_FROZEN_BINDER; unknown, -EINVAL ends the write. */
    static DriverStep.Command bcFreezeNotificationDone(BinderThread thread, long[] cursor) {
        long cookie;
        try {
            cookie = thread.proc.memory.readLong(cursor[0]);
        } catch (UserFault f) {
            return fault(thread, Bc.BC_FREEZE_NOTIFICATION_DONE);
        }
        cursor[0] += 8;
        int error = FreezeNotifications.done(thread.proc, cookie);
        return new DriverStep.FreezeNotificationDone(thread, Bc.BC_FREEZE_NOTIFICATION_DONE.code(), cookie, error);
    }
}
