package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EAGAIN;
import static bindercheck.impl.Errno.EBUSY;
import static bindercheck.impl.Errno.EFAULT;
import static bindercheck.impl.Errno.EINTR;
import static bindercheck.impl.Errno.EINVAL;
import static bindercheck.impl.Errno.EOPNOTSUPP;
import static bindercheck.impl.Errno.EPERM;
import static bindercheck.impl.Errno.EPROTO;
import static bindercheck.impl.Errno.ESRCH;

import bindercheck.impl.alloc.AllocResult;
import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.alloc.PrepareToFreeResult;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderExtendedError;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderNodeDebugInfo;
import bindercheck.impl.wire.BinderNodeInfoForRef;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderTransactionDataSecctx;
import bindercheck.impl.wire.BinderTransactionDataSg;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.impl.wire.UserFault;
import bindercheck.impl.wire.UserMemory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct binder_proc}: one per open of a binder device, with its threads, its nodes, its
 * todo list and its buffer allocator; and the entry points user space reaches through that file:
 * {@link #mmap} ({@code binder_mmap}) and {@link #ioctl} ({@code binder_ioctl}).
 *
 * <p>Blocking: a blocking read that finds no work does not return; {@link #ioctl} answers {@link
 * IoctlResult#BLOCKED} and the thread keeps the read as its pending state (on {@code
 * waiting_threads} when it waits for process work, most recent first). Whatever the kernel would
 * wake it with marks it woken; the harness then continues it with {@link #resume} (the kernel's
 * scheduler running it), which re-checks for work exactly as {@code binder_wait_for_work} does
 * and may block again, or interrupts it with {@link #signal} (-EINTR). Nothing runs by itself:
 * the caller is the scheduler.
 *
 * <p>Modelled as a 6.1.192 kernel: proc work for any thread with an empty stack and todo
 * (6.1.103+), async accounting without the buffer header (6.1.75+, in the allocator),
 * 4-aligned objects (6.1.88+), {@code object_offset > data_size} rejected (6.1.110+).
 *
 * <p>Also modelled: nodes, refs and their counts ({@link BinderNode}, {@link BinderRef}, {@link
 * BinderRefTable}); object translation of every type ({@link BinderObjects}, {@link TransactionPayload}):
 * BINDER / WEAK_BINDER / HANDLE / WEAK_HANDLE, FD and FDA through the process's {@link FileTable} (fds
 * installed when read), PTR with scatter-gather copies and parent fixups; security contexts (as the
 * driver's LSM setting says); the refcount, node-ack and death commands ({@link DeathNotifications}), node
 * work; flush and release through the driver's workqueue ({@link BinderRelease}); the node debug ioctls.
 *
 * <p>Freezing ({@link BinderFreezer}: BINDER_FREEZE, BINDER_GET_FROZEN_INFO, TF_UPDATE_TXN) is modelled too.
 * Not in this cut: poll, thread priorities.
 */
public final class BinderProc {
    /** The room {@code binder_thread_read} wants before taking an item: a word and the largest payload. */
    private static final long READ_ITEM_ROOM = 4 + 72;
    /** Internal answer of the read path: the thread went to sleep. Never a kernel return value. */
    private static final int READ_BLOCKED = 1;

    /** A BINDER_WRITE_READ whose read is under way: the model's view of the sleeping call's frame. */
    static final class ReadCall {
        final long argAddress;
        final BinderWriteRead bwr;
        final boolean nonBlock;
        final long buffer;
        final long end;
        long ptr;
        long readConsumed;
        boolean waitForProcWork;

        ReadCall(long argAddress, BinderWriteRead bwr, boolean nonBlock) {
            this.argAddress = argAddress;
            this.bwr = bwr;
            this.nonBlock = nonBlock;
            this.buffer = bwr.readBuffer();
            this.end = bwr.readBuffer() + bwr.readSize();
            this.readConsumed = bwr.readConsumed();
        }
    }

    final BinderDriver driver;
    /** {@code context}: the device's context; fixed. */
    final BinderContext context;
    /** {@code pid}: the opener's tgid; fixed. */
    final int pid;
    /** The euid of the opener's group leader ({@code tsk}, {@code cred}); fixed. */
    final int euid;
    /** The opener's address space; fixed. */
    final UserMemory memory;
    /** The opener's file descriptor table (shared by its binder procs); fixed. */
    final FileTable files;
    /** {@code threads}, by tid: created by the first ioctl of a tid, removed by THREAD_EXIT. */
    final TreeMap<Integer, BinderThread> threads = new TreeMap<>();
    /** {@code nodes}, by ptr (unsigned order). */
    final TreeMap<Long, BinderNode> nodes = new TreeMap<>(Long::compareUnsigned);
    /** {@code waiting_threads}: threads sleeping for process work, most recent first. */
    final Deque<BinderThread> waitingThreads = new ArrayDeque<>();
    /** {@code todo}: the process work list. */
    final Deque<BinderWork> todo = new ArrayDeque<>();
    /** {@code delivered_death}: DEAD_BINDER items read and awaiting BC_DEAD_BINDER_DONE. */
    final Deque<BinderWork> deliveredDeath = new ArrayDeque<>();
    /** {@code refs_by_desc}, {@code refs_by_node}: this proc's refs on other procs' nodes. */
    final BinderRefTable refs = new BinderRefTable(this);
    /** {@code max_threads} (u32): set by BINDER_SET_MAX_THREADS. */
    int maxThreads;
    /** {@code requested_threads} (0 or 1), {@code requested_threads_started}: the BR_SPAWN_LOOPER protocol. */
    int requestedThreads;
    int requestedThreadsStarted;
    /** {@code is_dead}: set by the deferred release. */
    boolean isDead;
    /** Model-only: {@code binder_deferred_release} has run; the proc is off {@code binder_procs} and freed. */
    boolean released;
    /** {@code deferred_work}: BINDER_DEFERRED_FLUSH / _RELEASE queued for the workqueue. */
    int deferredWork;
    static final int DEFERRED_FLUSH = 0x01;
    static final int DEFERRED_RELEASE = 0x02;
    /** {@code is_frozen}: set by BINDER_FREEZE; synchronous calls to a frozen proc fail (BR_FROZEN_REPLY). */
    boolean isFrozen;
    /** {@code sync_recv}, {@code async_recv}: a call / one-way call arrived while frozen. */
    boolean syncRecv;
    boolean asyncRecv;
    /** {@code outstanding_txns}: transactions queued to or delivered into this proc and not yet freed. */
    int outstandingTxns;
    /** {@code oneway_spam_detection_enabled}: set by BINDER_ENABLE_ONEWAY_SPAM_DETECTION. */
    boolean onewaySpamDetectionEnabled;
    /** {@code alloc}: this proc's buffer allocator; fixed. */
    final BinderAlloc alloc;
    /** {@code stats.bc}: BC_ commands this proc's threads issued, by {@code _IOC_NR} (binder_thread_write). */
    final int[] statsBc = new int[Bc.BC_REPLY_SG.ordinal() + 1];
    /** {@code stats.br}: BR_ commands this proc's threads received, by {@code _IOC_NR} ({@code binder_stat_br}). */
    final int[] statsBr = new int[(Br.BR_ONEWAY_SPAM_SUSPECT.code() & 0xff) + 1];
    /** {@code alloc->pages_high}: one past the highest page index ever installed. */
    int pagesHigh;
    /** The file's O_NONBLOCK flag. */
    boolean nonBlock;
    /** {@code buffer->transaction} for this proc's buffers (absent: NULL). */
    final Map<BinderBuffer, BinderTransaction> bufferTransaction = new IdentityHashMap<>();
    /** {@code buffer->target_node} for this proc's buffers (absent: NULL, i.e. a reply). */
    final Map<BinderBuffer, BinderNode> bufferTargetNode = new IdentityHashMap<>();

    BinderProc(BinderDriver driver, BinderContext context, int pid, int euid, UserMemory memory, FileTable files) {
        this.driver = driver;
        this.context = context;
        this.pid = pid;
        this.euid = euid;
        this.memory = memory;
        this.files = files;
        this.alloc = new BinderAlloc(pid, BinderDriver.PAGE_SIZE, driver.lru());
        driver.procs.add(0, this);
    }

    // ---------------------------------------------------------------------------------------
    // mmap and ioctl entry

    /**
     * {@code binder_mmap}: a writable mapping is refused with -EPERM; otherwise the allocator takes
     * the area (capped at 4 MiB; a second mapping -EBUSY, even after munmap) and the range is
     * mapped into the opener's memory without write permission. The caller is the opener
     * (the {@code tsk} and {@code vm_mm} checks always pass).
     */
    public int mmap(long vmStart, long lengthBytes, int prot) {
        checkLive();
        if ((prot & UserMemory.PROT_WRITE) != 0) {
            return -EPERM;
        }
        int ret = alloc.mmap(vmStart, lengthBytes);
        if (ret != 0) {
            return ret;
        }
        memory.map(vmStart, lengthBytes, prot);
        return 0;
    }

    /**
     * {@code binder_vma_close}, the munmap of this proc's binder mapping (6.1: it only calls {@code
     * binder_alloc_vma_close}). User space loses the range (user accesses fault from now on); the
     * allocator forgets the vma, so later allocations for this proc fail with -ESRCH (calls to it get
     * BR_DEAD_REPLY) and mmap stays -EBUSY; buffers and the pages behind them stay with the driver,
     * which still reaches them through its own mapping. Without a mapping nothing happens. The caller
     * (user space) has checked that the range is mapped.
     */
    public void munmap() {
        if (!alloc.mapped()) {
            return;
        }
        memory.protect(alloc.base(), 0);
        alloc.unmap();
    }

    /**
     * {@code binder_flush}, the file's flush, at every {@code close()} of a descriptor of this proc's
     * file: queues the deferred flush ({@link BinderDriver#runDeferredWork} runs it): each thread gets
     * {@code looper_need_return}, and the ones waiting in a read are woken (a woken read then returns
     * with what it has, at least BR_NOOP). Nothing once the proc is released.
     */
    public void fileFlush() {
        if (!released) {
            driver.deferWork(this, DEFERRED_FLUSH);
        }
    }

    /**
     * {@code binder_release}, the file's release, when the last reference to this proc's file goes
     * (the last close with no mapping left, munmap after close, process exit, the last transaction
     * holding it as an fd): queues the deferred release ({@link BinderRelease#release}). No read of
     * this proc may still be blocked when it runs (the caller signals them first: a sleeping ioctl
     * keeps the file alive). Afterwards the proc is gone: any further call on it is a harness bug.
     */
    public void fileRelease() {
        checkLive();
        driver.deferWork(this, DEFERRED_RELEASE);
    }

    /** {@link #fileFlush}, then the workqueue runs. */
    public void flush() {
        checkLive();
        fileFlush();
        driver.runDeferredWork();
    }

    /** {@link #fileRelease}, then the workqueue runs. */
    public void release() {
        fileRelease();
        driver.runDeferredWork();
    }

    /**
     * A {@code struct file} for this proc, to hold in {@link FileTable}s: its close flushes the proc
     * and its last reference releases it.
     */
    public FileTable.OpenFile newFile(String name) {
        return new FileTable.OpenFile(name, this::fileFlush, this::fileRelease);
    }

    /** {@code is_frozen}. */
    public boolean isFrozen() {
        return isFrozen;
    }

    /** Whether {@link #release} has run. */
    public boolean isReleased() {
        return released;
    }

    private void checkLive() {
        if (released) {
            throw new IllegalStateException("proc " + pid + " has been released");
        }
    }

    /** Set or clear the file's O_NONBLOCK flag ({@code fcntl(F_SETFL)}). */
    public void setNonBlock(boolean nonBlock) {
        this.nonBlock = nonBlock;
    }

    /**
     * {@code binder_ioctl} from thread {@code tid} with argument address {@code arg}. Finds or
     * creates the thread, runs the command, and clears the thread's {@code looper_need_return} at
     * the end (unless the thread exited). A thread that is blocked in a read cannot issue another
     * ioctl (a harness bug: throws).
     */
    public IoctlResult ioctl(int tid, int cmd, long arg) {
        checkLive();
        BinderThread thread = getThread(tid);
        if (thread.pendingRead != null) {
            throw new IllegalStateException("thread " + tid + " is blocked in a read");
        }
        int ret;
        switch (cmd) {
            case BinderIoctl.BINDER_WRITE_READ -> {
                ret = ioctlWriteRead(thread, arg);
                if (ret == READ_BLOCKED) {
                    return IoctlResult.BLOCKED;
                }
            }
            case BinderIoctl.BINDER_SET_MAX_THREADS -> ret = setMaxThreads(arg);
            case BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT -> {
                FlatBinderObject fbo;
                try {
                    fbo = FlatBinderObject.decode(memory.read(arg, FlatBinderObject.SIZE));
                    ret = ioctlSetCtxMgr(fbo);
                } catch (UserFault f) {
                    ret = -EINVAL;
                }
            }
            case BinderIoctl.BINDER_SET_CONTEXT_MGR -> ret = ioctlSetCtxMgr(null);
            case BinderIoctl.BINDER_THREAD_EXIT -> {
                threadRelease(thread);
                driver.listener().threadExit(thread);
                return IoctlResult.returned(0);
            }
            case BinderIoctl.BINDER_VERSION -> ret = version(arg);
            case BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION -> ret = enableOnewaySpamDetection(arg);
            case BinderIoctl.BINDER_GET_EXTENDED_ERROR -> ret = ioctlGetExtendedError(thread, arg);
            case BinderIoctl.BINDER_GET_NODE_DEBUG_INFO -> ret = ioctlGetNodeDebugInfo(arg);
            case BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF -> ret = ioctlGetNodeInfoForRef(arg);
            case BinderIoctl.BINDER_FREEZE -> ret = BinderFreezer.ioctlFreeze(this, arg);
            case BinderIoctl.BINDER_GET_FROZEN_INFO -> ret = BinderFreezer.ioctlGetFrozenInfo(this, arg);
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
    public IoctlResult resume(int tid) {
        BinderThread thread = blockedThread(tid);
        if (!thread.woken) {
            return IoctlResult.BLOCKED;
        }
        ReadCall call = thread.pendingRead;
        thread.woken = false;
        waitingThreads.remove(thread);
        if (!hasWork(thread, call.waitForProcWork)) {
            if (call.waitForProcWork) {
                waitingThreads.addFirst(thread);
            }
            return IoctlResult.BLOCKED;
        }
        thread.pendingRead = null;
        thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
        int ret = readLoop(thread, call);
        if (ret == READ_BLOCKED) {
            return IoctlResult.BLOCKED;
        }
        ret = finishWriteRead(call, ret);
        thread.looperNeedReturn = false;
        return IoctlResult.returned(ret);
    }

    /**
     * Deliver a signal to thread {@code tid}, blocked in a read: the read ends with -EINTR, {@code
     * read_consumed} unchanged. Throws if the thread is not blocked (a harness bug).
     */
    public IoctlResult signal(int tid) {
        BinderThread thread = blockedThread(tid);
        ReadCall call = thread.pendingRead;
        thread.pendingRead = null;
        thread.woken = false;
        waitingThreads.remove(thread);
        thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
        int ret = finishWriteRead(call, -EINTR);
        thread.looperNeedReturn = false;
        return IoctlResult.returned(ret);
    }

    private BinderThread blockedThread(int tid) {
        BinderThread thread = threads.get(tid);
        if (thread == null || thread.pendingRead == null) {
            throw new IllegalStateException("thread " + tid + " is not blocked in a read");
        }
        return thread;
    }

    /** {@code binder_get_thread}: find or create the thread for {@code tid}. */
    BinderThread getThread(int tid) {
        return threads.computeIfAbsent(tid, t -> new BinderThread(this, t));
    }

    private int setMaxThreads(long arg) {
        try {
            maxThreads = memory.readInt(arg);
            return 0;
        } catch (UserFault f) {
            return -EINVAL;
        }
    }

    private int version(long arg) {
        try {
            memory.writeInt(arg, BinderIoctl.BINDER_CURRENT_PROTOCOL_VERSION);
            return 0;
        } catch (UserFault f) {
            return -EINVAL;
        }
    }

    private int enableOnewaySpamDetection(long arg) {
        try {
            onewaySpamDetectionEnabled = memory.readInt(arg) != 0;
            return 0;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    /** {@code binder_ioctl_get_extended_error}: copy out the thread's {@code ee}, then reset it. */
    private int ioctlGetExtendedError(BinderThread thread, long arg) {
        try {
            memory.write(arg, thread.ee.encode());
        } catch (UserFault f) {
            return -EFAULT;
        }
        thread.ee = BinderExtendedError.NONE;
        return 0;
    }

    /**
     * BINDER_GET_NODE_DEBUG_INFO ({@code binder_ioctl_get_node_debug_info}): copy in the 24-byte struct,
     * answer with this proc's first node (ptr order) whose ptr is above the given one: its ptr,
     * cookie and has_strong_ref / has_weak_ref; all zeros if there is none. A fault is -EFAULT.
     */
    private int ioctlGetNodeDebugInfo(long arg) {
        BinderNodeDebugInfo in;
        try {
            in = BinderNodeDebugInfo.decode(memory.read(arg, BinderNodeDebugInfo.SIZE));
        } catch (UserFault f) {
            return -EFAULT;
        }
        BinderNodeDebugInfo info = BinderNodeDebugInfo.NONE;
        for (BinderNode n : nodes.values()) {
            if (Long.compareUnsigned(n.ptr, in.ptr()) > 0) {
                info = new BinderNodeDebugInfo(n.ptr, n.cookie, n.hasStrongRef ? 1 : 0, n.hasWeakRef ? 1 : 0);
                break;
            }
        }
        try {
            memory.write(arg, info.encode());
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
    private int ioctlGetNodeInfoForRef(long arg) {
        BinderNodeInfoForRef in;
        try {
            in = BinderNodeInfoForRef.decode(memory.read(arg, BinderNodeInfoForRef.SIZE));
        } catch (UserFault f) {
            return -EFAULT;
        }
        if (!in.onlyHandleSet()) {
            return -EINVAL;
        }
        if (context.binderContextMgrNode == null || context.binderContextMgrNode.proc != this) {
            return -EPERM;
        }
        BinderRef ref = refs.get(in.handle(), true);
        if (ref == null) {
            return -EINVAL;
        }
        BinderNode node = ref.node;
        BinderNodeInfoForRef out = in.withCounts(node.localStrongRefs + node.internalStrongRefs, node.localWeakRefs);
        BinderObjects.putNode(node);
        try {
            memory.write(arg, out.encode());
            return 0;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    /**
     * {@code binder_ioctl_set_ctx_mgr}: -EBUSY if the context has a manager; -EPERM if a manager
     * uid was recorded and differs from this proc's euid (else record it); then the node for the
     * object's ptr/cookie/flags (0/0/0 for the plain ioctl) gets a local strong and weak reference
     * and both has_ flags, and becomes the manager.
     */
    private int ioctlSetCtxMgr(FlatBinderObject fbo) {
        if (context.binderContextMgrNode != null) {
            return -EBUSY;
        }
        if (context.binderContextMgrUid != BinderContext.INVALID_UID) {
            if (context.binderContextMgrUid != euid) {
                return -EPERM;
            }
        } else {
            context.binderContextMgrUid = euid;
        }
        BinderNode node = newNode(fbo == null ? 0 : fbo.binderOrHandle(), fbo == null ? 0 : fbo.cookie(),
                fbo == null ? 0 : fbo.flags());
        node.localWeakRefs++;
        node.localStrongRefs++;
        node.hasStrongRef = true;
        node.hasWeakRef = true;
        context.binderContextMgrNode = node;
        BinderObjects.putNode(node);
        return 0;
    }

    /** {@code binder_new_node}: the node with this ptr, created (drawing a debug id) if absent. */
    BinderNode newNode(long ptr, long cookie, int flags) {
        BinderNode node = nodes.get(ptr);
        if (node != null) {
            return node;
        }
        node = new BinderNode(driver.nextDebugId(), this, ptr, cookie,
                (flags & FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS) != 0,
                (flags & FlatBinderFlags.FLAT_BINDER_FLAG_TXN_SECURITY_CTX) != 0,
                flags & FlatBinderFlags.FLAT_BINDER_FLAG_PRIORITY_MASK);
        nodes.put(ptr, node);
        return node;
    }

    /**
     * {@code binder_ioctl_write_read}: copy in the struct (-EFAULT), write phase, read phase, copy
     * back. A write error skips the read and reports read_consumed 0.
     */
    private int ioctlWriteRead(BinderThread thread, long arg) {
        BinderWriteRead bwr;
        try {
            bwr = BinderWriteRead.read(memory, arg);
        } catch (UserFault f) {
            return -EFAULT;
        }
        if (bwr.writeSize() != 0) {
            long[] consumed = {bwr.writeConsumed()};
            int ret = threadWrite(thread, bwr.writeBuffer(), bwr.writeSize(), consumed);
            bwr = bwr.withWriteConsumed(consumed[0]);
            if (ret < 0) {
                return copyOut(bwr.withReadConsumed(0), arg, ret);
            }
        }
        if (bwr.readSize() != 0) {
            ReadCall call = new ReadCall(arg, bwr, nonBlock);
            int ret = threadRead(thread, call);
            if (ret == READ_BLOCKED) {
                return READ_BLOCKED;
            }
            return finishWriteRead(call, ret);
        }
        return copyOut(bwr, arg, 0);
    }

    /** The end of {@code binder_ioctl_write_read} after the read returned {@code ret}. */
    private int finishWriteRead(ReadCall call, int ret) {
        if (!todo.isEmpty()) {
            wakeupProc();
        }
        return copyOut(call.bwr.withReadConsumed(call.readConsumed), call.argAddress, ret);
    }

    private int copyOut(BinderWriteRead bwr, long arg, int ret) {
        try {
            bwr.write(memory, arg);
            return ret;
        } catch (UserFault f) {
            return -EFAULT;
        }
    }

    // ---------------------------------------------------------------------------------------
    // binder_thread_write

    /**
     * {@code binder_thread_write}: run commands from {@code buffer + consumed} while the command
     * word lies below {@code buffer + size} and no return_error is pending; {@code consumed}
     * advances past each command that ran (its payload may extend past size). A fault reading a
     * word or payload gives -EFAULT, an unknown (or absent) command -EINVAL, both leaving
     * {@code consumed} at the previous boundary.
     */
    int threadWrite(BinderThread thread, long buffer, long size, long[] consumed) {
        long ptr = buffer + consumed[0];
        long end = buffer + size;
        while (Long.compareUnsigned(ptr, end) < 0 && thread.returnError.cmd == Br.BR_OK.code()) {
            int cmd;
            try {
                cmd = memory.readInt(ptr);
            } catch (UserFault f) {
                return -EFAULT;
            }
            ptr += 4;
            if ((cmd & 0xff) < statsBc.length) {
                statsBc[cmd & 0xff]++;
            }
            long[] cursor = {ptr};
            int err = writeCommand(thread, cmd, cursor);
            driver.listener().command(thread, cmd, err);
            if (err < 0) {
                return err;
            }
            ptr = cursor[0];
            consumed[0] = ptr - buffer;
        }
        return 0;
    }

    /**
     * One command of {@code binder_thread_write}: {@code cursor[0]} points past the command word
     * and is advanced past the payload. Returns 0, or the negative errno that ends the write.
     */
    private int writeCommand(BinderThread thread, int cmd, long[] cursor) {
        long ptr = cursor[0];
        Bc bc = Bc.fromCode(cmd);
        if (bc == null) {
            return -EINVAL;
        }
        switch (bc) {
            case BC_TRANSACTION, BC_REPLY -> {
                BinderTransactionData tr;
                try {
                    tr = BinderTransactionData.decode(memory.read(ptr, BinderTransactionData.SIZE));
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += BinderTransactionData.SIZE;
                transaction(thread, tr, bc == Bc.BC_REPLY, 0);
            }
            case BC_TRANSACTION_SG, BC_REPLY_SG -> {
                BinderTransactionDataSg tr;
                try {
                    tr = BinderTransactionDataSg.decode(memory.read(ptr, BinderTransactionDataSg.SIZE));
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += BinderTransactionDataSg.SIZE;
                transaction(thread, tr.transactionData(), bc == Bc.BC_REPLY_SG, tr.buffersSize());
            }
            case BC_FREE_BUFFER -> {
                long dataPtr;
                try {
                    dataPtr = memory.readLong(ptr);
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += 8;
                PrepareToFreeResult r = alloc.prepareToFree(dataPtr);
                if (r.buffer() != null) {
                    freeBuf(thread, r.buffer());
                }
                // else: a user error ("no match" or "unreturned or currently freeing"), ignored
            }
            case BC_REGISTER_LOOPER -> {
                if ((thread.looper & BinderThread.BINDER_LOOPER_STATE_ENTERED) != 0) {
                    thread.looper |= BinderThread.BINDER_LOOPER_STATE_INVALID;
                } else if (requestedThreads == 0) {
                    thread.looper |= BinderThread.BINDER_LOOPER_STATE_INVALID;
                } else {
                    requestedThreads--;
                    requestedThreadsStarted++;
                }
                thread.looper |= BinderThread.BINDER_LOOPER_STATE_REGISTERED;
            }
            case BC_ENTER_LOOPER -> {
                if ((thread.looper & BinderThread.BINDER_LOOPER_STATE_REGISTERED) != 0) {
                    thread.looper |= BinderThread.BINDER_LOOPER_STATE_INVALID;
                }
                thread.looper |= BinderThread.BINDER_LOOPER_STATE_ENTERED;
            }
            case BC_EXIT_LOOPER -> thread.looper |= BinderThread.BINDER_LOOPER_STATE_EXITED;
            case BC_INCREFS, BC_ACQUIRE, BC_RELEASE, BC_DECREFS -> {
                int target;
                try {
                    target = memory.readInt(ptr);
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += 4;
                boolean strong = bc == Bc.BC_ACQUIRE || bc == Bc.BC_RELEASE;
                boolean increment = bc == Bc.BC_INCREFS || bc == Bc.BC_ACQUIRE;
                int ret = -1;
                BinderNode mgr = context.binderContextMgrNode;
                if (increment && target == 0 && mgr != null) {
                    if (mgr.proc == this) {
                        // "context manager tried to acquire desc 0": the whole write fails
                        return -EINVAL;
                    }
                    ret = refs.incRefForNode(mgr, strong, null) != null ? 0 : -EINVAL;
                }
                if (ret != 0) {
                    // A missing ref (or a strong change on a weak-only ref) is a user error: logged, consumed.
                    refs.updateRefForHandle(target, increment, strong);
                }
            }
            case BC_INCREFS_DONE, BC_ACQUIRE_DONE -> {
                long nodePtr;
                long cookie;
                try {
                    nodePtr = memory.readLong(ptr);
                    cookie = memory.readLong(ptr + 8);
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += 16;
                nodeDone(nodePtr, cookie, bc == Bc.BC_ACQUIRE_DONE);
            }
            case BC_REQUEST_DEATH_NOTIFICATION, BC_CLEAR_DEATH_NOTIFICATION -> {
                int target;
                long cookie;
                try {
                    target = memory.readInt(ptr);
                    cookie = memory.readLong(ptr + 4);
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += 12;
                if (bc == Bc.BC_REQUEST_DEATH_NOTIFICATION) {
                    DeathNotifications.request(this, target, cookie);
                } else {
                    DeathNotifications.clear(this, thread, target, cookie);
                }
            }
            case BC_DEAD_BINDER_DONE -> {
                long cookie;
                try {
                    cookie = memory.readLong(ptr);
                } catch (UserFault f) {
                    return -EFAULT;
                }
                ptr += 8;
                DeathNotifications.deadBinderDone(this, thread, cookie);
            }
            default -> {
                // BC_ACQUIRE_RESULT and BC_ATTEMPT_ACQUIRE are unsupported in 6.1.
                return -EINVAL;
            }
        }
        cursor[0] = ptr;
        return 0;
    }

    /**
     * BC_INCREFS_DONE / BC_ACQUIRE_DONE: the owner acknowledges a BR_INCREFS / BR_ACQUIRE. An unknown
     * ptr, another cookie, or no pending notification is a user error (ignored); otherwise the
     * pending flag goes and so does the local reference the notification took, which may make the
     * node work due again (for example a BR_RELEASE once the remote let go).
     */
    private void nodeDone(long nodePtr, long cookie, boolean strong) {
        BinderNode node = nodes.get(nodePtr);
        if (node == null) {
            return;
        }
        if (cookie == node.cookie && (strong ? node.pendingStrongRef : node.pendingWeakRef)) {
            if (strong) {
                node.pendingStrongRef = false;
            } else {
                node.pendingWeakRef = false;
            }
            node.decNode(strong, false);
        }
        BinderObjects.putNode(node);
    }

    /**
     * {@code binder_free_buf}: detach the buffer from its transaction, release the next one-way
     * transaction of its node to this proc's todo (or clear has_async_transaction), release what the
     * buffer holds (the target node's reference, the references of its objects), and free it (its
     * contents zeroed first if TF_CLEAR_BUF).
     */
    void freeBuf(BinderThread thread, BinderBuffer buffer) {
        freeBuf(thread, buffer, false);
    }

    /** {@link #freeBuf(BinderThread, BinderBuffer)}; on a failure path an FDA's fds were never installed. */
    void freeBuf(BinderThread thread, BinderBuffer buffer, boolean isFailure) {
        BinderTransaction t = bufferTransaction.remove(buffer);
        if (t != null) {
            t.buffer = null;
        }
        BinderNode node = bufferTargetNode.get(buffer);
        if (buffer.asyncTransaction() && node != null) {
            if (!node.hasAsyncTransaction || node.proc != this) {
                throw new IllegalStateException("async buffer of node " + node.debugId + " without async in flight");
            }
            BinderWork w = BinderWork.pollFirst(node.asyncTodo);
            if (w == null) {
                node.hasAsyncTransaction = false;
            } else {
                BinderWork.enqueue(todo, w);
                wakeupProc();
            }
        }
        BinderObjects.bufferRelease(this, thread, buffer, align8(buffer.dataSize()) + buffer.offsetsSize(),
                isFailure);
        freeBuffer(buffer);
    }

    /** {@code binder_alloc_free_buf}: zero the contents if TF_CLEAR_BUF, forget the buffer's links, free it. */
    void freeBuffer(BinderBuffer buffer) {
        if (buffer.clearOnFree()) {
            memory.kernelWrite(buffer.userData(), new byte[(int) buffer.extent()]);
        }
        bufferTransaction.remove(buffer);
        bufferTargetNode.remove(buffer);
        alloc.free(buffer);
    }

    // ---------------------------------------------------------------------------------------
    // binder_transaction

    /**
     * {@code binder_transaction}: one BC_TRANSACTION / BC_REPLY (or _SG), following
     * kernel-semantics.md §3.3 check by check. Every failure is reported through the thread's
     * return_error (and, for a reply that still has its in_reply_to, to the caller).
     */
    private void transaction(BinderThread thread, BinderTransactionData tr, boolean reply, long extraBuffersSize) {
        int tDebugId = driver.nextDebugId();
        thread.ee = new BinderExtendedError(tDebugId, Br.BR_OK.code(), 0);
        boolean oneway = (tr.flags() & TransactionFlags.TF_ONE_WAY) != 0;
        BinderTransaction inReplyTo = null;
        BinderThread targetThread = null;
        BinderProc targetProc = null;
        BinderNode targetNode = null;
        TxnFailure failure = null;

        if (reply) {
            inReplyTo = thread.transactionStack;
            if (inReplyTo == null) {
                failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "R1 empty stack");
            } else if (inReplyTo.toThread != thread) {
                failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "R2 top is not an incoming call");
                inReplyTo = null;
            } else {
                thread.transactionStack = inReplyTo.toParent;
                targetThread = inReplyTo.from;
                if (targetThread == null) {
                    failure = new TxnFailure(Br.BR_DEAD_REPLY, 0, "R4 caller gone");
                } else if (targetThread.transactionStack != inReplyTo) {
                    failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "R5 caller's top differs");
                    inReplyTo = null;
                    targetThread = null;
                } else {
                    targetProc = targetThread.proc;
                }
            }
        } else {
            if (tr.handle() != 0) {
                BinderRef ref = refs.get(tr.handle(), true);
                if (ref == null) {
                    failure = new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL, "T1 no such ref");
                } else if (ref.node.proc == null) {
                    failure = new TxnFailure(Br.BR_DEAD_REPLY, -EINVAL, "T1 node dead");
                } else {
                    targetNode = ref.node;
                    targetNode.incNode(true, false, null);
                    targetProc = targetNode.proc;
                }
            } else {
                BinderNode mgr = context.binderContextMgrNode;
                if (mgr != null && mgr.proc != null) {
                    targetNode = mgr;
                    mgr.incNode(true, false, null);
                    targetProc = mgr.proc;
                }
                if (targetNode != null && targetProc.pid == pid) {
                    failure = new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL, "T1 manager in the same process");
                } else if (targetNode == null) {
                    failure = new TxnFailure(Br.BR_DEAD_REPLY, -EINVAL, "T1 no context manager");
                }
            }
            if (failure == null && targetProc == this) {
                failure = new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL, "T2 target is this proc");
            }
            if (failure == null && !oneway && thread.todo.peekFirst() instanceof BinderWork.Transaction) {
                failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "T4 transaction at the head of todo");
            }
            if (failure == null && !oneway && thread.transactionStack != null) {
                BinderTransaction tmp = thread.transactionStack;
                if (tmp.toThread != thread) {
                    failure = new TxnFailure(Br.BR_FAILED_REPLY, -EPROTO, "T5 previous call unanswered");
                } else {
                    for (; tmp != null; tmp = tmp.fromParent) {
                        if (tmp.from != null && tmp.from.proc == targetProc) {
                            targetThread = tmp.from;
                            break;
                        }
                    }
                }
            }
        }
        if (failure != null) {
            failTransaction(thread, tDebugId, failure, targetNode, inReplyTo);
            return;
        }

        driver.listener().transaction(thread, targetProc, targetNode);
        BinderTransaction t = new BinderTransaction(tDebugId, tr.code(), tr.flags(), euid);
        t.from = !reply && !oneway ? thread : null;
        t.toProc = targetProc;
        t.toThread = targetThread;
        byte[] secctx = null;
        if (targetNode != null && targetNode.txnSecurityCtx) {
            secctx = driver.securityContextOf(this);
            if (secctx == null) {
                failTransaction(thread, tDebugId, new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL,
                        "C3 no security context"), targetNode, inReplyTo);
                return;
            }
            long added = align8(secctx.length);
            extraBuffersSize += added;
            if (Long.compareUnsigned(extraBuffersSize, added) < 0) {
                failTransaction(thread, tDebugId, new TxnFailure(Br.BR_FAILED_REPLY, -EINVAL,
                        "C3 extra buffers size overflow"), targetNode, inReplyTo);
                return;
            }
        }
        AllocResult ar = targetProc.alloc.alloc(tr.dataSize(), tr.offsetsSize(), extraBuffersSize,
                !reply && oneway, pid);
        targetProc.updatePagesHigh();
        if (!ar.ok()) {
            failTransaction(thread, tDebugId, new TxnFailure(ar.errno() == -ESRCH ? Br.BR_DEAD_REPLY
                    : Br.BR_FAILED_REPLY, ar.errno(), "C4 buffer allocation"), targetNode, inReplyTo);
            return;
        }
        BinderBuffer buf = ar.buffer();
        t.buffer = buf;
        if (secctx != null) {
            // C5: the context goes at the end of the extra buffers; a failed copy leaves it out.
            long off = align8(tr.dataSize()) + align8(tr.offsetsSize()) + align8(extraBuffersSize)
                    - align8(secctx.length);
            t.securityCtx = copyToBuffer(targetProc, buf, off, secctx) ? buf.userData() + off : 0;
        }
        buf.setDebugId(tDebugId);
        targetProc.bufferTransaction.put(buf, t);
        if (targetNode != null) {
            targetProc.bufferTargetNode.put(buf, targetNode);
        }
        buf.setClearOnFree((tr.flags() & TransactionFlags.TF_CLEAR_BUF) != 0);

        TransactionPayload payload = new TransactionPayload(thread, targetProc, t, buf, tr, extraBuffersSize,
                secctx == null ? 0 : align8(secctx.length), inReplyTo, targetNode);
        failure = payload.copy();
        if (failure == null) {
            BinderWork tcomplete = buf.onewaySpamSuspect() ? new BinderWork.OnewaySpamSuspect(tDebugId)
                    : new BinderWork.TransactionComplete(tDebugId);
            failure = dispatch(thread, t, tcomplete, reply, oneway, inReplyTo, targetThread, targetProc);
            if (failure == null) {
                if (targetNode != null) {
                    BinderObjects.putNode(targetNode);
                }
                return;
            }
            BinderWork.dequeue(thread.todo, tcomplete);
        }
        // Unwind after allocation: drop the fd fixups' files, release the target node's reference and
        // the objects translated so far (all of them after the loop), drop the node pin, free the buffer.
        t.freeFixups();
        BinderObjects.bufferRelease(targetProc, null, buf, payload.releaseTo, true);
        if (targetNode != null) {
            BinderObjects.putNode(targetNode);
        }
        targetProc.bufferTransaction.remove(buf);
        targetProc.freeBuffer(buf);
        failTransaction(thread, tDebugId, failure, null, inReplyTo);
    }

    /**
     * {@code binder_alloc_copy_to_buffer}: write kernel bytes into {@code buf} of {@code targetProc}
     * at {@code bufferOffset}; false when {@code check_buffer} refuses.
     */
    static boolean copyToBuffer(BinderProc targetProc, BinderBuffer buf, long bufferOffset, byte[] bytes) {
        if (BinderObjects.copyFromBuffer(targetProc, buf, bufferOffset, bytes.length) == null) {
            return false;
        }
        targetProc.memory.kernelWrite(buf.userData() + bufferOffset, bytes);
        return true;
    }

    /** C14: queue the transaction and its completion. Returns null on success. */
    private TxnFailure dispatch(BinderThread thread, BinderTransaction t, BinderWork tcomplete, boolean reply,
                                boolean oneway, BinderTransaction inReplyTo, BinderThread targetThread,
                                BinderProc targetProc) {
        if (reply) {
            thread.enqueueThreadWork(tcomplete);
            if (targetThread.isDead) {
                return new TxnFailure(Br.BR_DEAD_REPLY, 0, "C14 caller thread dead");
            }
            targetThread.popTransaction(inReplyTo);
            targetThread.enqueueThreadWork(t.work);
            targetProc.outstandingTxns++;
            targetThread.wakeUp();
            freeTransaction(inReplyTo);
            return null;
        }
        if (!oneway) {
            thread.enqueueDeferredThreadWork(tcomplete);
            t.needReply = true;
            t.fromParent = thread.transactionStack;
            thread.transactionStack = t;
            Br err = targetProc.procTransaction(t, targetThread);
            if (err != null) {
                thread.popTransaction(t);
                return new TxnFailure(err, 0, "C14 target dead");
            }
            return null;
        }
        thread.enqueueThreadWork(tcomplete);
        Br err = targetProc.procTransaction(t, null);
        return err == null ? null : new TxnFailure(err, 0, "C14 target dead");
    }

    /**
     * The common failure tail of {@code binder_transaction}: drop the target node pin taken at T1
     * (when the buffer was not allocated), then report. With in_reply_to still set, the replier
     * sees BR_TRANSACTION_COMPLETE and the failure goes to the caller chain; otherwise the thread
     * gets the failure in return_error and ee.
     */
    private void failTransaction(BinderThread thread, int tDebugId, TxnFailure failure, BinderNode targetNode,
                                 BinderTransaction inReplyTo) {
        if (targetNode != null) {
            targetNode.decNode(true, false);
            BinderObjects.putNode(targetNode);
        }
        if (thread.returnError.cmd != Br.BR_OK.code()) {
            throw new IllegalStateException("return_error already pending on thread " + thread.pid);
        }
        int cmd = failure.returnError().code();
        if (inReplyTo != null) {
            BinderThread from = inReplyTo.from;
            if (from != null && from.ee.command() == Br.BR_OK.code()) {
                from.ee = new BinderExtendedError(tDebugId, cmd, failure.param());
            }
            thread.returnError.cmd = Br.BR_TRANSACTION_COMPLETE.code();
            thread.enqueueThreadWork(thread.returnError.work);
            sendFailedReply(inReplyTo, cmd);
        } else {
            thread.ee = new BinderExtendedError(tDebugId, cmd, failure.param());
            thread.returnError.cmd = cmd;
            thread.enqueueThreadWork(thread.returnError.work);
        }
    }

    /**
     * {@code binder_proc_transaction}: queue {@code t} on this (the target) proc: one-way
     * serialisation per node, then a specific thread, a waiting thread (most recent first), the
     * proc todo or the node's async_todo. Returns null, or BR_DEAD_REPLY / BR_FROZEN_REPLY.
     */
    Br procTransaction(BinderTransaction t, BinderThread thread) {
        BinderNode node = bufferTargetNode.get(t.buffer);
        boolean oneway = (t.flags & TransactionFlags.TF_ONE_WAY) != 0;
        boolean pendingAsync = false;
        if (oneway) {
            if (node.hasAsyncTransaction) {
                pendingAsync = true;
            } else {
                node.hasAsyncTransaction = true;
            }
        }
        boolean frozen = isFrozen;
        if (frozen) {
            syncRecv |= !oneway;
            asyncRecv |= oneway;
        }
        if ((frozen && !oneway) || isDead || (thread != null && thread.isDead)) {
            return frozen ? Br.BR_FROZEN_REPLY : Br.BR_DEAD_REPLY;
        }
        if (thread == null && !pendingAsync) {
            thread = waitingThreads.pollFirst();
        }
        if (thread != null) {
            thread.enqueueThreadWork(t.work);
        } else if (!pendingAsync) {
            BinderWork.enqueue(todo, t.work);
        } else {
            BinderTransaction outdated = (t.flags & TransactionFlags.TF_UPDATE_TXN) != 0 && frozen
                    ? BinderFreezer.findOutdated(t, node.asyncTodo) : null;
            if (outdated != null) {
                BinderWork.dequeue(node.asyncTodo, outdated.work);
                outstandingTxns--;
            }
            BinderWork.enqueue(node.asyncTodo, t.work);
            if (outdated != null) {
                // The replaced one-way call goes, its buffer released and freed (its fd fixups are not dropped).
                BinderBuffer buffer = outdated.buffer;
                outdated.buffer = null;
                bufferTransaction.remove(buffer);
                BinderObjects.bufferRelease(this, null, buffer, align8(buffer.dataSize()) + buffer.offsetsSize(),
                        false);
                freeBuffer(buffer);
            }
        }
        if (!pendingAsync && thread != null) {
            thread.wakeUp();
        }
        outstandingTxns++;
        return null;
    }

    /**
     * {@code binder_send_failed_reply}: report {@code errorCode} to the caller of {@code t} through
     * its reply_error, popping t from its stack; if t's caller is gone, free t and try the caller
     * of the enclosing call, up to the root.
     */
    static void sendFailedReply(BinderTransaction t, int errorCode) {
        while (true) {
            BinderThread target = t.from;
            if (target != null) {
                target.popTransaction(t);
                if (target.replyError.cmd == Br.BR_OK.code()) {
                    target.replyError.cmd = errorCode;
                    target.enqueueThreadWork(target.replyError.work);
                    target.wakeUp();
                }
                freeTransaction(t);
                return;
            }
            BinderTransaction next = t.fromParent;
            freeTransaction(t);
            if (next == null) {
                return;
            }
            t = next;
        }
    }

    /**
     * {@code binder_free_transaction}: the target proc's outstanding count and the buffer link go,
     * and so do the files of fd fixups never applied.
     */
    static void freeTransaction(BinderTransaction t) {
        t.freeFixups();
        BinderProc target = t.toProc;
        if (target != null) {
            target.outstandingTxns--;
            if (t.buffer != null) {
                target.bufferTransaction.remove(t.buffer);
            }
        }
    }

    /**
     * {@code binder_cleanup_transaction}: a synchronous call with a target node sends {@code
     * errorCode} to its caller; anything else is just freed. The buffer stays allocated.
     */
    private static void cleanupTransaction(BinderTransaction t, int errorCode) {
        BinderProc target = t.toProc;
        boolean hasTargetNode = target != null && t.buffer != null && target.bufferTargetNode.get(t.buffer) != null;
        if (hasTargetNode && (t.flags & TransactionFlags.TF_ONE_WAY) == 0) {
            sendFailedReply(t, errorCode);
        } else {
            freeTransaction(t);
        }
    }

    // ---------------------------------------------------------------------------------------
    // binder_thread_read

    /** {@code binder_thread_read} up to the first wait: the leading BR_NOOP, then wait and loop. */
    private int threadRead(BinderThread thread, ReadCall call) {
        call.ptr = call.buffer + call.readConsumed;
        if (call.readConsumed == 0) {
            try {
                memory.writeInt(call.ptr, Br.BR_NOOP.code());
            } catch (UserFault f) {
                return -EFAULT;
            }
            call.ptr += 4;
        }
        return waitAndRead(thread, call);
    }

    /** The {@code retry:} label: decide proc-work eligibility, wait (or -EAGAIN), then loop. */
    private int waitAndRead(BinderThread thread, ReadCall call) {
        call.waitForProcWork = availableForProcWork(thread);
        thread.looper |= BinderThread.BINDER_LOOPER_STATE_WAITING;
        if (!hasWork(thread, call.waitForProcWork)) {
            if (call.nonBlock) {
                thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
                return -EAGAIN;
            }
            if (call.waitForProcWork) {
                waitingThreads.addFirst(thread);
            }
            thread.pendingRead = call;
            return READ_BLOCKED;
        }
        thread.looper &= ~BinderThread.BINDER_LOOPER_STATE_WAITING;
        return readLoop(thread, call);
    }

    /** {@code binder_available_for_proc_work_ilocked} (6.1.103+): empty stack and empty todo. */
    private static boolean availableForProcWork(BinderThread thread) {
        return thread.transactionStack == null && thread.todo.isEmpty();
    }

    /** {@code binder_has_work_ilocked}. */
    private boolean hasWork(BinderThread thread, boolean doProcWork) {
        return thread.processTodo || thread.looperNeedReturn || (doProcWork && !todo.isEmpty());
    }

    /** The work loop of {@code binder_thread_read} and its {@code done:} tail (BR_SPAWN_LOOPER). */
    private int readLoop(BinderThread thread, ReadCall call) {
        while (true) {
            Deque<BinderWork> list;
            if (!thread.todo.isEmpty()) {
                list = thread.todo;
            } else if (!todo.isEmpty() && call.waitForProcWork) {
                list = todo;
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
            if (w instanceof BinderWork.ReturnError re) {
                int code = re.error().cmd;
                try {
                    memory.writeInt(call.ptr, code);
                } catch (UserFault f) {
                    driver.listener().readFailed(thread, code, -EFAULT);
                    return -EFAULT;
                }
                statBr(code);
                re.error().cmd = Br.BR_OK.code();
                call.ptr += 4;
                driver.listener().delivered(thread, code);
            } else if (w instanceof BinderWork.TransactionComplete || w instanceof BinderWork.OnewaySpamSuspect) {
                Br cmd = w instanceof BinderWork.OnewaySpamSuspect && onewaySpamDetectionEnabled
                        ? Br.BR_ONEWAY_SPAM_SUSPECT : Br.BR_TRANSACTION_COMPLETE;
                try {
                    memory.writeInt(call.ptr, cmd.code());
                } catch (UserFault f) {
                    driver.listener().readFailed(thread, cmd.code(), -EFAULT);
                    return -EFAULT;
                }
                statBr(cmd.code());
                call.ptr += 4;
                driver.listener().delivered(thread, cmd.code());
            } else if (w instanceof BinderWork.Node nw) {
                int ret = deliverNodeWork(thread, call, nw.node());
                if (ret < 0) {
                    return ret;
                }
            } else if (w instanceof BinderWork.Death dw) {
                int ret = deliverDeath(thread, call, dw.death());
                if (ret < 0) {
                    return ret;
                }
                if (ret == 1) {
                    break; // a dead binder may cause transactions: the read ends here
                }
            } else if (w instanceof BinderWork.Transaction tw) {
                int ret = deliverTransaction(thread, call, tw.transaction());
                if (ret < 0) {
                    return ret;
                }
                if (ret == 2) {
                    continue; // its fd fixups failed: dropped, go on with the next item
                }
                break;
            }
        }
        call.readConsumed = call.ptr - call.buffer;
        if (requestedThreads == 0 && waitingThreads.isEmpty()
                && Integer.compareUnsigned(requestedThreadsStarted, maxThreads) < 0
                && (thread.looper & (BinderThread.BINDER_LOOPER_STATE_REGISTERED
                        | BinderThread.BINDER_LOOPER_STATE_ENTERED)) != 0) {
            requestedThreads++;
            try {
                memory.writeInt(call.buffer, Br.BR_SPAWN_LOOPER.code());
            } catch (UserFault f) {
                return -EFAULT;
            }
            statBr(Br.BR_SPAWN_LOOPER.code());
        }
        return 0;
    }

    /**
     * The TRANSACTION case of {@code binder_thread_read}: write BR_TRANSACTION (target node's
     * ptr/cookie) or BR_REPLY (0/0) with its data, make the buffer user-freeable, and push a
     * synchronous call on the reader's stack or free a reply / one-way transaction. A fault
     * cleans the transaction up as BR_FAILED_REPLY and returns -EFAULT.
     */
    private int deliverTransaction(BinderThread thread, ReadCall call, BinderTransaction t) {
        BinderBuffer buf = t.buffer;
        if (buf == null) {
            throw new IllegalStateException(t + " queued without a buffer");
        }
        BinderNode targetNode = bufferTargetNode.get(buf);
        Br cmd = targetNode == null ? Br.BR_REPLY : t.securityCtx != 0 ? Br.BR_TRANSACTION_SEC_CTX : Br.BR_TRANSACTION;
        BinderThread tFrom = t.from;
        int fixupError = applyFdFixups(t);
        if (fixupError != 0) {
            // binder_apply_fd_fixups failed: the sender of a call gets BR_FAILED_REPLY, the buffer is
            // freed (its objects released); a reply's reader gets BR_FAILED_REPLY and the read ends.
            bufferTransaction.remove(buf);
            cleanupTransaction(t, Br.BR_FAILED_REPLY.code());
            freeBuf(thread, buf, true);
            if (cmd != Br.BR_REPLY) {
                // Nothing is written for a call; the item is consumed all the same.
                driver.listener().readFailed(thread, cmd.code(), fixupError);
                return 2;
            }
            try {
                memory.writeInt(call.ptr, Br.BR_FAILED_REPLY.code());
            } catch (UserFault f) {
                return -EFAULT;
            }
            call.ptr += 4;
            statBr(Br.BR_FAILED_REPLY.code());
            driver.listener().delivered(thread, Br.BR_FAILED_REPLY.code());
            return 0;
        }
        BinderTransactionData trd = new BinderTransactionData(targetNode != null ? targetNode.ptr : 0,
                targetNode != null ? targetNode.cookie : 0, t.code, t.flags, tFrom != null ? tFrom.proc.pid : 0,
                t.senderEuid, buf.dataSize(), buf.offsetsSize(), buf.userData(),
                buf.userData() + align8(buf.dataSize()));
        try {
            memory.writeInt(call.ptr, cmd.code());
        } catch (UserFault f) {
            cleanupTransaction(t, Br.BR_FAILED_REPLY.code());
            driver.listener().readFailed(thread, cmd.code(), -EFAULT);
            return -EFAULT;
        }
        call.ptr += 4;
        byte[] payload = cmd == Br.BR_TRANSACTION_SEC_CTX ? new BinderTransactionDataSecctx(trd, t.securityCtx).encode()
                : trd.encode();
        try {
            memory.write(call.ptr, payload);
        } catch (UserFault f) {
            cleanupTransaction(t, Br.BR_FAILED_REPLY.code());
            driver.listener().readFailed(thread, cmd.code(), -EFAULT);
            return -EFAULT;
        }
        call.ptr += payload.length;
        statBr(cmd.code());
        buf.setAllowUserFree(true);
        if (cmd != Br.BR_REPLY && (t.flags & TransactionFlags.TF_ONE_WAY) == 0) {
            t.toParent = thread.transactionStack;
            t.toThread = thread;
            thread.transactionStack = t;
        } else {
            freeTransaction(t);
        }
        driver.listener().delivered(thread, cmd.code());
        return 0;
    }

    /**
     * The NODE case of {@code binder_thread_read}: compare what holds the node now with what its
     * owner was told, update has_/pending_ (a newly told reference takes a local one, held until the
     * acknowledgement), free a node nothing holds, and write BR_INCREFS, BR_ACQUIRE, BR_RELEASE,
     * BR_DECREFS (those that apply, in this order) with the node's ptr and cookie. Returns 0 or
     * -EFAULT.
     */
    private int deliverNodeWork(BinderThread thread, ReadCall call, BinderNode node) {
        if (node.proc != this) {
            throw new IllegalStateException(node + " work read by proc " + pid);
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
            nodes.remove(node.ptr);
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
        for (int cmd : cmds) {
            try {
                memory.writeInt(call.ptr, cmd);
                call.ptr += 4;
                memory.writeLong(call.ptr, node.ptr);
                call.ptr += 8;
                memory.writeLong(call.ptr, node.cookie);
                call.ptr += 8;
            } catch (UserFault f) {
                driver.listener().readFailed(thread, cmd, -EFAULT);
                return -EFAULT;
            }
            statBr(cmd);
            written.add(cmd);
        }
        driver.listener().nodeWork(thread, node, written);
        return 0;
    }

    /**
     * The death cases of {@code binder_thread_read}: BR_DEAD_BINDER (the item moves to
     * delivered_death; returns 1, the read ends) or BR_CLEAR_DEATH_NOTIFICATION_DONE (the record is
     * freed; returns 0), each followed by the cookie. Returns -EFAULT on a fault.
     */
    private int deliverDeath(BinderThread thread, ReadCall call, BinderRefDeath death) {
        boolean clear = death.type == BinderRefDeath.Type.CLEAR_DEATH_NOTIFICATION;
        int cmd = clear ? Br.BR_CLEAR_DEATH_NOTIFICATION_DONE.code() : Br.BR_DEAD_BINDER.code();
        if (!clear) {
            BinderWork.enqueue(deliveredDeath, death.work);
        }
        try {
            memory.writeInt(call.ptr, cmd);
            call.ptr += 4;
            memory.writeLong(call.ptr, death.cookie);
            call.ptr += 8;
        } catch (UserFault f) {
            driver.listener().readFailed(thread, cmd, -EFAULT);
            return -EFAULT;
        }
        statBr(cmd);
        driver.listener().delivered(thread, cmd);
        return clear ? 0 : 1;
    }


    /**
     * {@code binder_apply_fd_fixups}, in the reader's process: reserve the lowest free descriptor for
     * each fixup in turn and write it into the buffer, then install them all. Returns 0, or -ENOMEM
     * (no descriptor left) / -EINVAL (the write failed), in which case the fixups are dropped.
     */
    private int applyFdFixups(BinderTransaction t) {
        List<Integer> fds = new ArrayList<>();
        int ret = 0;
        for (BinderTransaction.FdFixup f : t.fdFixups) {
            int fd = files.getUnusedFd();
            if (fd < 0) {
                ret = -12;
                break;
            }
            fds.add(fd);
            if (!copyToBuffer(this, t.buffer, f.offset(), Le.ofInt(fd))) {
                ret = -EINVAL;
                break;
            }
        }
        if (ret != 0) {
            for (int fd : fds) {
                files.putUnusedFd(fd);
            }
            t.freeFixups();
            return ret;
        }
        for (int i = 0; i < fds.size(); i++) {
            files.install(fds.get(i), t.fdFixups.get(i).file());
        }
        t.fdFixups.clear();
        return 0;
    }

    /** {@code binder_wakeup_proc_ilocked}: wake the most recent waiting thread (poll is not modelled). */
    void wakeupProc() {
        BinderThread thread = waitingThreads.pollFirst();
        if (thread != null) {
            thread.wakeUp();
        }
    }

    // ---------------------------------------------------------------------------------------
    // BINDER_THREAD_EXIT

    /**
     * {@code binder_thread_release}: remove the thread, detach its incoming calls and orphan its
     * outgoing ones, send BR_DEAD_REPLY to the caller of its top incoming call, and drain its todo.
     */
    void threadRelease(BinderThread thread) {
        threads.remove(thread.pid);
        BinderTransaction t = thread.transactionStack;
        BinderTransaction sendReply = t != null && t.toThread == thread ? t : null;
        thread.isDead = true;
        while (t != null) {
            if (t.toThread == thread) {
                outstandingTxns--;
                t.toProc = null;
                t.toThread = null;
                if (t.buffer != null) {
                    bufferTransaction.remove(t.buffer);
                    t.buffer = null;
                }
                t = t.toParent;
            } else if (t.from == thread) {
                t.from = null;
                t = t.fromParent;
            } else {
                throw new IllegalStateException(t + " on the stack of thread " + thread.pid + " is neither to nor from it");
            }
        }
        if (sendReply != null) {
            sendFailedReply(sendReply, Br.BR_DEAD_REPLY.code());
        }
        releaseWork(thread.todo);
    }

    /**
     * {@code binder_release_work}: drop every item; undelivered synchronous calls get BR_DEAD_REPLY,
     * death records that were cleared are freed, node work is dropped (the node's pending
     * notification is lost until its counts change again).
     */
    static void releaseWork(Deque<BinderWork> list) {
        for (BinderWork w = BinderWork.pollFirst(list); w != null; w = BinderWork.pollFirst(list)) {
            if (w instanceof BinderWork.Transaction tw) {
                cleanupTransaction(tw.transaction(), Br.BR_DEAD_REPLY.code());
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // buffer copies

    /**
     * {@code binder_alloc_copy_user_to_buffer}: copy {@code bytes} from this proc's memory at
     * {@code userAddress} into {@code buf} of {@code targetProc} at {@code bufferOffset}. Fails
     * (false) on the allocator's {@code check_buffer} (bounds, 4-byte alignment, state) or a fault.
     */
    boolean copyUserToBuffer(BinderProc targetProc, BinderBuffer buf, long bufferOffset, long userAddress,
                                     long bytes) {
        long extent = buf.extent();
        if (Long.compareUnsigned(bytes, extent) > 0 || Long.compareUnsigned(bufferOffset, extent - bytes) > 0
                || (bufferOffset & 3) != 0 || buf.isFree()
                || (buf.allowUserFree() && targetProc.bufferTransaction.get(buf) != null)) {
            return false;
        }
        if (bytes == 0) {
            return true;
        }
        byte[] data;
        try {
            data = memory.read(userAddress, (int) bytes);
        } catch (UserFault f) {
            return false;
        }
        targetProc.memory.kernelWrite(buf.userData() + bufferOffset, data);
        return true;
    }

    /**
     * {@code binder_get_object} on the sender's data at {@code dataBuffer}: the object's size, or
     * 0 when the offset is past data_size, fewer than 4 bytes remain, the offset is not 4-aligned,
     * the read faults, the type is unknown or the object does not fit in data_size.
     */
    int getObject(long dataBuffer, long dataSize, long offset) {
        long readSize = Long.compareUnsigned(dataSize - offset, BinderObjectType.BINDER_OBJECT_SIZE) < 0
                ? dataSize - offset : BinderObjectType.BINDER_OBJECT_SIZE;
        if (Long.compareUnsigned(offset, dataSize) > 0 || Long.compareUnsigned(readSize, 4) < 0 || (offset & 3) != 0) {
            return 0;
        }
        int type;
        try {
            type = memory.readInt(dataBuffer + offset);
            memory.read(dataBuffer + offset, (int) readSize);
        } catch (UserFault f) {
            return 0;
        }
        int objectSize = BinderObjectType.objectSize(type);
        if (objectSize == 0) {
            return 0;
        }
        return Long.compareUnsigned(offset, dataSize - objectSize) <= 0 && Long.compareUnsigned(dataSize, objectSize) >= 0
                ? objectSize : 0;
    }

    static long align8(long x) {
        return (x + 7) & ~7L;
    }

    // ---------------------------------------------------------------------------------------
    // observation

    public int pid() {
        return pid;
    }

    public int euid() {
        return euid;
    }

    public BinderContext context() {
        return context;
    }

    public UserMemory memory() {
        return memory;
    }

    /** The opener's descriptor table. */
    public FileTable files() {
        return files;
    }

    public BinderAlloc alloc() {
        return alloc;
    }

    /** The thread for {@code tid}, or null if it has not done an ioctl (or exited). */
    public BinderThread thread(int tid) {
        return threads.get(tid);
    }

    public List<BinderWork> todo() {
        return List.copyOf(todo);
    }

    /** The tids on {@code waiting_threads}, most recent first. */
    public List<Integer> waitingThreads() {
        List<Integer> out = new ArrayList<>();
        for (BinderThread t : waitingThreads) {
            out.add(t.pid);
        }
        return out;
    }

    public int outstandingTxns() {
        return outstandingTxns;
    }

    /** {@code binder_stat_br}: count a BR_ command written to this proc's reader. */
    private void statBr(int cmd) {
        if ((cmd & 0xff) < statsBr.length) {
            statsBr[cmd & 0xff]++;
        }
    }

    /** Pages are installed only by allocations: after each, {@code pages_high} covers every present page. */
    private void updatePagesHigh() {
        for (int i = alloc.pageCount() - 1; i >= pagesHigh; i--) {
            if (alloc.pageState(i) != bindercheck.impl.alloc.PageState.ABSENT) {
                pagesHigh = i + 1;
                return;
            }
        }
    }

    /** {@code proc->stats.bc}: how many BC_ commands with each {@code _IOC_NR} (0..18) this proc's threads issued. */
    public int[] bcStats() {
        return statsBc.clone();
    }

    /** {@code proc->stats.br}: how many BR_ commands with each {@code _IOC_NR} (0..19) this proc's threads read. */
    public int[] brStats() {
        return statsBr.clone();
    }

    /** {@code alloc->pages_high}. */
    public int pagesHigh() {
        return pagesHigh;
    }

    /** The number of threads in {@code proc->threads}. */
    public int threadCount() {
        return threads.size();
    }

    /** The number of nodes in {@code proc->nodes}. */
    public int nodeCount() {
        return nodes.size();
    }

    /** The BINDER_WORK_TRANSACTION items on {@code proc->todo} (stats' "pending transactions"). */
    public int pendingTransactions() {
        return (int) todo.stream().filter(w -> w instanceof BinderWork.Transaction).count();
    }

    public int maxThreads() {
        return maxThreads;
    }

    public int requestedThreads() {
        return requestedThreads;
    }

    public int requestedThreadsStarted() {
        return requestedThreadsStarted;
    }

    public boolean onewaySpamDetectionEnabled() {
        return onewaySpamDetectionEnabled;
    }

    /** The node with this ptr, or null. */
    public BinderNode node(long ptr) {
        return nodes.get(ptr);
    }

    /** The nodes in ptr order. */
    public List<BinderNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The ref with this handle, or null. */
    public BinderRef ref(int desc) {
        return refs.byDesc.get(desc);
    }

    /** The refs in handle order. */
    public List<BinderRef> refs() {
        return refs.inDescOrder();
    }

    /** The items on {@code delivered_death}. */
    public List<BinderWork> deliveredDeath() {
        return List.copyOf(deliveredDeath);
    }

    public boolean isDead() {
        return isDead;
    }

    /** The threads in tid order. */
    public List<BinderThread> threads() {
        return List.copyOf(threads.values());
    }
}
