package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDevice;
import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.DriverListener;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.Br;

import bindercheck.impl.wire.UserMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * The user-space side of a multi-process binder run on the Java driver: processes that opened and
 * mapped the device (process 0 holds the context manager), their threads, and what each thread
 * has learned from its reads (the buffers it received, in order, as the scenario language numbers
 * them: {@code rx=T:N}). {@link TxnOp}s run here as single ioctls; the driver reports its steps to
 * the {@link DriverListener} given at construction, which is where the checks hook in.
 *
 * <p>Every fd is non-blocking, so a read with nothing to do answers -EAGAIN and no thread ever
 * sleeps in the driver. Each thread makes a BINDER_VERSION call first, so that {@code
 * looper_need_return} is clear, as Binder.tla assumes.
 */
public final class TxnWorld {
    /** The scenario-language name of process {@code p}: M for the manager, then A, B, C, ... */
    public static String procName(int p) {
        return p == 0 ? "M" : String.valueOf((char) ('A' + p - 1));
    }

    /** The scenario-language name of thread {@code k} (1-based). */
    public static String threadName(int k) {
        return "t" + k;
    }

    static final long SCRATCH = 0x10_0000L;
    static final long SLOT = 0x4000;
    static final long MAP_BASE = 0x7000_0000L;
    static final int RW = UserMemory.PROT_READ | UserMemory.PROT_WRITE;
    /** Pids are 100, 200, ...; thread k of process p has tid pid + k. */
    static final int PID_STRIDE = 100;

    /** One process: its memory, its binder proc and its threads' knowledge. */
    public final class Proc {
        public final int index;
        public final String name;
        public final int pid;
        final UserMemory memory = new UserMemory();
        public final BinderProc binder;
        /** received.get(k - 1): the buffers thread k received, in order (rx numbers are 1-based). */
        final List<List<Long>> received = new ArrayList<>();
        /** The sync calls thread k has received and not yet answered (what a well-behaved server replies to). */
        final int[] unanswered;
        /** Freed rx numbers per thread, so a well-behaved free does not repeat. */
        final List<List<Boolean>> freed = new ArrayList<>();
        boolean exited;
        /** Node work this process was told of and has not acknowledged: (ptr, cookie) pairs. */
        final List<long[]> acks = new ArrayList<>();
        /** BR_DEAD_BINDER cookies received and not yet answered with BC_DEAD_BINDER_DONE. */
        final List<Long> deaths = new ArrayList<>();
        /** taken.get(h): the {strong, weak} counts this process took on handle h and has not dropped. */
        final java.util.Map<Integer, int[]> taken = new java.util.HashMap<>();
        /** handles[q]: this process's handle for process q's node (0 for the manager's), or -1 if it has none. */
        final int[] handles;
        /** blocked[k]: thread k is asleep in a blocking read; finished[k]: it returned and awaits its 'wait'. */
        final boolean[] blocked;
        final boolean[] finished;

        Proc(int index, int procCount) {
            this.index = index;
            this.name = procName(index);
            this.pid = PID_STRIDE * (index + 1);
            memory.map(SCRATCH, (threadsPerProc + 1) * SLOT, RW);
            binder = device.open(pid, 0, memory);
            binder.setNonBlock(true);
            int ret = binder.mmap(MAP_BASE, mapBytes, UserMemory.PROT_READ);
            if (ret != 0) {
                throw new IllegalStateException("mmap failed: " + ret);
            }
            unanswered = new int[threadsPerProc + 1];
            handles = new int[procCount];
            java.util.Arrays.fill(handles, -1);
            handles[0] = 0;
            blocked = new boolean[threadsPerProc + 1];
            finished = new boolean[threadsPerProc + 1];
            for (int k = 0; k <= threadsPerProc; k++) {
                received.add(new ArrayList<>());
                freed.add(new ArrayList<>());
            }
        }

        public int tid(int k) {
            return pid + k;
        }

        long slot(int k) {
            return SCRATCH + k * SLOT;
        }

        /** The number of buffers thread {@code k} has received. */
        public int receivedCount(int k) {
            return received.get(k).size();
        }

        /** Whether thread {@code k}'s buffer {@code rx} (1-based) was freed by a well-behaved free. */
        public boolean freed(int k, int rx) {
            return freed.get(k).get(rx - 1);
        }

        /** Whether thread {@code k} can start an operation (no blocking read of it is outstanding). */
        public boolean idle(int k) {
            return !blocked[k] && !finished[k];
        }

        /** Whether thread {@code k} has a blocking read outstanding (asleep, or returned and not yet collected). */
        public boolean waiting(int k) {
            return blocked[k] || finished[k];
        }

        /** This process's handle for process q's node, or -1. */
        public int handle(int q) {
            return handles[q];
        }

        /** The handles this process holds now (its refs' descriptors, as the objects it received told it). */
        public List<Integer> heldHandles() {
            List<Integer> out = new ArrayList<>();
            if (!exited) {
                for (bindercheck.impl.driver.BinderRef r : binder.refs()) {
                    out.add(r.desc());
                }
            }
            return out;
        }

        /** The strong (or weak) counts this process took on handle {@code h} with BC_ACQUIRE (BC_INCREFS) and holds. */
        public int taken(int h, boolean strong) {
            int[] t = taken.get(h);
            return t == null ? 0 : t[strong ? 0 : 1];
        }

        /** Books a count taken (+1) or dropped (-1) on handle {@code h}, as user space keeps track. */
        void took(int h, boolean strong, int delta) {
            int[] t = taken.computeIfAbsent(h, k -> new int[2]);
            t[strong ? 0 : 1] = Math.max(0, t[strong ? 0 : 1] + delta);
        }

        public List<long[]> acks() {
            return acks;
        }

        public List<Long> deaths() {
            return deaths;
        }

        public int unanswered(int k) {
            return unanswered[k];
        }

        public boolean exited() {
            return exited;
        }

        /** The user address of thread {@code k}'s buffer {@code rx}. */
        long rxAddress(int k, int rx) {
            return received.get(k).get(rx - 1);
        }
    }

    private final BinderDriver driver = new BinderDriver();
    private final BinderDevice device = driver.newDevice("binder");
    public final int threadsPerProc;
    public final long mapBytes;
    private final List<Proc> procs = new ArrayList<>();

    /**
     * {@code procs} processes of {@code threadsPerProc} threads each, every one with a mapping of
     * {@code mapBytes}; process 0 becomes the context manager. Steps of this set-up reach {@code
     * listener} too (none of them is a spec step: BINDER_VERSION and SET_CONTEXT_MGR only).
     */
    public TxnWorld(int procs, int threadsPerProc, long mapBytes, DriverListener listener) {
        this(procs, threadsPerProc, mapBytes, listener, w -> { });
    }

    /**
     * The same, calling {@code beforePrelude} once every process is open and the context manager is
     * set, before the prelude runs: where a check that starts at a spec's Init attaches.
     */
    public TxnWorld(int procs, int threadsPerProc, long mapBytes, DriverListener listener,
            java.util.function.Consumer<TxnWorld> beforePrelude) {
        if (procs < 2 || procs > 12 || threadsPerProc < 1 || threadsPerProc > 9) {
            throw new IllegalArgumentException("procs in 2..12 and threads in 1..9");
        }
        this.threadsPerProc = threadsPerProc;
        this.mapBytes = mapBytes;
        driver.setListener(listener);
        for (int p = 0; p < procs; p++) {
            this.procs.add(new Proc(p, procs));
        }
        for (Proc p : this.procs) {
            for (int k = 1; k <= threadsPerProc; k++) {
                ioctl(p, k, BinderIoctl.BINDER_VERSION, p.slot(k));
            }
        }
        Proc mgr = this.procs.get(0);
        int ret = ioctl(mgr, 1, BinderIoctl.BINDER_SET_CONTEXT_MGR, 0);
        if (ret != 0) {
            throw new IllegalStateException("SET_CONTEXT_MGR failed: " + ret);
        }
        beforePrelude.accept(this);
        for (TxnOp op : prelude(procs)) {
            op.apply(this);
        }
        for (Proc p : this.procs) {
            p.acks.clear(); // the prelude acknowledged them
        }
        for (Proc p : this.procs) {
            for (bindercheck.impl.driver.BinderRef ref : p.binder.refs()) {
                for (Proc q : this.procs) {
                    if (ref.node().proc() == q.binder) {
                        p.handles[q.index] = ref.desc();
                    }
                }
            }
        }
    }

    /** The node every client publishes: ptr and cookie. */
    public static long nodePtr(int p) {
        return 0x1000L * p;
    }

    /**
     * What the processes do before a run is checked, libbinder-style, so that every process holds a
     * handle on every other's node: each client publishes a node to the manager in a call (the
     * manager reads, takes the handle with BC_INCREFS and BC_ACQUIRE, replies, frees; the client
     * reads the reply and the node's BR_INCREFS / BR_ACQUIRE, frees, acknowledges); then, with three
     * or more processes, the manager hands each client the handles of the others in a call the
     * client answers (taking them the same way). Nothing is left in flight: the
     * state is Binder.tla's Init but for the nodes and refs (which Binder.tla takes as given).
     */
    static List<TxnOp> prelude(int procs) {
        List<TxnOp> ops = new ArrayList<>();
        for (int c = 1; c < procs; c++) {
            ops.add(new TxnOp.Call(c, 1, 0, false, 0, List.of(new TxnOp.Obj(
                    bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_BINDER, nodePtr(c), c))));
            ops.add(new TxnOp.Read(0, 1, 256));
            ops.add(new TxnOp.Acquire(0, 1, List.of(c)));
            ops.add(new TxnOp.Reply(0, 1, 0));
            ops.add(new TxnOp.Read(0, 1, 256));
            ops.add(new TxnOp.FreeRx(0, 1, 1, c));
            ops.add(new TxnOp.Read(c, 1, 256));
            ops.add(new TxnOp.FreeRx(c, 1, 1, 1));
            ops.add(new TxnOp.Read(c, 1, 256));
            ops.add(new TxnOp.NodeDone(c, 1, nodePtr(c), c));
            ops.add(new TxnOp.Read(c, 1, 256));
        }
        if (procs >= 3) {
            for (int c = 1; c < procs; c++) {
                List<TxnOp.Obj> others = new ArrayList<>();
                for (int q = 1; q < procs; q++) {
                    if (q != c) {
                        others.add(new TxnOp.Obj(bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_HANDLE, q, 0));
                    }
                }
                ops.add(new TxnOp.Call(0, 1, c, false, 0, others));
                ops.add(new TxnOp.Read(c, 1, 256));
                List<Integer> got = new ArrayList<>();
                for (int h = 1; h <= others.size(); h++) {
                    got.add(h);
                }
                ops.add(new TxnOp.Acquire(c, 1, got));
                ops.add(new TxnOp.Reply(c, 1, 0));
                ops.add(new TxnOp.Read(c, 1, 256));
                ops.add(new TxnOp.FreeRx(c, 1, 1, 2));
                ops.add(new TxnOp.Read(0, 1, 256));
                ops.add(new TxnOp.FreeRx(0, 1, 1, procs - 1 + c));
                ops.add(new TxnOp.Read(0, 1, 256));
            }
        }
        return ops;
    }

    /** The scenario's {@code exit}: blocked reads are interrupted, the mapping goes, the fd is flushed and released. */
    void exit(Proc p) {
        for (int k = 1; k <= threadsPerProc; k++) {
            if (p.blocked[k]) {
                p.binder.signal(p.tid(k));
            }
            p.blocked[k] = false;
            p.finished[k] = false;
        }
        p.binder.munmap();
        p.binder.flush();
        p.binder.release();
        p.exited = true;
        settle();
    }

    /** The constructor's set-up as scenario lines, in the order it does it. */
    public static List<String> setUpLines(int procs, int threadsPerProc, long mapBytes) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            out.add("process " + procName(p));
            out.add(procName(p) + "." + threadName(1) + ": mmap " + mapBytes);
        }
        for (int p = 0; p < procs; p++) {
            for (int k = 1; k <= threadsPerProc; k++) {
                out.add(procName(p) + "." + threadName(k) + ": version");
            }
        }
        out.add(procName(0) + "." + threadName(1) + ": set_context_mgr");
        for (TxnOp op : prelude(procs)) {
            out.add(op.line());
        }
        return out;
    }

    public List<Proc> procs() {
        return procs;
    }

    public Proc proc(int p) {
        return procs.get(p);
    }

    public int threadsPerProc() {
        return threadsPerProc;
    }

    public BinderDriver driver() {
        return driver;
    }

    private int ioctl(Proc p, int k, int cmd, long arg) {
        IoctlResult r = p.binder.ioctl(p.tid(k), cmd, arg);
        if (r.blocked()) {
            throw new IllegalStateException("a non-blocking fd blocked");
        }
        return r.ret();
    }

    /** BINDER_THREAD_EXIT from thread {@code k}; the thread's knowledge goes with it. */
    int threadExit(Proc p, int k) {
        int ret = ioctl(p, k, BinderIoctl.BINDER_THREAD_EXIT, 0);
        p.unanswered[k] = 0;
        settle();
        // A new thread with this tid starts fresh (looper_need_return set): clear it as at set-up.
        ioctl(p, k, BinderIoctl.BINDER_VERSION, p.slot(k));
        return ret;
    }

    /**
     * One BINDER_WRITE_READ from thread {@code k} of {@code p}: {@code write} as the write buffer
     * (its size, or {@code writeSize} if that is not negative), then a read of {@code readSize}
     * bytes. Returns the ioctl's answer; the BR_ words read are decoded into the thread's knowledge.
     */
    int writeRead(Proc p, int k, byte[] write, long writeSize, long readSize, byte[] payload) {
        return writeRead(p, k, write, writeSize, readSize, payload, false);
    }

    /**
     * {@link #writeRead}, as a blocking call if {@code block} (O_NONBLOCK cleared for it): a call
     * that falls asleep answers 0 and leaves the thread blocked until {@link #collect}.
     */
    int writeRead(Proc p, int k, byte[] write, long writeSize, long readSize, byte[] payload, boolean block) {
        long base = p.slot(k);
        long bwr = base;
        long wbuf = base + 0x100;
        long data = base + 0x800;
        long rbuf = base + 0x1000;
        if (payload != null) {
            p.memory.write(data, payload);
        }
        // Zeros after the commands: a command whose payload runs past write_size reads them (as the
        // kernel reads whatever follows), so what it reads does not depend on earlier writes.
        p.memory.write(wbuf, java.util.Arrays.copyOf(write, Math.max(write.length, 0x700)));
        BinderWriteRead req = new BinderWriteRead(writeSize >= 0 ? writeSize : write.length, 0, wbuf, readSize, 0, rbuf);
        req.write(p.memory, bwr);
        p.binder.setNonBlock(!block);
        IoctlResult r = p.binder.ioctl(p.tid(k), BinderIoctl.BINDER_WRITE_READ, bwr);
        p.binder.setNonBlock(true);
        if (r.blocked()) {
            p.blocked[k] = true;
            return 0;
        }
        if (readSize > 0) {
            learnRead(p, k);
        }
        settle();
        return r.ret();
    }

    private void learnRead(Proc p, int k) {
        BinderWriteRead done = BinderWriteRead.read(p.memory, p.slot(k));
        learn(p, k, p.memory.read(done.readBuffer(), (int) done.readConsumed()));
    }

    /**
     * What the kernel's scheduler does after each step, and the oracle's harness waits for: every
     * thread a step woke runs until its read returns or it sleeps again.
     */
    private void settle() {
        for (Proc p : procs) {
            for (int k = 1; k <= threadsPerProc; k++) {
                if (p.blocked[k] && !p.exited && p.binder.thread(p.tid(k)) != null && p.binder.thread(p.tid(k)).isWoken()) {
                    IoctlResult r = p.binder.resume(p.tid(k));
                    if (!r.blocked()) {
                        p.blocked[k] = false;
                        p.finished[k] = true;
                        learnRead(p, k);
                    }
                }
            }
        }
    }

    /** The scenario's {@code wait}: a returned blocking read is collected; an asleep one stays asleep. */
    boolean collect(Proc p, int k) {
        if (p.finished[k]) {
            p.finished[k] = false;
            return true;
        }
        return false;
    }

    private boolean standardFiles;

    /**
     * Gives every process descriptors 0, 1 and 2 (the harness's console), as each worker of the
     * kernel oracle has them, so that FD objects have files to send. Done once, before the first
     * FD or FDA object: received fds are installed from the lowest free descriptor up.
     */
    void openStandardFiles() {
        if (standardFiles) {
            return;
        }
        standardFiles = true;
        for (Proc p : procs) {
            bindercheck.impl.driver.FileTable.OpenFile console = new bindercheck.impl.driver.FileTable.OpenFile("console");
            for (int fd = 0; fd < 3; fd++) {
                p.binder.files().open(console);
            }
        }
    }

    /** Where the oracle's harness binary starts: its ELF header is what PTR and FDA objects point into. */
    public static final long IMAGE_BASE = 0x400000L;

    /** Maps the harness's ELF header at {@link #IMAGE_BASE} in {@code p}, as in every oracle worker (once). */
    void mapHarnessImage(Proc p) {
        if (!p.memory.accessible(IMAGE_BASE, 1, UserMemory.PROT_READ)) {
            bindercheck.properties.harness.ScenarioRunner.mapElfHeader(p.memory);
        }
    }

    /** Where {@link #writeRead}'s payload lands, for BC_TRANSACTION's data.ptr.buffer. */
    long payloadAddress(Proc p, int k) {
        return p.slot(k) + 0x800;
    }

    /** What user space learns from a read buffer: the buffers it now owns and the calls to answer. */
    private void learn(Proc p, int k, byte[] rd) {
        int off = 0;
        while (off + 4 <= rd.length) {
            int code = java.nio.ByteBuffer.wrap(rd).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(off);
            off += 4;
            Br br = Br.fromCode(code);
            if (br == null) {
                return;
            }
            if ((br == Br.BR_INCREFS || br == Br.BR_ACQUIRE) && off + 16 <= rd.length) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(rd).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                p.acks.add(new long[] {b.getLong(off), b.getLong(off + 8), br == Br.BR_ACQUIRE ? 1 : 0});
            }
            if (br == Br.BR_DEAD_BINDER && off + 8 <= rd.length) {
                p.deaths.add(java.nio.ByteBuffer.wrap(rd).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(off));
            }
            if ((br == Br.BR_TRANSACTION || br == Br.BR_REPLY) && off + BinderTransactionData.SIZE <= rd.length) {
                BinderTransactionData tr = BinderTransactionData.decode(rd, off);
                p.received.get(k).add(tr.dataBuffer());
                p.freed.get(k).add(false);
                if (br == Br.BR_TRANSACTION && (tr.flags() & bindercheck.impl.wire.TransactionFlags.TF_ONE_WAY) == 0) {
                    p.unanswered[k]++;
                }
            }
            off += br.payloadBytes();
        }
    }
}
