package bindercheck.impl.driver;

import bindercheck.impl.step.StepKind;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.util.List;

/**
 * One step of the driver, as a {@link DriverListener} receives it once the step's effect is
 * complete: a BC_ command processed by {@code binder_thread_write} ({@link Command}), one work item
 * taken by {@code binder_thread_read} ({@link Read}), the context manager's ioctl ({@link
 * IoctlSetCtxMgr}), or a lifecycle event ({@link ThreadRelease}, {@link Flush}, {@link ProcRelease}). Each record carries what the driver decoded and decided, so
 * that a checker needs no other channel: the command's arguments, a transaction's decoded data,
 * target and translated objects, the words a read wrote. {@link #kind()} is the step's label.
 *
 * <p>The records hold the driver's live objects (thread, proc, node), to be read through their
 * accessors during the callback; a listener must not call back into the driver.
 */
public sealed interface DriverStep {
    /** The step's label: which step of the plan's table this is. */
    StepKind kind();

    // ---------------------------------------------------------------------------------------
    // binder_thread_write

    /**
     * One BC_ command of {@code binder_thread_write}: the thread that wrote it, the command word,
     * and the error that ended the write there (0 when the write goes on; a command that ended it
     * with a negative errno was not consumed).
     */
    sealed interface Command extends DriverStep {
        BinderThread thread();

        /** The command word. */
        int cmd();

        /** 0, or the negative errno that ended the write at this command. */
        default int error() {
            return 0;
        }
    }

    /**
     * BC_TRANSACTION / BC_REPLY (or their _SG forms), through {@code binder_transaction}: the decoded
     * {@code binder_transaction_data} ({@code tr}: target handle, code, flags with TF_ONE_WAY, sizes),
     * the _SG form's {@code buffers_size} ({@code extraBuffersSize}, 0 otherwise); where it went: the
     * target proc, the target thread where binder_transaction picked one (a reply's caller; for a
     * nested call, the target proc's thread already in the call chain; else null, and {@code
     * binder_proc_transaction} chooses) and, for a call, the target node; all null when it failed
     * before the target was resolved (the reply checks R1-R5, the target checks T1-T5). {@code objects}: the
     * BINDER / WEAK_BINDER / HANDLE / WEAK_HANDLE objects of the sender the driver went on to
     * translate, in offsets order (objects of other types are not listed, and nothing past the first
     * object that failed validation). How it ended: {@code returnError} BR_OK, or the BR_ word of the
     * failure (for a reply whose caller still waits, the caller's; the replier then reads
     * BR_TRANSACTION_COMPLETE), with {@code param}, the extended error's errno, and {@code check},
     * the failed check of docs/driver.md §3.3 ("" on success).
     */
    record Transaction(BinderThread thread, int cmd, BinderTransactionData tr, long extraBuffersSize,
                       BinderProc targetProc, BinderThread targetThread, BinderNode targetNode,
                       List<FlatBinderObject> objects, Br returnError, int param, String check)
            implements Command {
        public Transaction {
            objects = List.copyOf(objects);
        }

        @Override
        public StepKind kind() {
            return reply() ? StepKind.BC_REPLY : StepKind.BC_TRANSACTION;
        }

        /** BC_REPLY or BC_REPLY_SG. */
        public boolean reply() {
            return cmd == Bc.BC_REPLY.code() || cmd == Bc.BC_REPLY_SG.code();
        }

        /** TF_ONE_WAY in the decoded flags (for a reply the driver ignores it). */
        public boolean oneway() {
            return (tr.flags() & TransactionFlags.TF_ONE_WAY) != 0;
        }

        /** Whether the driver got as far as a target (it then failed, if it did, after resolving it). */
        public boolean targetResolved() {
            return targetProc != null;
        }

        /** Whether it succeeded: queued to its target. */
        public boolean ok() {
            return returnError == Br.BR_OK;
        }
    }

    /** BC_FREE_BUFFER with the user address of the buffer's data ({@code binder_free_buf} if it names one). */
    record FreeBuffer(BinderThread thread, int cmd, long dataPtr) implements Command {
        @Override
        public StepKind kind() {
            return StepKind.BC_FREE_BUFFER;
        }
    }

    /**
     * BC_INCREFS, BC_ACQUIRE, BC_RELEASE or BC_DECREFS of {@code handle}; {@code error} -EINVAL when
     * the context manager's own proc asked for a count on handle 0.
     */
    record RefCount(BinderThread thread, int cmd, int handle, int error) implements Command {
        @Override
        public StepKind kind() {
            return kindOf(thread, cmd);
        }

        /** BC_ACQUIRE or BC_RELEASE. */
        public boolean strong() {
            return cmd == Bc.BC_ACQUIRE.code() || cmd == Bc.BC_RELEASE.code();
        }

        /** BC_INCREFS or BC_ACQUIRE. */
        public boolean increment() {
            return cmd == Bc.BC_INCREFS.code() || cmd == Bc.BC_ACQUIRE.code();
        }
    }

    /** BC_INCREFS_DONE or BC_ACQUIRE_DONE with the node's ptr and cookie ({@code binder_ptr_cookie}). */
    record NodeDone(BinderThread thread, int cmd, long ptr, long cookie) implements Command {
        @Override
        public StepKind kind() {
            return kindOf(thread, cmd);
        }

        /** BC_ACQUIRE_DONE. */
        public boolean strong() {
            return cmd == Bc.BC_ACQUIRE_DONE.code();
        }
    }

    /** BC_REQUEST_DEATH_NOTIFICATION or BC_CLEAR_DEATH_NOTIFICATION ({@code binder_handle_cookie}). */
    record DeathNotification(BinderThread thread, int cmd, int handle, long cookie) implements Command {
        @Override
        public StepKind kind() {
            return kindOf(thread, cmd);
        }
    }

    /** BC_DEAD_BINDER_DONE with the cookie of a delivered BR_DEAD_BINDER. */
    record DeadBinderDone(BinderThread thread, int cmd, long cookie) implements Command {
        @Override
        public StepKind kind() {
            return StepKind.BC_DEAD_BINDER_DONE;
        }
    }

    /**
     * BC_REQUEST_FREEZE_NOTIFICATION or BC_CLEAR_FREEZE_NOTIFICATION (6.12+, {@code binder_handle_cookie}): {@code
     * error} -EINVAL when refused (no such ref, a record already there or absent, another cookie), which ends the
     * write.
     */
    record FreezeNotification(BinderThread thread, int cmd, int handle, long cookie, int error) implements Command {
        @Override
        public StepKind kind() {
            return kindOf(thread, cmd);
        }
    }

    /** BC_FREEZE_NOTIFICATION_DONE (6.12+) with a cookie; {@code error} -EINVAL when no delivered notice has it. */
    record FreezeNotificationDone(BinderThread thread, int cmd, long cookie, int error) implements Command {
        @Override
        public StepKind kind() {
            return StepKind.BC_FREEZE_NOTIFICATION_DONE;
        }
    }

    /** BC_ENTER_LOOPER, BC_REGISTER_LOOPER or BC_EXIT_LOOPER (no payload; no spec has them). */
    record Looper(BinderThread thread, int cmd) implements Command {
        @Override
        public StepKind kind() {
            return kindOf(thread, cmd);
        }
    }

    /**
     * A command word {@code binder_thread_write} did not run: its payload could not be read
     * ({@code error} -EFAULT; the kind is the command's) or the word is not one 6.1 runs ({@code
     * error} -EINVAL; {@link StepKind#INVALID_COMMAND} unless it is a known command). Nothing changed;
     * the write ends here.
     */
    record RejectedCommand(BinderThread thread, int cmd, int error) implements Command {
        @Override
        public StepKind kind() {
            return kindOf(thread, cmd);
        }
    }

    /** The label of a BC_ word as {@code thread}'s driver runs it: its step, else INVALID_COMMAND. */
    static StepKind kindOf(BinderThread thread, int cmd) {
        Bc bc = Bc.fromCode(cmd);
        if (bc == null || !bc.in(thread.proc().driver.version())) {
            return StepKind.INVALID_COMMAND;
        }
        return switch (bc) {
            case BC_TRANSACTION, BC_TRANSACTION_SG -> StepKind.BC_TRANSACTION;
            case BC_REPLY, BC_REPLY_SG -> StepKind.BC_REPLY;
            case BC_FREE_BUFFER -> StepKind.BC_FREE_BUFFER;
            case BC_INCREFS -> StepKind.BC_INCREFS;
            case BC_ACQUIRE -> StepKind.BC_ACQUIRE;
            case BC_RELEASE -> StepKind.BC_RELEASE;
            case BC_DECREFS -> StepKind.BC_DECREFS;
            case BC_INCREFS_DONE -> StepKind.BC_INCREFS_DONE;
            case BC_ACQUIRE_DONE -> StepKind.BC_ACQUIRE_DONE;
            case BC_REGISTER_LOOPER -> StepKind.BC_REGISTER_LOOPER;
            case BC_ENTER_LOOPER -> StepKind.BC_ENTER_LOOPER;
            case BC_EXIT_LOOPER -> StepKind.BC_EXIT_LOOPER;
            case BC_REQUEST_DEATH_NOTIFICATION -> StepKind.BC_REQUEST_DEATH_NOTIFICATION;
            case BC_CLEAR_DEATH_NOTIFICATION -> StepKind.BC_CLEAR_DEATH_NOTIFICATION;
            case BC_DEAD_BINDER_DONE -> StepKind.BC_DEAD_BINDER_DONE;
            case BC_REQUEST_FREEZE_NOTIFICATION -> StepKind.BC_REQUEST_FREEZE_NOTIFICATION;
            case BC_CLEAR_FREEZE_NOTIFICATION -> StepKind.BC_CLEAR_FREEZE_NOTIFICATION;
            case BC_FREEZE_NOTIFICATION_DONE -> StepKind.BC_FREEZE_NOTIFICATION_DONE;
            case BC_ACQUIRE_RESULT, BC_ATTEMPT_ACQUIRE -> StepKind.INVALID_COMMAND;
        };
    }

    // ---------------------------------------------------------------------------------------
    // binder_thread_read

    /**
     * One work item taken off a list by {@code binder_thread_read} (BR_NOOP and BR_SPAWN_LOOPER are
     * not work items and are not reported). {@code error} is 0, or -EFAULT: a word could not be
     * written, the item is consumed all the same (a transaction cleaned up as for BR_FAILED_REPLY)
     * and the read ends with that error.
     */
    sealed interface Read extends DriverStep {
        BinderThread thread();

        /** 0, or -EFAULT: the read faulted writing this item's words and ends. */
        int error();
    }

    /**
     * BINDER_WORK_TRANSACTION: {@code br} is what the item is read as (BR_TRANSACTION,
     * BR_TRANSACTION_SEC_CTX or BR_REPLY) and {@code written} the words written for it: {@code br}
     * with its data; none when a call's fds could not be installed ({@code fixupError} -ENOMEM or
     * -EINVAL: the call is consumed, its sender gets BR_FAILED_REPLY, its buffer is freed and the
     * read goes on), BR_FAILED_REPLY when a reply's could not (the read then ends); none on a fault.
     */
    record ReadTransaction(BinderThread thread, BinderTransaction transaction, int br, int fixupError,
                           List<Integer> written, int error) implements Read {
        public ReadTransaction {
            written = List.copyOf(written);
        }

        @Override
        public StepKind kind() {
            return br == Br.BR_REPLY.code() ? StepKind.BR_REPLY : StepKind.BR_TRANSACTION;
        }
    }

    /**
     * BINDER_WORK_TRANSACTION_COMPLETE, _ONEWAY_SPAM_SUSPECT or (6.12+) _TRANSACTION_PENDING, the sender's {@code
     * tcomplete}: {@code br} is BR_TRANSACTION_COMPLETE, BR_ONEWAY_SPAM_SUSPECT if the reader's proc enabled
     * detection, or BR_TRANSACTION_PENDING_FROZEN for a one-way call queued to a frozen proc.
     */
    record ReadComplete(BinderThread thread, int br, int error) implements Read {
        @Override
        public StepKind kind() {
            return StepKind.BR_TRANSACTION_COMPLETE;
        }
    }

    /**
     * BINDER_WORK_RETURN_ERROR: the thread's {@code return_error} ({@code replyError} false) or
     * {@code reply_error} holding {@code br}: BR_DEAD_REPLY, BR_FAILED_REPLY, BR_FROZEN_REPLY, or
     * BR_TRANSACTION_COMPLETE for a replier whose reply failed on the caller's side.
     */
    record ReadReturnError(BinderThread thread, int br, boolean replyError, int error) implements Read {
        @Override
        public StepKind kind() {
            if (br == Br.BR_DEAD_REPLY.code()) {
                return StepKind.BR_DEAD_REPLY;
            } else if (br == Br.BR_FAILED_REPLY.code()) {
                return StepKind.BR_FAILED_REPLY;
            } else if (br == Br.BR_FROZEN_REPLY.code()) {
                return StepKind.BR_FROZEN_REPLY;
            }
            return StepKind.BR_TRANSACTION_COMPLETE;
        }
    }

    /**
     * BINDER_WORK_NODE: the node's item, read as the BR_INCREFS, BR_ACQUIRE, BR_RELEASE, BR_DECREFS
     * words now due ({@code written}, in that order, possibly none: "state unchanged"; on a fault,
     * those written before it; none, with their error, after a call's failed fd fixups earlier in
     * the same read).
     */
    record ReadNode(BinderThread thread, BinderNode node, List<Integer> written, int error) implements Read {
        public ReadNode {
            written = List.copyOf(written);
        }

        @Override
        public StepKind kind() {
            return StepKind.WORK_NODE;
        }
    }

    /**
     * BINDER_WORK_DEAD_BINDER / _DEAD_BINDER_AND_CLEAR (read as BR_DEAD_BINDER, the item moving to
     * delivered_death) or _CLEAR_DEATH_NOTIFICATION (BR_CLEAR_DEATH_NOTIFICATION_DONE), with the
     * notification's cookie.
     */
    record ReadDeath(BinderThread thread, int br, long cookie, int error) implements Read {
        @Override
        public StepKind kind() {
            return br == Br.BR_DEAD_BINDER.code() ? StepKind.BR_DEAD_BINDER
                    : StepKind.BR_CLEAR_DEATH_NOTIFICATION_DONE;
        }
    }

    /**
     * BINDER_WORK_FROZEN_BINDER (read as BR_FROZEN_BINDER with the cookie and the state, the item moving to
     * delivered_freeze) or _CLEAR_FREEZE_NOTIFICATION (BR_CLEAR_FREEZE_NOTIFICATION_DONE with the cookie): 6.12+.
     * {@code isFrozen} is the state reported by BR_FROZEN_BINDER (false for the clear's answer).
     */
    record ReadFreeze(BinderThread thread, int br, long cookie, boolean isFrozen, int error) implements Read {
        @Override
        public StepKind kind() {
            return br == Br.BR_FROZEN_BINDER.code() ? StepKind.BR_FROZEN_BINDER
                    : StepKind.BR_CLEAR_FREEZE_NOTIFICATION_DONE;
        }
    }

    // ---------------------------------------------------------------------------------------
    // binder_ioctl

    /**
     * BINDER_SET_CONTEXT_MGR ({@code fbo} null) or BINDER_SET_CONTEXT_MGR_EXT from {@code thread}, through
     * {@code binder_ioctl_set_ctx_mgr}: {@code result} 0 and {@code node} the proc's node that is now the
     * manager's (found or made for the object's ptr, 0 for the plain ioctl), or -EBUSY / -EPERM with
     * {@code node} null and nothing changed. (An _EXT argument that cannot be copied fails with -EINVAL
     * before this, and is not reported.)
     */
    record IoctlSetCtxMgr(BinderThread thread, FlatBinderObject fbo, BinderNode node, int result)
            implements DriverStep {
        @Override
        public StepKind kind() {
            return StepKind.IOCTL_SET_CTX_MGR;
        }

        /** The ptr asked for: the object's, 0 for the plain ioctl. */
        public long ptr() {
            return fbo == null ? 0 : fbo.binderOrHandle();
        }
    }

    // ---------------------------------------------------------------------------------------
    // lifecycle

    /**
     * {@code binder_add_freeze_work} (6.12+): a BINDER_FREEZE that thawed {@code proc}, or froze it ({@code
     * isFrozen}), told the watchers of its nodes (their notices queued or updated) and, pinning and unpinning each
     * node as it went, re-checked each node as {@code binder_put_node} does (which may queue node work, or free a node
     * nothing holds). No spec has the step; a refcount checker must see the refcount state unchanged by it.
     */
    record AddFreezeWork(BinderProc proc, boolean isFrozen) implements DriverStep {
        @Override
        public StepKind kind() {
            return StepKind.ADD_FREEZE_WORK;
        }
    }

    /** BINDER_THREAD_EXIT: {@code binder_thread_release} of {@code thread} is complete. */
    record ThreadRelease(BinderThread thread) implements DriverStep {
        @Override
        public StepKind kind() {
            return StepKind.THREAD_RELEASE;
        }
    }

    /**
     * {@code binder_deferred_flush} of {@code proc} is complete (after a close): every thread has
     * looper_need_return and the waiting ones are woken.
     */
    record Flush(BinderProc proc) implements DriverStep {
        @Override
        public StepKind kind() {
            return StepKind.FLUSH;
        }
    }

    /** {@code binder_deferred_release} of {@code proc} is complete (after close or exit). */
    record ProcRelease(BinderProc proc) implements DriverStep {
        @Override
        public StepKind kind() {
            return StepKind.PROC_RELEASE;
        }
    }
}
