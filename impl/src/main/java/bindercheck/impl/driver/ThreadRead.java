package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EAGAIN;
import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.ENOMEM;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.wire.BinderFrozenStateInfo;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderTransactionDataSecctx;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.impl.wire.UserFault;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code binder_thread_read}: the leading BR_NOOP, the wait for work ({@code binder_wait_for_work},
 * modelled as a {@link ReadCall} left on the thread), then one work item after another, one method
 * per kind of step the item is read as ({@link #brTransaction}, {@link #brReply}, {@link
 * #brTransactionComplete}, {@link #brDeadReply}, {@link #brFailedReply}, {@link #brFrozenReply},
 * {@link #workNode}, {@link #brDeadBinder}, {@link #brClearDeathNotificationDone}, and from 6.12 {@link
 * #brFrozenBinder}, {@link #brClearFreezeNotificationDone}), and the {@code
 * done:} tail that may ask for a looper (BR_SPAWN_LOOPER). Also {@code binder_apply_fd_fixups},
 * run as a transaction is read.
 */
final class ThreadRead {
    private ThreadRead() {
    }

    /** Internal answer of the read: the thread went to sleep. Never a kernel return value. */
    static final int BLOCKED = 1;
    /** A work item's answer: read the next item. */
    private static final int MORE = 0;
    /** A work item's answer: the read ends after this item ({@code goto done}). */
    private static final int DONE = 2;
    /** The room {@code binder_thread_read} wants before taking an item: a word and the largest payload. */
    private static final long READ_ITEM_ROOM = 4 + 72;

    /** {@code binder_thread_read} up to the first wait: the leading BR_NOOP, then wait and loop. */
    static int threadRead(BinderThread thread, ReadCall call) {
        call.ptr = call.buffer + call.readConsumed;
        if (call.readConsumed == 0) {
            try {
                thread.proc.memory.writeInt(call.ptr, Br.BR_NOOP.code());
            } catch (UserFault f) {
                return -EFAULT;
            }
            call.ptr += 4;
        }
        return waitAndRead(thread, call);
    }

    /**
     * The {@code retry:} label: decide proc-work eligibility, wait (or -EAGAIN), then loop. A blocking
     * wait answers 0; a non-blocking read that finds work keeps {@link ReadCall#ret}, so an earlier
     * item's failed fd fixups end the read here with their error.
     */
    private static int waitAndRead(BinderThread thread, ReadCall call) {
        call.waitForProcWork = availableForProcWork(thread);
        thread.looper |= BinderThread.BINDER_LOOPER_STATE_WAITING;
        if (!call.nonBlock) {
            call.ret = 0;
        }
        if (!hasWork(thread, call.waitForProcWork)) {
            if (call.nonBlock) {
                thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
                return -EAGAIN;
            }
            if (call.waitForProcWork) {
                thread.proc.waitingThreads.addFirst(thread);
            }
            thread.pendingRead = call;
            return BLOCKED;
        }
        thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
        if (call.ret != 0) {
            return call.ret;
        }
        return readLoop(thread, call);
    }

    /** {@code binder_available_for_proc_work_ilocked} (6.1.103+): empty stack and empty todo. */
    private static boolean availableForProcWork(BinderThread thread) {
        return thread.transactionStack == null && thread.todo.isEmpty();
    }

    /** {@code binder_has_work_ilocked}. */
    static boolean hasWork(BinderThread thread, boolean doProcWork) {
        return thread.processTodo || thread.looperNeedReturn || (doProcWork && !thread.proc.todo.isEmpty());
    }

    /** The work loop of {@code binder_thread_read} and its {@code done:} tail (BR_SPAWN_LOOPER). */
    static int readLoop(BinderThread thread, ReadCall call) {
        BinderProc proc = thread.proc;
        while (true) {
            Deque<BinderWork> list;
            if (!thread.todo.isEmpty()) {
                list = thread.todo;
            } else if (!proc.todo.isEmpty() && call.waitForProcWork) {
                list = proc.todo;
            } else {
                if (call.ptr - call.buffer == 4 && !thread.looperNeedReturn) {
                    if (thread.processTodo) {
                        throw new IllegalStateException("thread " + thread.pid + " would spin: process_todo, no work");
                    }
                    return waitAndRead(thread, call);
                }
                break;
            }
            if (Long.compareUnsigned(call.end - call.ptr, READ_ITEM_ROOM) < 0) {
                break;
            }
            BinderWork w = BinderWork.pollFirst(list);
            if (thread.todo.isEmpty()) {
                thread.processTodo = false;
            }
            int next = workItem(thread, call, w);
            if (next < 0) {
                return next;
            }
            if (next == DONE) {
                break;
            }
        }
        call.readConsumed = call.ptr - call.buffer;
        if (proc.requestedThreads == 0 && proc.waitingThreads.isEmpty()
                && Integer.compareUnsigned(proc.requestedThreadsStarted, proc.maxThreads) < 0
                && (thread.looper & (BinderThread.BINDER_LOOPER_STATE_REGISTERED
                        | BinderThread.BINDER_LOOPER_STATE_ENTERED)) != 0) {
            proc.requestedThreads++;
            try {
                proc.memory.writeInt(call.buffer, Br.BR_SPAWN_LOOPER.code());
            } catch (UserFault f) {
                return -EFAULT;
            }
            proc.statBr(Br.BR_SPAWN_LOOPER.code());
        }
        return 0;
    }

    /** The switch over {@code w->type}: which step reading {@code w} is. */
    private static int workItem(BinderThread thread, ReadCall call, BinderWork w) {
        if (w instanceof BinderWork.ReturnError re) {
            int cmd = re.error().cmd;
            if (cmd == Br.BR_DEAD_REPLY.code()) {
                return brDeadReply(thread, call, re);
            } else if (cmd == Br.BR_FAILED_REPLY.code()) {
                return brFailedReply(thread, call, re);
            } else if (cmd == Br.BR_FROZEN_REPLY.code()) {
                return brFrozenReply(thread, call, re);
            }
            return brTransactionComplete(thread, call, w); // a failed reply's replier: BR_TRANSACTION_COMPLETE
        } else if (w instanceof BinderWork.TransactionComplete || w instanceof BinderWork.OnewaySpamSuspect
                || w instanceof BinderWork.TransactionPending) {
            return brTransactionComplete(thread, call, w);
        } else if (w instanceof BinderWork.Node nw) {
            return workNode(thread, call, nw.node());
        } else if (w instanceof BinderWork.Death dw) {
            return dw.death().type == BinderRefDeath.Type.CLEAR_DEATH_NOTIFICATION
                    ? brClearDeathNotificationDone(thread, call, dw.death()) : brDeadBinder(thread, call, dw.death());
        } else if (w instanceof BinderWork.Freeze fw) {
            BinderRefFreeze f = fw.freeze();
            return f.type == BinderRefFreeze.Type.CLEAR_FREEZE_NOTIFICATION
                    ? brClearFreezeNotificationDone(thread, call, f) : brFrozenBinder(thread, call, f);
        }
        BinderTransaction t = ((BinderWork.Transaction) w).transaction();
        if (t.buffer == null) {
            throw new IllegalStateException(t + " queued without a buffer");
        }
        return thread.proc.bufferLinks.targetNode(t.buffer) == null ? brReply(thread, call, t)
                : brTransaction(thread, call, t);
    }

    // ---- return errors and completions ----

    /** A thread's return_error or reply_error holding BR_DEAD_REPLY. */
    static int brDeadReply(BinderThread thread, ReadCall call, BinderWork.ReturnError re) {
        return returnError(thread, call, re);
    }

    /** A thread's return_error or reply_error holding BR_FAILED_REPLY. */
    static int brFailedReply(BinderThread thread, ReadCall call, BinderWork.ReturnError re) {
        return returnError(thread, call, re);
    }

    /** A thread's return_error or reply_error holding BR_FROZEN_REPLY (a call to a frozen proc). */
    static int brFrozenReply(BinderThread thread, ReadCall call, BinderWork.ReturnError re) {
        return returnError(thread, call, re);
    }

    /** The RETURN_ERROR case: write the word, then the error item is idle again (BR_OK). */
    private static int returnError(BinderThread thread, ReadCall call, BinderWork.ReturnError re) {
        BinderProc proc = thread.proc;
        int code = re.error().cmd;
        boolean replyError = re.error() == thread.replyError;
        try {
            proc.memory.writeInt(call.ptr, code);
        } catch (UserFault f) {
            proc.driver.listener().onStep(new DriverStep.ReadReturnError(thread, code, replyError, -EFAULT));
            return -EFAULT;
        }
        proc.statBr(code);
        re.error().cmd = Br.BR_OK.code();
        call.ptr += 4;
        proc.driver.listener().onStep(new DriverStep.ReadReturnError(thread, code, replyError, 0));
        return MORE;
    }

    /**
     * BR_TRANSACTION_COMPLETE: the sender's {@code tcomplete} (BR_ONEWAY_SPAM_SUSPECT instead for a
     * flagged one-way call if the reader's proc enabled detection; BR_TRANSACTION_PENDING_FROZEN, 6.12+,
     * for a one-way call queued to a frozen proc), or the return_error of a replier whose reply failed
     * on the caller's side.
     */
    static int brTransactionComplete(BinderThread thread, ReadCall call, BinderWork w) {
        if (w instanceof BinderWork.ReturnError re) {
            return returnError(thread, call, re);
        }
        BinderProc proc = thread.proc;
        Br cmd = w instanceof BinderWork.OnewaySpamSuspect && proc.onewaySpamDetectionEnabled
                ? Br.BR_ONEWAY_SPAM_SUSPECT
                : w instanceof BinderWork.TransactionPending ? Br.BR_TRANSACTION_PENDING_FROZEN
                : Br.BR_TRANSACTION_COMPLETE;
        try {
            proc.memory.writeInt(call.ptr, cmd.code());
        } catch (UserFault f) {
            proc.driver.listener().onStep(new DriverStep.ReadComplete(thread, cmd.code(), -EFAULT));
            return -EFAULT;
        }
        proc.statBr(cmd.code());
        call.ptr += 4;
        proc.driver.listener().onStep(new DriverStep.ReadComplete(thread, cmd.code(), 0));
        return MORE;
    }

    // ---- transactions ----

    /** A call or one-way call delivered: BR_TRANSACTION, or BR_TRANSACTION_SEC_CTX with a security context. */
    static int brTransaction(BinderThread thread, ReadCall call, BinderTransaction t) {
        return transaction(thread, call, t, t.securityCtx != 0 ? Br.BR_TRANSACTION_SEC_CTX : Br.BR_TRANSACTION);
    }

    /** A reply delivered: BR_REPLY. */
    static int brReply(BinderThread thread, ReadCall call, BinderTransaction t) {
        return transaction(thread, call, t, Br.BR_REPLY);
    }

    /**
     * The TRANSACTION case: write {@code cmd} (BR_TRANSACTION with the target node's ptr/cookie, or
     * BR_REPLY with 0/0) and the transaction data, make the buffer user-freeable, and push a
     * synchronous call on the reader's stack or free a reply / one-way transaction. A fault cleans
     * the transaction up as BR_FAILED_REPLY and the read ends with -EFAULT. If the fds do not
     * install, the sender of a call gets BR_FAILED_REPLY and the read goes on with nothing written;
     * a reply's reader gets BR_FAILED_REPLY and the read ends.
     */
    private static int transaction(BinderThread thread, ReadCall call, BinderTransaction t, Br cmd) {
        BinderProc proc = thread.proc;
        BinderBuffer buf = t.buffer;
        BinderNode targetNode = proc.bufferLinks.targetNode(buf);
        BinderThread tFrom = t.from;
        int fixupError = applyFdFixups(proc, t);
        call.ret = fixupError;
        if (fixupError != 0) {
            proc.bufferLinks.detach(buf);
            TransactionSend.cleanupTransaction(t, Br.BR_FAILED_REPLY.code());
            ThreadWrite.freeBuf(thread, buf, true);
            if (cmd != Br.BR_REPLY) {
                // Nothing is written for a call; the item is consumed all the same.
                report(thread, t, cmd, fixupError, List.of(), 0);
                return MORE;
            }
            try {
                proc.memory.writeInt(call.ptr, Br.BR_FAILED_REPLY.code());
            } catch (UserFault f) {
                report(thread, t, cmd, fixupError, List.of(), -EFAULT);
                return -EFAULT;
            }
            call.ptr += 4;
            proc.statBr(Br.BR_FAILED_REPLY.code());
            report(thread, t, cmd, fixupError, List.of(Br.BR_FAILED_REPLY.code()), 0);
            return DONE;
        }
        BinderTransactionData trd = new BinderTransactionData(targetNode != null ? targetNode.ptr : 0,
                targetNode != null ? targetNode.cookie : 0, t.code, t.flags, tFrom != null ? tFrom.proc.pid : 0,
                t.senderEuid, buf.dataSize(), buf.offsetsSize(), buf.userData(),
                buf.userData() + BinderProc.align8(buf.dataSize()));
        try {
            proc.memory.writeInt(call.ptr, cmd.code());
        } catch (UserFault f) {
            TransactionSend.cleanupTransaction(t, Br.BR_FAILED_REPLY.code());
            report(thread, t, cmd, 0, List.of(), -EFAULT);
            return -EFAULT;
        }
        call.ptr += 4;
        byte[] payload = cmd == Br.BR_TRANSACTION_SEC_CTX ? new BinderTransactionDataSecctx(trd, t.securityCtx).encode()
                : trd.encode();
        try {
            proc.memory.write(call.ptr, payload);
        } catch (UserFault f) {
            TransactionSend.cleanupTransaction(t, Br.BR_FAILED_REPLY.code());
            report(thread, t, cmd, 0, List.of(), -EFAULT);
            return -EFAULT;
        }
        call.ptr += payload.length;
        proc.statBr(cmd.code());
        buf.setAllowUserFree(true);
        if (cmd != Br.BR_REPLY && (t.flags & TransactionFlags.TF_ONE_WAY) == 0) {
            t.toParent = thread.transactionStack;
            t.toThread = thread;
            thread.transactionStack = t;
        } else {
            TransactionSend.freeTransaction(t);
        }
        report(thread, t, cmd, 0, List.of(cmd.code()), 0);
        return DONE;
    }

    private static void report(BinderThread thread, BinderTransaction t, Br cmd, int fixupError, List<Integer> written,
                               int error) {
        thread.proc.driver.listener().onStep(new DriverStep.ReadTransaction(thread, t, cmd.code(), fixupError,
                written, error));
    }

    /**
     * {@code binder_apply_fd_fixups}, in the reader's process: reserve the lowest free descriptor for
     * each fixup in turn and write it into the buffer, then install them all. Returns 0, or -ENOMEM
     * (no descriptor left) / -EINVAL (the write failed), in which case the fixups are dropped.
     */
    private static int applyFdFixups(BinderProc proc, BinderTransaction t) {
        List<Integer> fds = new ArrayList<>();
        int ret = 0;
        for (BinderTransaction.FdFixup f : t.fdFixups) {
            int fd = proc.files.getUnusedFd();
            if (fd < 0) {
                ret = -ENOMEM;
                break;
            }
            fds.add(fd);
            if (!BinderObjects.copyToBuffer(proc, t.buffer, f.offset(), Le.ofInt(fd))) {
                ret = -EINVAL;
                break;
            }
        }
        if (ret != 0) {
            for (int fd : fds) {
                proc.files.putUnusedFd(fd);
            }
            t.freeFixups();
            return ret;
        }
        for (int i = 0; i < fds.size(); i++) {
            proc.files.install(fds.get(i), t.fdFixups.get(i).file());
        }
        t.fdFixups.clear();
        return 0;
    }

    // ---- node and death work ----

    /**
     * The NODE case ({@code BINDER_WORK_NODE}): compare what holds the node now with what its owner
     * was told, update has_/pending_ (a newly told reference takes a local one, held until the
     * acknowledgement), free a node nothing holds, and write BR_INCREFS, BR_ACQUIRE, BR_RELEASE,
     * BR_DECREFS (those that apply, in this order, possibly none) with the node's ptr and cookie.
     * After a call's failed fd fixups in the same read, the state still moves but nothing is written
     * and the read ends with the fixups' error ({@code read_consumed} unchanged): the kernel gates
     * each word on its {@code ret}, which still holds that error.
     */
    static int workNode(BinderThread thread, ReadCall call, BinderNode node) {
        BinderProc proc = thread.proc;
        if (node.proc != proc) {
            throw new IllegalStateException(node + " work read by proc " + proc.pid);
        }
        boolean strong = node.strongNow();
        boolean weak = node.weakNow();
        boolean hadStrong = node.hasStrongRef;
        boolean hadWeak = node.hasWeakRef;
        if (weak && !hadWeak) {
            node.hasWeakRef = true;
            node.pendingWeakRef = true;
            node.localWeakRefs++;
        }
        if (strong && !hadStrong) {
            node.hasStrongRef = true;
            node.pendingStrongRef = true;
            node.localStrongRefs++;
        }
        if (!strong && hadStrong) {
            node.hasStrongRef = false;
        }
        if (!weak && hadWeak) {
            node.hasWeakRef = false;
        }
        if (!weak && !strong) {
            proc.nodes.remove(node.ptr);
            node.freed = true;
        }
        List<Integer> cmds = new ArrayList<>();
        if (weak && !hadWeak) {
            cmds.add(Br.BR_INCREFS.code());
        }
        if (strong && !hadStrong) {
            cmds.add(Br.BR_ACQUIRE.code());
        }
        if (!strong && hadStrong) {
            cmds.add(Br.BR_RELEASE.code());
        }
        if (!weak && hadWeak) {
            cmds.add(Br.BR_DECREFS.code());
        }
        List<Integer> written = new ArrayList<>();
        if (call.ret != 0) {
            // A call's failed fd fixups earlier in this read: the node's state moved, nothing is written.
            proc.driver.listener().onStep(new DriverStep.ReadNode(thread, node, written, call.ret));
            return call.ret;
        }
        for (int cmd : cmds) {
            try {
                proc.memory.writeInt(call.ptr, cmd);
                call.ptr += 4;
                proc.memory.writeLong(call.ptr, node.ptr);
                call.ptr += 8;
                proc.memory.writeLong(call.ptr, node.cookie);
                call.ptr += 8;
            } catch (UserFault f) {
                proc.driver.listener().onStep(new DriverStep.ReadNode(thread, node, written, -EFAULT));
                return -EFAULT;
            }
            proc.statBr(cmd);
            written.add(cmd);
        }
        proc.driver.listener().onStep(new DriverStep.ReadNode(thread, node, written, 0));
        return MORE;
    }

    /**
     * BR_DEAD_BINDER ({@code BINDER_WORK_DEAD_BINDER} or {@code _DEAD_BINDER_AND_CLEAR}) with the
     * cookie: the item moves to delivered_death, awaiting BC_DEAD_BINDER_DONE, and the read ends
     * (a dead binder may cause transactions).
     */
    static int brDeadBinder(BinderThread thread, ReadCall call, BinderRefDeath death) {
        BinderWork.enqueue(thread.proc.deliveredDeath, death.work);
        return death(thread, call, death, Br.BR_DEAD_BINDER.code()) < 0 ? -EFAULT : DONE;
    }

    /**
     * BR_CLEAR_DEATH_NOTIFICATION_DONE ({@code BINDER_WORK_CLEAR_DEATH_NOTIFICATION}) with the
     * cookie: the record goes.
     */
    static int brClearDeathNotificationDone(BinderThread thread, ReadCall call, BinderRefDeath death) {
        return death(thread, call, death, Br.BR_CLEAR_DEATH_NOTIFICATION_DONE.code()) < 0 ? -EFAULT : MORE;
    }

    /** A BR_ word and its cookie, as the death and freeze answers write them; the pointer moves past each put. */
    private static void putCookie(BinderProc proc, ReadCall call, int cmd, long cookie) throws UserFault {
        proc.memory.writeInt(call.ptr, cmd);
        call.ptr += 4;
        proc.memory.writeLong(call.ptr, cookie);
        call.ptr += 8;
    }

    /** Writes a death word and the cookie; 0 or -EFAULT. */
    private static int death(BinderThread thread, ReadCall call, BinderRefDeath death, int cmd) {
        BinderProc proc = thread.proc;
        try {
            putCookie(proc, call, cmd, death.cookie);
        } catch (UserFault f) {
            proc.driver.listener().onStep(new DriverStep.ReadDeath(thread, cmd, death.cookie, -EFAULT));
            return -EFAULT;
        }
        proc.statBr(cmd);
        proc.driver.listener().onStep(new DriverStep.ReadDeath(thread, cmd, death.cookie, 0));
        return 0;
    }

    // ---- freeze notifications (6.12+) ----

    /**
     * BR_FROZEN_BINDER ({@code BINDER_WORK_FROZEN_BINDER}) with the cookie and the state: the item moves to
     * delivered_freeze, awaiting BC_FREEZE_NOTIFICATION_DONE, and the read ends (a notice may cause transactions).
     */
    static int brFrozenBinder(BinderThread thread, ReadCall call, BinderRefFreeze freeze) {
        BinderProc proc = thread.proc;
        freeze.sent = true;
        BinderWork.enqueue(proc.deliveredFreeze, freeze.work);
        int cmd = Br.BR_FROZEN_BINDER.code();
        byte[] info = new BinderFrozenStateInfo(freeze.cookie, freeze.isFrozen ? 1 : 0).encode();
        try {
            proc.memory.writeInt(call.ptr, cmd);
            call.ptr += 4;
            proc.memory.write(call.ptr, info);
            call.ptr += info.length;
        } catch (UserFault f) {
            proc.driver.listener().onStep(new DriverStep.ReadFreeze(thread, cmd, freeze.cookie, freeze.isFrozen,
                    -EFAULT));
            return -EFAULT;
        }
        proc.statBr(cmd);
        proc.driver.listener().onStep(new DriverStep.ReadFreeze(thread, cmd, freeze.cookie, freeze.isFrozen, 0));
        return DONE;
    }

    /**
     * BR_CLEAR_FREEZE_NOTIFICATION_DONE ({@code BINDER_WORK_CLEAR_FREEZE_NOTIFICATION}) with the cookie: the record
     * goes, and the read goes on.
     */
    static int brClearFreezeNotificationDone(BinderThread thread, ReadCall call, BinderRefFreeze freeze) {
        BinderProc proc = thread.proc;
        int cmd = Br.BR_CLEAR_FREEZE_NOTIFICATION_DONE.code();
        try {
            putCookie(proc, call, cmd, freeze.cookie);
        } catch (UserFault f) {
            proc.driver.listener().onStep(new DriverStep.ReadFreeze(thread, cmd, freeze.cookie, false, -EFAULT));
            return -EFAULT;
        }
        proc.statBr(cmd);
        proc.driver.listener().onStep(new DriverStep.ReadFreeze(thread, cmd, freeze.cookie, false, 0));
        return MORE;
    }
}
