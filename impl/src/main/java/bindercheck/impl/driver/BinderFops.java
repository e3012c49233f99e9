package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EBUSY;
import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINTR;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.EPERM;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.PageState;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderNodeDebugInfo;
import bindercheck.impl.wire.BinderNodeInfoForRef;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.UserFault;
import bindercheck.impl.wire.UserMemory;

/**
 * {@code binder_fops}, what user space reaches through a binder fd: {@code binder_mmap}, {@code
 * binder_vma_close} (munmap), {@code binder_flush}, {@code binder_release}, and {@code binder_ioctl}
 * with its small ioctls (SET_MAX_THREADS, SET_CONTEXT_MGR[_EXT], VERSION, the node debug ioctls,
 * GET_EXTENDED_ERROR, ENABLE_ONEWAY_SPAM_DETECTION) and {@code binder_ioctl_write_read}, which runs
 * {@link ThreadWrite} then {@link ThreadRead}. BINDER_FREEZE and BINDER_GET_FROZEN_INFO are {@link
 * BinderFreezer}'s, BINDER_THREAD_EXIT {@link BinderRelease#threadRelease}.
 *
 * <p>Blocking: a blocking read that finds no work does not return; {@link #ioctl} answers {@link
 * IoctlResult#BLOCKED} and the thread keeps the read ({@link ReadCall}) as its pending state. The
 * harness, acting as the scheduler, continues it with {@link #resume} or interrupts it with {@link
 * #signal}.
 */
final class BinderFops {
    private BinderFops() {
    }

    /**
     * {@code binder_mmap}: a writable mapping is refused with -EPERM; otherwise the allocator takes
     * the area (capped at 4 MiB; a second mapping -EBUSY, even after munmap) and the area is
     * mapped into the opener's memory without write permission. The caller is the opener
     * (the {@code tsk} and {@code vm_mm} checks always pass).
     *
     * <p>What user space reaches: the vma may be longer than the area, but binder's fault handler
     * ({@code binder_vm_fault}) serves no page, so only the pages the allocator has installed (in
     * use or on the LRU, docs/driver.md §6.8) can be read; an access anywhere else in the vma faults,
     * which makes copy_from_user fail. So only the area is mapped, gated by page presence; a vma
     * beyond 4 MiB no longer asks for memory it could never use.
     */
    static int mmap(BinderProc proc, long vmStart, long lengthBytes, int prot) {
        if ((prot & UserMemory.PROT_WRITE) != 0) {
            return -EPERM;
        }
        int ret = proc.alloc.mmap(vmStart, lengthBytes);
        if (ret != 0) {
            return ret;
        }
        BinderAlloc alloc = proc.alloc;
        proc.memory.map(vmStart, alloc.bufferSize(), prot);
        proc.memory.gate(vmStart, alloc.pageSizeBytes(), page -> page < alloc.pageCount() // none after teardown
                && alloc.pageState((int) page) != PageState.ABSENT);
        return 0;
    }

    /**
     * {@code binder_vma_close}, the munmap of the proc's binder mapping (6.1: it only calls {@code
     * binder_alloc_vma_close}). User space loses the range (user accesses fault from now on); the
     * allocator forgets the vma, so later allocations for this proc fail with -ESRCH (calls to it get
     * BR_DEAD_REPLY) and mmap stays -EBUSY; buffers and the pages behind them stay with the driver,
     * which still reaches them through its own mapping. Without a mapping nothing happens. The caller
     * (user space) has checked that the range is mapped.
     */
    static void vmaClose(BinderProc proc) {
        if (!proc.alloc.mapped()) {
            return;
        }
        proc.memory.protect(proc.alloc.base(), 0);
        proc.alloc.unmap();
    }

    /**
     * {@code binder_flush}, the file's flush, at every {@code close()} of a descriptor of the proc's
     * file: queues the deferred flush ({@link BinderRelease#flush}, when the workqueue runs). Nothing
     * once the proc is released.
     */
    static void flush(BinderProc proc) {
        if (!proc.released) {
            proc.driver.deferWork(proc, BinderProc.DEFERRED_FLUSH);
        }
    }

    /**
     * {@code binder_release}, the file's release, when the last reference to the proc's file goes:
     * queues the deferred release ({@link BinderRelease#procRelease}).
     */
    static void release(BinderProc proc) {
        proc.driver.deferWork(proc, BinderProc.DEFERRED_RELEASE);
    }

    /**
     * {@code binder_ioctl} from thread {@code tid} with argument address {@code arg}. Finds or
     * creates the thread, runs the command, and clears the thread's {@code looper_need_return} at
     * the end (unless the thread exited). A thread that is blocked in a read cannot issue another
     * ioctl (a harness bug: throws).
     */
    static IoctlResult ioctl(BinderProc proc, int tid, int cmd, long arg) {
        BinderThread thread = proc.getThread(tid);
        if (thread.pendingRead != null) {
            throw new IllegalStateException("thread " + tid + " is blocked in a read");
        }
        int ret;
        switch (cmd) {
            case BinderIoctl.BINDER_WRITE_READ -> {
                ret = ioctlWriteRead(proc, thread, arg);
                if (ret == ThreadRead.BLOCKED) {
                    return IoctlResult.BLOCKED;
                }
            }
            case BinderIoctl.BINDER_SET_MAX_THREADS -> ret = setMaxThreads(proc, arg);
            case BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT -> {
                FlatBinderObject fbo;
                try {
                    fbo = FlatBinderObject.decode(proc.memory.read(arg, FlatBinderObject.SIZE));
                    ret = ioctlSetCtxMgr(proc, thread, fbo);
                } catch (UserFault f) {
                    ret = -EINVAL;
                }
            }
            case BinderIoctl.BINDER_SET_CONTEXT_MGR -> ret = ioctlSetCtxMgr(proc, thread, null);
            case BinderIoctl.BINDER_THREAD_EXIT -> {
                BinderRelease.threadRelease(proc, thread);
                proc.driver.listener().onStep(new DriverStep.ThreadRelease(thread));
                return IoctlResult.returned(0);
            }
            case BinderIoctl.BINDER_VERSION -> ret = version(proc, arg);
            case BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION -> ret = enableOnewaySpamDetection(proc, arg);
            case BinderIoctl.BINDER_GET_EXTENDED_ERROR -> ret = ioctlGetExtendedError(proc, thread, arg);
            case BinderIoctl.BINDER_GET_NODE_DEBUG_INFO -> ret = ioctlGetNodeDebugInfo(proc, arg);
            case BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF -> ret = ioctlGetNodeInfoForRef(proc, arg);
            case BinderIoctl.BINDER_FREEZE -> ret = BinderFreezer.ioctlFreeze(proc, arg);
            case BinderIoctl.BINDER_GET_FROZEN_INFO -> ret = BinderFreezer.ioctlGetFrozenInfo(proc, arg);
            default -> ret = -EINVAL;
        }
        thread.looperNeedReturn = false;
        return IoctlResult.returned(ret);
    }

    /**
     * Run thread {@code tid}, blocked in a read, as the scheduler would once it is woken. Not
     * woken: nothing happens (it is still asleep) and the answer is BLOCKED. Woken: it leaves
     * {@code waiting_threads}, re-checks for work, and either sleeps again (BLOCKED) or finishes
     * the read and the ioctl. Throws if the thread is not blocked (a harness bug).
     */
    static IoctlResult resume(BinderProc proc, int tid) {
        BinderThread thread = blockedThread(proc, tid);
        if (!thread.woken) {
            return IoctlResult.BLOCKED;
        }
        ReadCall call = thread.pendingRead;
        thread.woken = false;
        proc.waitingThreads.remove(thread);
        if (!ThreadRead.hasWork(thread, call.waitForProcWork)) {
            if (call.waitForProcWork) {
                proc.waitingThreads.addFirst(thread);
            }
            return IoctlResult.BLOCKED;
        }
        thread.pendingRead = null;
        thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
        int ret = ThreadRead.readLoop(thread, call);
        if (ret == ThreadRead.BLOCKED) {
            return IoctlResult.BLOCKED;
        }
        ret = finishWriteRead(proc, call, ret);
        thread.looperNeedReturn = false;
        return IoctlResult.returned(ret);
    }

    /**
     * Deliver a signal to thread {@code tid}, blocked in a read: the read ends with -EINTR, {@code
     * read_consumed} unchanged. Throws if the thread is not blocked (a harness bug).
     */
    static IoctlResult signal(BinderProc proc, int tid) {
        BinderThread thread = blockedThread(proc, tid);
        ReadCall call = thread.pendingRead;
        thread.pendingRead = null;
        thread.woken = false;
        proc.waitingThreads.remove(thread);
        thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
        int ret = finishWriteRead(proc, call, -EINTR);
        thread.looperNeedReturn = false;
        return IoctlResult.returned(ret);
    }

    private static BinderThread blockedThread(BinderProc proc, int tid) {
        BinderThread thread = proc.threads.get(tid);
        if (thread == null || thread.pendingRead == null) {
            throw new IllegalStateException("thread " + tid + " is not blocked in a read");
        }
        return thread;
    }

    /** BINDER_SET_MAX_THREADS: copy in the u32 (a fault is -EINVAL). */
    private static int setMaxThreads(BinderProc proc, long arg) {
        try {
            proc.maxThreads = proc.memory.readInt(arg);
            return 0;
        } catch (UserFault f) {
            return -EINVAL;
        }
    }

    /** BINDER_VERSION: copy out the protocol version (a fault is -EINVAL). */
    private static int version(BinderProc proc, long arg) {
        try {
            proc.memory.writeInt(arg, BinderIoctl.BINDER_CURRENT_PROTOCOL_VERSION);
            return 0;
        } catch (UserFault f) {
            return -EINVAL;
        }
    }

    /** BINDER_ENABLE_ONEWAY_SPAM_DETECTION: copy in the u32 (a fault is -EFAULT). */
    private static int enableOnewaySpamDetection(BinderProc proc, long arg) {
        try {
            proc.onewaySpamDetectionEnabled = proc.memory.readInt(arg) != 0;
            return 0;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    /** {@code binder_ioctl_get_extended_error}: copy out the thread's {@code ee}, then reset it. */
    private static int ioctlGetExtendedError(BinderProc proc, BinderThread thread, long arg) {
        try {
            proc.memory.write(arg, thread.ee.encode());
        } catch (UserFault f) {
            return -EFAULT;
        }
        thread.ee = BinderExtendedError.NONE;
        return 0;
    }

    /**
     * BINDER_GET_NODE_DEBUG_INFO ({@code binder_ioctl_get_node_debug_info}): copy in the struct,
     * answer with the proc's first node (ptr order) whose ptr is above the given one: its ptr,
     * cookie and has_strong_ref / has_weak_ref; all zeros if there is none. A fault is -EFAULT.
     */
    private static int ioctlGetNodeDebugInfo(BinderProc proc, long arg) {
        BinderNodeDebugInfo in;
        try {
            in = BinderNodeDebugInfo.decode(proc.memory.read(arg, BinderNodeDebugInfo.SIZE));
        } catch (UserFault f) {
            return -EFAULT;
        }
        BinderNodeDebugInfo info = BinderNodeDebugInfo.NONE;
        for (BinderNode n : proc.nodes.values()) {
            if (Long.compareUnsigned(n.ptr, in.ptr()) > 0) {
                info = new BinderNodeDebugInfo(n.ptr, n.cookie, n.hasStrongRef ? 1 : 0, n.hasWeakRef ? 1 : 0);
                break;
            }
        }
        try {
            proc.memory.write(arg, info.encode());
            return 0;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    /**
     * BINDER_GET_NODE_INFO_FOR_REF ({@code binder_ioctl_get_node_info_for_ref}): for the strong ref
     * with the given handle, the node's local + internal strong count and its local weak count. Any
     * other field non-zero is -EINVAL; a caller other than the context manager's proc -EPERM; no
     * such strong ref -EINVAL; a fault -EFAULT.
     */
    private static int ioctlGetNodeInfoForRef(BinderProc proc, long arg) {
        BinderNodeInfoForRef in;
        try {
            in = BinderNodeInfoForRef.decode(proc.memory.read(arg, BinderNodeInfoForRef.SIZE));
        } catch (UserFault f) {
            return -EFAULT;
        }
        if (!in.onlyHandleSet()) {
            return -EINVAL;
        }
        BinderContext context = proc.context;
        if (context.binderContextMgrNode == null || context.binderContextMgrNode.proc != proc) {
            return -EPERM;
        }
        BinderRef ref = proc.refs.get(in.handle(), true);
        if (ref == null) {
            return -EINVAL;
        }
        BinderNode node = ref.node;
        BinderNodeInfoForRef out = in.withCounts(node.localStrongRefs + node.internalStrongRefs, node.localWeakRefs);
        BinderObjects.putNode(node);
        try {
            proc.memory.write(arg, out.encode());
            return 0;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    /**
     * {@code binder_ioctl_set_ctx_mgr}: -EBUSY if the context has a manager; -EPERM if a manager
     * uid was recorded and differs from the proc's euid (else record it); then the node for the
     * object's ptr/cookie/flags (0/0/0 for the plain ioctl) gets a local strong and weak reference
     * and both has_ flags, and becomes the manager. The step is reported, failed or not.
     */
    private static int ioctlSetCtxMgr(BinderProc proc, BinderThread thread, FlatBinderObject fbo) {
        BinderContext context = proc.context;
        if (context.binderContextMgrNode != null) {
            proc.driver.listener().onStep(new DriverStep.IoctlSetCtxMgr(thread, fbo, null, -EBUSY));
            return -EBUSY;
        }
        if (context.binderContextMgrUid != BinderContext.INVALID_UID) {
            if (context.binderContextMgrUid != proc.euid) {
                proc.driver.listener().onStep(new DriverStep.IoctlSetCtxMgr(thread, fbo, null, -EPERM));
                return -EPERM;
            }
        } else {
            context.binderContextMgrUid = proc.euid;
        }
        BinderNode node = proc.newNode(fbo == null ? 0 : fbo.binderOrHandle(), fbo == null ? 0 : fbo.cookie(),
                fbo == null ? 0 : fbo.flags());
        node.localWeakRefs++;
        node.localStrongRefs++;
        node.hasStrongRef = true;
        node.hasWeakRef = true;
        context.binderContextMgrNode = node;
        BinderObjects.putNode(node);
        proc.driver.listener().onStep(new DriverStep.IoctlSetCtxMgr(thread, fbo, node, 0));
        return 0;
    }

    /**
     * {@code binder_ioctl_write_read}: copy in the struct (-EFAULT), write phase, read phase, copy
     * back. A write error skips the read and reports read_consumed 0.
     */
    private static int ioctlWriteRead(BinderProc proc, BinderThread thread, long arg) {
        BinderWriteRead bwr;
        try {
            bwr = BinderWriteRead.read(proc.memory, arg);
        } catch (UserFault f) {
            return -EFAULT;
        }
        if (bwr.writeSize() != 0) {
            long[] consumed = {bwr.writeConsumed()};
            int ret = ThreadWrite.threadWrite(thread, bwr.writeBuffer(), bwr.writeSize(), consumed);
            bwr = bwr.withWriteConsumed(consumed[0]);
            if (ret < 0) {
                return copyOut(proc, bwr.withReadConsumed(0), arg, ret);
            }
        }
        if (bwr.readSize() != 0) {
            ReadCall call = new ReadCall(arg, bwr, proc.nonBlock);
            int ret = ThreadRead.threadRead(thread, call);
            if (ret == ThreadRead.BLOCKED) {
                return ThreadRead.BLOCKED;
            }
            return finishWriteRead(proc, call, ret);
        }
        return copyOut(proc, bwr, arg, 0);
    }

    /** The end of {@code binder_ioctl_write_read} after the read returned {@code ret}. */
    private static int finishWriteRead(BinderProc proc, ReadCall call, int ret) {
        if (!proc.todo.isEmpty()) {
            proc.wakeupProc();
        }
        return copyOut(proc, call.bwr.withReadConsumed(call.readConsumed), call.argAddress, ret);
    }

    private static int copyOut(BinderProc proc, BinderWriteRead bwr, long arg, int ret) {
        try {
            bwr.write(proc.memory, arg);
            return ret;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }
}
