package bindercheck.impl.driver;

import bindercheck.impl.alloc.BinderAlloc;
import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.UserMemory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code struct binder_proc}: one per open of a binder device, with its threads, its nodes, its
 * todo list and its buffer allocator, and the small helpers on that state ({@code
 * binder_get_thread}, {@code binder_new_node}, {@code binder_wakeup_proc_ilocked}). The public
 * methods are what user space reaches through the proc's file ({@code binder_fops}): their
 * bodies are {@link BinderFops} (mmap, ioctl), which runs {@link ThreadWrite} ({@code
 * binder_thread_write}), {@link TransactionSend} ({@code binder_transaction}) and {@link
 * ThreadRead} ({@code binder_thread_read}); closing goes through {@link BinderRelease}.
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
    /** {@code delivered_freeze} (6.12+): FROZEN_BINDER items read and awaiting BC_FREEZE_NOTIFICATION_DONE. */
    final Deque<BinderWork> deliveredFreeze = new ArrayDeque<>();
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
    /**
     * {@code stats.bc}: BC_ commands this proc's threads issued, by {@code _IOC_NR} (binder_thread_write); as many
     * slots as the version's header has commands (19 on 6.1, 22 with the freeze-notification commands).
     */
    final int[] statsBc;
    /** {@code stats.br}: BR_ commands this proc's threads received, by {@code _IOC_NR} ({@code binder_stat_br}). */
    final int[] statsBr;
    /** {@code alloc->pages_high}: one past the highest page index ever installed. */
    int pagesHigh;
    /** The file's O_NONBLOCK flag. */
    boolean nonBlock;
    /** {@code buffer->transaction} and {@code buffer->target_node} of this proc's buffers. */
    final BufferLinks bufferLinks = new BufferLinks();

    BinderProc(BinderDriver driver, BinderContext context, int pid, int euid, UserMemory memory, FileTable files) {
        this.driver = driver;
        this.context = context;
        this.pid = pid;
        this.euid = euid;
        this.memory = memory;
        this.files = files;
        this.alloc = new BinderAlloc(pid, BinderDriver.PAGE_SIZE, driver.lru());
        this.statsBc = new int[slots(Bc.known(driver.version()).stream().mapToInt(Bc::code))];
        this.statsBr = new int[slots(Br.known(driver.version()).stream().mapToInt(Br::code))];
        driver.procs.add(0, this);
    }

    // ---------------------------------------------------------------------------------------
    // the file's operations (bodies in BinderFops and BinderRelease)

    /** {@code binder_mmap}: see {@link BinderFops#mmap}. */
    public int mmap(long vmStart, long lengthBytes, int prot) {
        checkLive();
        return BinderFops.mmap(this, vmStart, lengthBytes, prot);
    }

    /** The munmap of this proc's binder mapping ({@code binder_vma_close}): see {@link BinderFops#vmaClose}. */
    public void munmap() {
        BinderFops.vmaClose(this);
    }

    /**
     * {@code binder_flush}, at every {@code close()} of a descriptor of this proc's file: queues the
     * deferred flush ({@link BinderDriver#runDeferredWork} runs it): each thread gets {@code
     * looper_need_return}, and the ones waiting in a read are woken (a woken read then returns with
     * what it has, at least BR_NOOP). Nothing once the proc is released.
     */
    public void fileFlush() {
        BinderFops.flush(this);
    }

    /**
     * {@code binder_release}, when the last reference to this proc's file goes (the last close with
     * no mapping left, munmap after close, process exit, the last transaction holding it as an fd):
     * queues the deferred release ({@link BinderRelease#procRelease}). No read of this proc may still
     * be blocked when it runs (the caller signals them first: a sleeping ioctl keeps the file alive).
     * Afterwards the proc is gone: any further call on it is a harness bug.
     */
    public void fileRelease() {
        checkLive();
        BinderFops.release(this);
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

    /** Set or clear the file's O_NONBLOCK flag ({@code fcntl(F_SETFL)}). */
    public void setNonBlock(boolean nonBlock) {
        this.nonBlock = nonBlock;
    }

    /** {@code binder_ioctl} from thread {@code tid}: see {@link BinderFops#ioctl}. */
    public IoctlResult ioctl(int tid, int cmd, long arg) {
        checkLive();
        return BinderFops.ioctl(this, tid, cmd, arg);
    }

    /** Run thread {@code tid}, blocked in a read, as the scheduler would: see {@link BinderFops#resume}. */
    public IoctlResult resume(int tid) {
        return BinderFops.resume(this, tid);
    }

    /** Deliver a signal to thread {@code tid}, blocked in a read: see {@link BinderFops#signal}. */
    public IoctlResult signal(int tid) {
        return BinderFops.signal(this, tid);
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

    // ---------------------------------------------------------------------------------------
    // helpers on the proc's state

    /** {@code binder_get_thread}: find or create the thread for {@code tid}. */
    BinderThread getThread(int tid) {
        return threads.computeIfAbsent(tid, t -> new BinderThread(this, t));
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

    /** {@code binder_wakeup_proc_ilocked}: wake the most recent waiting thread (poll is not modelled). */
    void wakeupProc() {
        BinderThread thread = waitingThreads.pollFirst();
        if (thread != null) {
            thread.wakeUp();
        }
    }

    /** {@code binder_alloc_free_buf}: zero the contents if TF_CLEAR_BUF, forget the buffer's links, free it. */
    void freeBuffer(BinderBuffer buffer) {
        if (buffer.clearOnFree()) {
            memory.kernelWrite(buffer.userData(), new byte[(int) buffer.extent()]);
        }
        bufferLinks.forget(buffer);
        alloc.free(buffer);
    }

    /** {@code binder_stat_br}: count a BR_ command written to this proc's reader. */
    void statBr(int cmd) {
        if ((cmd & 0xff) < statsBr.length) {
            statsBr[cmd & 0xff]++;
        }
    }

    /** Pages are installed only by allocations: after each, {@code pages_high} covers every present page. */
    void updatePagesHigh() {
        for (int i = alloc.pageCount() - 1; i >= pagesHigh; i--) {
            if (alloc.pageState(i) != bindercheck.impl.alloc.PageState.ABSENT) {
                pagesHigh = i + 1;
                return;
            }
        }
    }

    /** One past the highest {@code _IOC_NR} of {@code codes}: the size of a stats array over them. */
    private static int slots(java.util.stream.IntStream codes) {
        return codes.map(c -> (c & 0xff) + 1).max().orElse(0);
    }

    /** {@code ALIGN(x, sizeof(u64))}. */
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

    /** {@code proc->stats.bc}: how many BC_ commands with each {@code _IOC_NR} (0..18, 0..21 from 6.12) were issued. */
    public int[] bcStats() {
        return statsBc.clone();
    }

    /** {@code proc->stats.br}: how many BR_ commands with each {@code _IOC_NR} (0..19, 0..22 from 6.12) were read. */
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

    /** The items on {@code delivered_freeze} (always empty before 6.12). */
    public List<BinderWork> deliveredFreeze() {
        return List.copyOf(deliveredFreeze);
    }

    public boolean isDead() {
        return isDead;
    }

    /** The threads in tid order. */
    public List<BinderThread> threads() {
        return List.copyOf(threads.values());
    }
}
