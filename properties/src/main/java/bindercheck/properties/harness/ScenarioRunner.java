package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDevice;
import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.FileTable;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.impl.wire.UserMemory;
import bindercheck.properties.scenario.BwrEncoder;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioNames;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays a parsed scenario on a fresh {@link BinderDriver}, as the kernel-oracle harness runs it on the real
 * driver (oracle.c {@code run_scenario}, {@code run_op}, {@code exec_op}, {@code worker_main}), and prints the
 * harness's normalized output through an {@link OutputFormatter}.
 *
 * <p>Determinism: process {@code i} (0-based, in declaration order) has pid {@code 1000 * (i + 1)}; its main
 * thread has tid = pid, and its other threads get pid + 1, pid + 2, ... in order of first use. Binder fd
 * {@code k} (in order of declaration) is mapped at {@code 0x7f0000000000 + k * 0x10000000}. Everything the
 * harness allocates per call (the bwr struct, the write buffer with 256 zero bytes of slack, each data/offsets
 * blob with 256 bytes of slack, the read buffer with 256 bytes of slack, or 64 KiB when read_size &lt; 4, ioctl
 * argument buffers) lives in a scratch area from {@code 0x10000000} up, page-aligned, with an unmapped page after
 * each; {@code guard=1} ends the write buffer exactly at that page. A call's scratch is unmapped when it returns.
 *
 * <p>Blocking: a {@code block=1} read clears the fd's O_NONBLOCK for the call; if the driver answers BLOCKED the
 * step prints {@code blocked}. After every step each blocked thread (processes in order, threads in order of
 * creation) is resumed until none makes progress; a finished call keeps its reply (snapshotted as the worker
 * does) until the thread's {@code wait}, which prints it, or {@code still_blocked}.
 *
 * <p>Files: each worker has a descriptor table modelled on the harness's (see {@link #startProcess}); binder files
 * are held by their descriptors (a received fd included) and mappings, and released by the last one. {@code close}
 * flushes the fd's proc; {@code munmap} drops the mapping's reference; {@code exit P} ends the process's blocked
 * reads (as its threads die), unmaps every mapped fd and closes every descriptor. The driver's workqueue (deferred
 * flush and release) runs after every step, as the harness waits for it. A step on a closed fd fails with -EBADF.
 * The harness binary's ELF header at {@code 0x400000}, the source of the golden scenarios' PTR and FDA data, is
 * mapped in every worker.
 *
 * <p>What the driver does not model yet fails the run with a {@link ScenarioException} {@code not modelled yet:
 * ...}: mmap with flags other than private or shared.
 */
public final class ScenarioRunner {
    private static final long MAP_BASE = 0x7f0000000000L;
    private static final long MAP_STRIDE = 0x10000000L;
    private static final long SCRATCH_BASE = 0x10000000L;
    private static final int PAGE = 4096;
    private static final int RW = UserMemory.PROT_READ | UserMemory.PROT_WRITE;

    private final Scenario scenario;
    private final OutputFormatter out;
    private final BinderDriver driver;
    private final BinderDevice device;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    /**
     * The harness's coordinator (the scenario runner forked from init): the console on 0-2, the results tty on 3,
     * /dev/kmsg on 4, and its end of each running worker's socket pair. Received fd numbers follow from it.
     */
    private final FileTable coordinator = new FileTable();
    private final Map<String, Fd> fds = new LinkedHashMap<>();
    private final List<Thr> threads = new ArrayList<>();
    private long scratchNext = SCRATCH_BASE;
    private int line;
    private final boolean observationGaps;

    private static final class Proc {
        final String name;
        final int pid;
        final UserMemory memory = new UserMemory();
        /** The worker's descriptors, a copy of the coordinator's at fork (see {@link #startProcess}). */
        FileTable files;
        /** The coordinator's end of the worker's socket pair (its fd in the coordinator). */
        int coordinatorSock;
        final List<Fd> fds = new ArrayList<>();
        int nextTid;
        boolean running = true;

        Proc(String name, int pid) {
            this.name = name;
            this.pid = pid;
            this.nextTid = pid + 1;
        }
    }

    private static final class Fd {
        final String name;
        final Proc proc;
        final int slot;
        final int index;
        BinderProc binder;
        /** The binder file and its descriptor in the process. */
        FileTable.OpenFile file;
        int num;
        boolean open;
        boolean mapped;
        long base;
        long size;

        Fd(String name, Proc proc, int slot, int index) {
            this.name = name;
            this.proc = proc;
            this.slot = slot;
            this.index = index;
        }
    }

    private static final class Thr {
        final Proc proc;
        final String name;
        final int tid;
        /** Received transaction buffers per fd slot ({@code rx}). */
        final Map<Integer, List<Long>> rx = new LinkedHashMap<>();
        boolean blocked;
        Fd blockedFd;
        PendingBwr pending;
        OutputFormatter.BwrReply done;

        Thr(Proc proc, String name, int tid) {
            this.proc = proc;
            this.name = name;
            this.tid = tid;
        }
    }

    /** A BINDER_WRITE_READ under way: where its struct and read buffer are, and its scratch to release. */
    private record PendingBwr(Fd fd, long bwrAddr, long rbuf, long rsize, long rslack, long rstart, boolean rptr,
            List<Long> scratch) {
    }

    /**
     * What a checker needs to follow a replay: the driver's steps, each binder fd as it is opened
     * (by name), and each thread as it is first used (process, name, tid).
     */
    public interface Observer extends bindercheck.impl.driver.DriverListener {
        @Override
        default void onStep(bindercheck.impl.driver.DriverStep step) {
        }

        default void opened(String fd, BinderProc proc) {
        }

        default void threadStarted(String process, String thread, int tid) {
        }

        /** Called before each step runs. */
        default void stepStarting(Step step) {
        }
    }

    private Observer observer = new Observer() {
    };

    /** Runs {@code scenario} like {@link #run(Scenario, Consumer)}, reporting its steps to {@code observer}. */
    public static void run(Scenario scenario, Consumer<String> sink, Observer observer) throws ScenarioException {
        ScenarioRunner r = new ScenarioRunner(scenario, sink, false);
        r.observer = observer;
        r.driver.setListener(observer);
        r.runAll();
    }

    /**
     * The same, with the driver's steps going to {@code listener} instead of the observer (which
     * then hears of fds, threads and steps only).
     */
    public static void run(Scenario scenario, Consumer<String> sink, Observer observer,
            bindercheck.impl.driver.DriverListener listener) throws ScenarioException {
        ScenarioRunner r = new ScenarioRunner(scenario, sink, false);
        r.observer = observer;
        r.driver.setListener(listener);
        r.runAll();
    }

    private ScenarioRunner(Scenario scenario, Consumer<String> sink, boolean observationGaps) {
        this.scenario = scenario;
        this.driver = new BinderDriver(securityContextFor(scenario));
        this.device = driver.newDevice("binder");
        FileTable.OpenFile console = new FileTable.OpenFile("console");
        for (int i = 0; i < 3; i++) {
            coordinator.open(console);
        }
        coordinator.open(new FileTable.OpenFile("/dev/ttyS1"));
        coordinator.open(new FileTable.OpenFile("/dev/kmsg"));
        this.observationGaps = observationGaps;
        this.out = new OutputFormatter(sink, new OutputFormatter.Context() {
            @Override
            public String pid(long pid) {
                return fmtPid(pid);
            }

            @Override
            public String addr(long address, Object ctxFd) {
                return fmtAddr(address, (Fd) ctxFd);
            }

            @Override
            public int rxAdd(Object thread, Object fd, long buffer) {
                List<Long> l = ((Thr) thread).rx.computeIfAbsent(((Fd) fd).slot, k -> new ArrayList<>());
                l.add(buffer);
                return l.size();
            }
        });
    }

    /**
     * The marker line of a scenario recorded with {@code run.sh --cmdline lsm=selinux}: replayed on a driver whose
     * LSM labels every sender "kernel" (SELinux with no policy), not on Debian's default.
     */
    public static final String SELINUX_MARKER = "# oracle: --cmdline lsm=selinux";

    /** The security context the scenario's kernel gave senders: "kernel" under the SELinux marker, else none. */
    static String securityContextFor(Scenario scenario) {
        try {
            Path file = scenario.file() == null ? null : Path.of(scenario.file());
            if (file != null && java.nio.file.Files.isRegularFile(file)) {
                for (String l : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                    if (l.strip().equals(SELINUX_MARKER)) {
                        return "kernel";
                    }
                }
            }
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            // unreadable here: the parser read it, so treat it as a default-LSM scenario
        }
        return null;
    }

    /** Parses and runs {@code file}, returning its output lines. */
    public static List<String> run(Path file) throws ScenarioException {
        List<String> lines = new ArrayList<>();
        run(ScenarioParser.parse(file), lines::add);
        return lines;
    }

    /** Runs {@code scenario}, handing each output line (without newline) to {@code sink} as it is produced. */
    public static void run(Scenario scenario, Consumer<String> sink) throws ScenarioException {
        new ScenarioRunner(scenario, sink, false).runAll();
    }

    /**
     * For checking the driver against recordings that contain {@code state}/{@code stats} dumps: like {@link
     * #run(Scenario, Consumer)}, but a {@code state} or {@code stats} step prints only its echo line, so that the
     * output can be compared with a recording whose dump lines were removed. A {@code state} dump still happens
     * (unprinted): it is not free of effects, since releasing the pin it takes on each node it prints re-checks the
     * node (which can re-queue node work lost to a thread exit). Never used to print a replay.
     */
    public static void runWithObservationGaps(Scenario scenario, Consumer<String> sink) throws ScenarioException {
        new ScenarioRunner(scenario, sink, true).runAll();
    }

    private void runAll() throws ScenarioException {
        for (Step st : scenario.steps()) {
            line = st.line();
            checkModelled(st);
            observer.stepStarting(st);
            st.echoLine().ifPresent(out::line);
            if (st instanceof Step.Process p) {
                startProcess(p);
            } else if (st instanceof Step.Exit e) {
                exitProcess(e);
            } else if (st instanceof Step.Open o) {
                openFd(o);
            } else if (st instanceof Step.OnThread t) {
                runOp(t);
            } else if (st instanceof Step.State s) {
                if (!observationGaps) {
                    state(s);
                } else {
                    bindercheck.impl.driver.BinderDebugfs.state(driver, liveBinders());
                }
            } else if (st instanceof Step.Stats s) {
                if (!observationGaps) {
                    stats(s);
                }
            }
            driver.runDeferredWork();
            settle();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // what is not modelled yet

    private void checkModelled(Step st) throws ScenarioException {
        if (st instanceof Step.OnThread t) {
            Op op = t.op();
            if (op instanceof Op.Mmap m) {
                if (m.flags() != Op.Mmap.MAP_PRIVATE && m.flags() != Op.Mmap.MAP_SHARED) {
                    throw notModelled("mmap flags=" + m.flags());
                }
            }
        }
    }

    private ScenarioException notModelled(String what) {
        return new ScenarioException(scenario.file(), line, "not modelled yet: " + what);
    }

    private ScenarioException harness(String what) {
        return new ScenarioException(scenario.file(), line, "HARNESS ERROR: " + what);
    }

    // ---------------------------------------------------------------------------------------------
    // processes, fds, threads

    /**
     * oracle.c {@code start_process}: a socket pair in the coordinator, fork (the worker inherits every descriptor),
     * the worker closes the other workers' sockets and the coordinator's end, the coordinator closes the worker's
     * end, and the worker opens /dev/binder at its lowest free descriptor.
     */
    private void startProcess(Step.Process p) {
        Proc proc = new Proc(p.name(), 1000 * (procs.size() + 1));
        mapElfHeader(proc.memory);
        int sv0 = coordinator.open(new FileTable.OpenFile("socket " + p.name() + " (coordinator)"));
        int sv1 = coordinator.open(new FileTable.OpenFile("socket " + p.name() + " (worker)"));
        proc.files = coordinator.fork();
        for (Proc other : procs.values()) {
            if (other.running) {
                proc.files.close(other.coordinatorSock);
            }
        }
        proc.files.close(sv0);
        coordinator.close(sv1);
        proc.coordinatorSock = sv0;
        procs.put(p.name(), proc);
        Fd fd = newFd(p.name(), proc);
        out.ret(0);
        fd.open = true;
    }

    private void openFd(Step.Open o) throws ScenarioException {
        Proc proc = procs.get(o.process());
        if (proc == null) {
            throw harness("process " + o.process() + " is not running");
        }
        Fd fd = newFd(o.fd(), proc);
        out.ret(0);
        fd.open = true;
    }

    /**
     * The first 64 bytes of the harness binary (static, non-PIE x86-64 ELF), mapped read-only at {@code 0x400000} in
     * every worker: the golden scenarios take PTR and FDA data from there (its u32 at offset 20 is 1, at 48 is 0, at
     * 52 is {@code 0x380040}). The rest of its first page reads as zeros here; no scenario looks at it.
     */
    private static final String ELF_HEADER = "7f454c4602010103000000000000000002003e00010000004039400000000000"
            + "4000000000000000f0cf0f00000000000000000040003800" + "0a0040001e001d00";
    private static final long ELF_BASE = 0x400000L;

    public static void mapElfHeader(UserMemory memory) {
        memory.map(ELF_BASE, PAGE, UserMemory.PROT_READ);
        byte[] b = new byte[ELF_HEADER.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(ELF_HEADER.substring(2 * i, 2 * i + 2), 16);
        }
        memory.kernelWrite(ELF_BASE, b);
    }

    private Fd newFd(String name, Proc proc) {
        Fd fd = new Fd(name, proc, proc.fds.size(), fds.size());
        fd.binder = device.open(proc.pid, 0, proc.memory, proc.files);
        fd.binder.setNonBlock(true);
        observer.opened(name, fd.binder);
        fd.file = fd.binder.newFile("binder " + name);
        fd.num = proc.files.open(fd.file);
        proc.fds.add(fd);
        fds.put(name, fd);
        return fd;
    }

    /**
     * oracle.c {@code exit_process}: the worker exits. Its threads die (a blocked read ends, its result lost), its
     * mappings go (vma close, dropping the mapping's reference to the file), then every descriptor is closed in
     * order (each binder file is flushed and, at its last reference, released: the workqueue then runs the queued
     * procs most recent first), and the coordinator closes its end of the socket.
     */
    private void exitProcess(Step.Exit e) throws ScenarioException {
        Proc proc = procs.get(e.process());
        if (proc == null || !proc.running) {
            throw harness("process " + e.process() + " is not running");
        }
        for (Thr t : threads) {
            if (t.proc == proc && t.blocked) {
                if (t.done == null) {
                    t.blockedFd.binder.signal(t.tid);
                    t.blockedFd.file.put();
                }
                t.blocked = false;
                t.done = null;
                t.pending = null;
            }
        }
        for (Fd fd : proc.fds) {
            if (fd.mapped) {
                fd.binder.munmap();
                fd.mapped = false;
                fd.file.put();
            }
        }
        for (int num : proc.files.openFds()) {
            proc.files.close(num);
        }
        for (Fd fd : proc.fds) {
            fd.open = false;
        }
        coordinator.close(proc.coordinatorSock);
        proc.running = false;
    }

    /** {@code close} of a binder fd: the descriptor goes (a flush), and the file is released if nothing else holds it. */
    private void close(Fd fd) {
        if (!fd.open) {
            out.ret(-9);
            return;
        }
        fd.open = false;
        fd.proc.files.close(fd.num);
        out.ret(0);
    }

    private Thr thread(Step.OnThread t) throws ScenarioException {
        Proc proc = procs.get(t.process());
        if (proc == null || !proc.running) {
            throw harness("process " + t.process() + " is not running");
        }
        for (Thr th : threads) {
            if (th.proc == proc && th.name.equals(t.thread())) {
                return th;
            }
        }
        Thr th = new Thr(proc, t.thread(), t.onMain() ? proc.pid : proc.nextTid++);
        threads.add(th);
        observer.threadStarted(proc.name, th.name, th.tid);
        return th;
    }

    // ---------------------------------------------------------------------------------------------
    // thread steps

    private void runOp(Step.OnThread st) throws ScenarioException {
        Thr thr = thread(st);
        Fd fd = fds.get(st.binderFd());
        if (fd == null) {
            throw harness("unknown fd " + st.binderFd());
        }
        Op op = st.op();
        if (op instanceof Op.Wait) {
            if (!thr.blocked) {
                throw harness("thread " + thr.name + " has no blocked call");
            }
            if (thr.done == null) {
                out.line("still_blocked");
            } else {
                OutputFormatter.BwrReply r = thr.done;
                thr.done = null;
                thr.blocked = false;
                out.bwr(r, thr.blockedFd, thr);
            }
            return;
        }
        if (thr.blocked) {
            throw harness("thread " + thr.name + " is blocked in a previous call");
        }
        UserMemory mem = fd.proc.memory;
        BinderProc bp = fd.binder;
        if (op instanceof Op.Munmap) {
            if (!fd.mapped) {
                out.ret(-22);
            } else {
                fd.binder.munmap();
                fd.mapped = false;
                fd.file.put();
                out.ret(0);
            }
        } else if (op instanceof Op.Close) {
            close(fd);
        } else if (!fd.open) {
            closedFd(fd, thr, op);
        } else if (op instanceof Op.Mmap m) {
            mmap(fd, m);
        } else if (op instanceof Op.Version) {
            byte[] r = ioctl(fd, thr, ScenarioNames.BINDER_VERSION, new byte[4]);
            out.version(lastRet, r);
        } else if (op instanceof Op.SetMaxThreads s) {
            ioctl(fd, thr, ScenarioNames.BINDER_SET_MAX_THREADS, le32(s.maxThreads()));
            out.ret(lastRet);
        } else if (op instanceof Op.SetContextMgr) {
            ioctl(fd, thr, ScenarioNames.BINDER_SET_CONTEXT_MGR, new byte[4]);
            out.ret(lastRet);
        } else if (op instanceof Op.SetContextMgrExt e) {
            byte[] fo = new byte[24];
            put32(fo, 0, e.type());
            put32(fo, 4, e.flags());
            put64(fo, 8, e.binder());
            put64(fo, 16, e.cookie());
            ioctl(fd, thr, ScenarioNames.BINDER_SET_CONTEXT_MGR_EXT, fo);
            out.ret(lastRet);
        } else if (op instanceof Op.ThreadExit) {
            ioctl(fd, thr, ScenarioNames.BINDER_THREAD_EXIT, new byte[4]);
            out.ret(lastRet);
        } else if (op instanceof Op.GetExtendedError) {
            byte[] r = ioctl(fd, thr, ScenarioNames.BINDER_GET_EXTENDED_ERROR, new byte[12]);
            out.extendedError(lastRet, r);
        } else if (op instanceof Op.GetNodeDebugInfo g) {
            byte[] a = new byte[24];
            put64(a, 0, g.ptr());
            byte[] r = ioctl(fd, thr, ScenarioNames.BINDER_GET_NODE_DEBUG_INFO, a);
            out.ret(lastRet);
            if (lastRet >= 0) {
                out.line("node_debug_info ptr=0x" + Long.toHexString(OutputFormatter.le64(r, 0)) + " cookie=0x"
                        + Long.toHexString(OutputFormatter.le64(r, 8)) + " has_strong_ref="
                        + Integer.toUnsignedString(OutputFormatter.le32(r, 16)) + " has_weak_ref="
                        + Integer.toUnsignedString(OutputFormatter.le32(r, 20)));
            }
        } else if (op instanceof Op.GetNodeInfoForRef g) {
            byte[] a = new byte[24];
            put32(a, 0, g.handle());
            byte[] r = ioctl(fd, thr, ScenarioNames.BINDER_GET_NODE_INFO_FOR_REF, a);
            out.ret(lastRet);
            if (lastRet >= 0) {
                out.line("node_info strong_count=" + Integer.toUnsignedString(OutputFormatter.le32(r, 4))
                        + " weak_count=" + Integer.toUnsignedString(OutputFormatter.le32(r, 8)));
            }
        } else if (op instanceof Op.Freeze f) {
            byte[] a = new byte[12];
            put32(a, 0, pidOf(f.process()));
            put32(a, 4, f.enable());
            put32(a, 8, f.timeoutMs());
            ioctl(fd, thr, ScenarioNames.BINDER_FREEZE, a);
            out.ret(lastRet);
        } else if (op instanceof Op.GetFrozenInfo g) {
            byte[] a = new byte[12];
            put32(a, 0, pidOf(g.process()));
            byte[] r = ioctl(fd, thr, ScenarioNames.BINDER_GET_FROZEN_INFO, a);
            out.ret(lastRet);
            if (lastRet >= 0) {
                out.line("frozen_info sync_recv=" + Integer.toUnsignedString(OutputFormatter.le32(r, 4))
                        + " async_recv=" + Integer.toUnsignedString(OutputFormatter.le32(r, 8)));
            }
        } else if (op instanceof Op.EnableOnewaySpamDetection e) {
            ioctl(fd, thr, ScenarioNames.BINDER_ENABLE_ONEWAY_SPAM_DETECTION, le32(e.enable()));
            out.ret(lastRet);
        } else if (op instanceof Op.Ioctl io) {
            byte[] r;
            if (io.immediate().isPresent()) {
                IoctlResult res = bp.ioctl(thr.tid, (int) io.cmd(), io.immediate().getAsLong());
                lastRet = returned(res);
                r = io.arg();
            } else {
                r = ioctl(fd, thr, (int) io.cmd(), io.arg());
            }
            out.genericIoctl(lastRet, r);
        } else if (op instanceof Op.Bwr b) {
            bwr(fd, thr, b, mem);
        } else {
            throw notModelled(op.getClass().getSimpleName());
        }
    }

    /**
     * A step on a closed fd: the system call fails with -EBADF before reaching the driver; the harness prints what
     * it prints for that verb, with its argument buffer unchanged.
     */
    private void closedFd(Fd fd, Thr thr, Op op) throws ScenarioException {
        lastRet = -9;
        if (op instanceof Op.Version) {
            out.version(lastRet, new byte[4]);
        } else if (op instanceof Op.GetExtendedError) {
            out.extendedError(lastRet, new byte[12]);
        } else if (op instanceof Op.Ioctl io) {
            out.genericIoctl(lastRet, io.arg());
        } else if (op instanceof Op.Bwr b) {
            // The struct is not copied back: the harness prints the consumed counts it passed in.
            out.bwr(new OutputFormatter.BwrReply(lastRet, b.options().writeStart(), b.options().readStart(),
                    new byte[0], List.of()), fd, thr);
        } else {
            out.ret(lastRet);
        }
    }

    /** The pid of a declared process (the harness resolves the name when it parses the scenario). */
    private int pidOf(String process) throws ScenarioException {
        Proc p = procs.get(process);
        if (p == null) {
            throw harness("unknown process " + process);
        }
        return p.pid;
    }

    private long lastRet;

    private long returned(IoctlResult r) throws ScenarioException {
        if (r.blocked()) {
            throw harness("non-blocking ioctl blocked");
        }
        return r.ret();
    }

    /** An ioctl with a heap argument buffer of {@code arg.length} bytes (8 when empty); returns the buffer after. */
    private byte[] ioctl(Fd fd, Thr thr, int cmd, byte[] arg) throws ScenarioException {
        int alen = arg.length != 0 ? arg.length : 8;
        UserMemory mem = fd.proc.memory;
        long a = scratch(mem, alen);
        mem.write(a, arg);
        lastRet = returned(fd.binder.ioctl(thr.tid, cmd, a));
        byte[] back = mem.read(a, arg.length);
        release(mem, List.of(a));
        return back;
    }

    private void mmap(Fd fd, Op.Mmap m) {
        int ret;
        if (m.size() == 0) {
            ret = -22;
        } else {
            long len = (m.size() + PAGE - 1) / PAGE * PAGE;
            long base = MAP_BASE + fd.index * MAP_STRIDE;
            ret = fd.binder.mmap(base, len, (int) (m.prot() & RW));
            if (ret == 0) {
                fd.base = base;
                fd.size = m.size();
                fd.mapped = true;
                fd.file.get();
            }
        }
        out.ret(ret);
    }

    private void bwr(Fd fd, Thr thr, Op.Bwr b, UserMemory mem) throws ScenarioException {
        Op.BwrOptions o = b.options();
        BwrEncoder.EncodedWrite enc;
        try {
            enc = encode(fd, thr, b);
        } catch (IllegalStateException e) {
            throw harness(e.getMessage());
        }
        byte[] w = enc.bytes();
        List<Long> scratch = new ArrayList<>();
        long wcopy;
        if (o.guard()) {
            long need = ((long) w.length + PAGE - 1) / PAGE * PAGE;
            long wmem = scratchRegion(mem, need, scratch);
            wcopy = wmem + need - w.length;
        } else {
            wcopy = scratchRegion(mem, w.length + 256L, scratch);
        }
        List<Long> blobAddrs = new ArrayList<>();
        for (BwrEncoder.Fixup f : enc.fixups()) {
            long a = scratchRegion(mem, f.blob().length + 256L, scratch);
            mem.write(a, f.blob());
            blobAddrs.add(a);
        }
        for (int i = 0; i < enc.fixups().size(); i++) {
            long v = blobAddrs.get(i);
            put64(w, enc.fixups().get(i).position(), v);
        }
        if (w.length > 0) {
            mem.write(wcopy, w);
        }
        long rsize = o.read();
        long rslack = rsize < 4 ? 65536 : 256;
        long rbuf = scratchRegion(mem, rsize + rslack, scratch);
        byte[] s = new byte[48];
        put64(s, 0, o.writeSize().orElse(w.length));
        put64(s, 8, o.writeStart());
        put64(s, 16, o.writePtr().orElse(wcopy));
        put64(s, 24, rsize);
        put64(s, 32, o.readStart());
        put64(s, 40, o.readPtr().orElse(rbuf));
        long bwrAddr = scratchRegion(mem, 48, scratch);
        mem.write(bwrAddr, s);
        PendingBwr pending = new PendingBwr(fd, bwrAddr, rbuf, rsize, rslack, o.readStart(), o.readPtr().isPresent(),
                scratch);
        if (o.block()) {
            fd.binder.setNonBlock(false);
        }
        IoctlResult r = fd.binder.ioctl(thr.tid, ScenarioNames.BINDER_WRITE_READ, bwrAddr);
        if (o.block()) {
            fd.binder.setNonBlock(true);
        }
        if (r.blocked()) {
            if (!o.block()) {
                throw harness("thread " + thr.name + ": call did not return");
            }
            out.line("blocked");
            fd.file.get();
            thr.blocked = true;
            thr.blockedFd = fd;
            thr.pending = pending;
            return;
        }
        out.bwr(complete(pending, r.ret()), fd, thr);
    }

    private BwrEncoder.EncodedWrite encode(Fd fd, Thr thr, Op.Bwr b) {
        return BwrEncoder.encode(b, new BwrEncoder.AddressResolver() {
            @Override
            public long rx(Command.FreeTarget.Rx rx) {
                Thr t = thr;
                if (rx.thread().isPresent()) {
                    t = null;
                    for (Thr th : threads) {
                        if (th.proc == thr.proc && th.name.equals(rx.thread().get())) {
                            t = th;
                        }
                    }
                    if (t == null) {
                        throw new IllegalStateException("rx=" + rx.thread().get() + ":" + rx.n() + ": unknown thread "
                                + rx.thread().get());
                    }
                }
                List<Long> l = t.rx.getOrDefault(fd.slot, List.of());
                if (rx.n() > l.size()) {
                    throw new IllegalStateException("rx=" + (rx.thread().isPresent() ? rx.thread().get() + ":" : "")
                            + rx.n() + ": thread " + t.name + " has received only " + l.size()
                            + " transactions on " + fd.name);
                }
                return l.get((int) rx.n() - 1);
            }

            @Override
            public long off(Command.FreeTarget.Off off) {
                if (!fd.mapped) {
                    throw new IllegalStateException("FREE_BUFFER off=: fd " + fd.name + " is not mapped");
                }
                return fd.base + off.offset();
            }
        });
    }

    /** The worker's reply to a finished bwr (exec_op OP_BWR, make_snaps); releases its scratch. */
    private OutputFormatter.BwrReply complete(PendingBwr p, long ret) {
        UserMemory mem = p.fd().proc.memory;
        long writeConsumed = mem.readLong(p.bwrAddr() + 8);
        long readConsumed = mem.readLong(p.bwrAddr() + 32);
        byte[] payload = new byte[0];
        List<OutputFormatter.Snap> snaps = new ArrayList<>();
        if (!p.rptr()) {
            long lo = p.rstart();
            long hi = readConsumed;
            if (Long.compareUnsigned(hi, p.rsize() + p.rslack()) > 0) {
                hi = p.rsize() + p.rslack();
            }
            if (Long.compareUnsigned(lo, hi) < 0) {
                payload = mem.read(p.rbuf() + lo, (int) (hi - lo));
                snaps = makeSnaps(p.fd().proc, payload);
            }
        }
        release(mem, p.scratch());
        return new OutputFormatter.BwrReply(ret, writeConsumed, readConsumed, payload, snaps);
    }

    private List<OutputFormatter.Snap> makeSnaps(Proc proc, byte[] rd) {
        List<OutputFormatter.Snap> snaps = new ArrayList<>();
        int n = rd.length;
        int off = 0;
        while (off + 4 <= n) {
            int cmd = OutputFormatter.le32(rd, off);
            off += 4;
            int sz = (cmd >>> 16) & 0x3fff;
            if (off + sz > n) {
                break;
            }
            String name = OutputFormatter.brName(cmd);
            if ("BR_TRANSACTION".equals(name) || "BR_REPLY".equals(name) || "BR_TRANSACTION_SEC_CTX".equals(name)) {
                long dataSize = OutputFormatter.le64(rd, off + 32);
                long offsetsSize = OutputFormatter.le64(rd, off + 40);
                long buffer = OutputFormatter.le64(rd, off + 48);
                long offsets = OutputFormatter.le64(rd, off + 56);
                long sec = "BR_TRANSACTION_SEC_CTX".equals(name) ? OutputFormatter.le64(rd, off + 64) : 0;
                int valid = 0;
                long fnv = 0;
                byte[] d = new byte[0];
                byte[] o = new byte[0];
                byte[] sc = new byte[0];
                if (readable(proc, buffer, dataSize)) {
                    byte[] all = proc.memory.kernelRead(buffer, (int) dataSize);
                    d = java.util.Arrays.copyOf(all, (int) Math.min(dataSize, OutputFormatter.SNAP_CAP));
                    fnv = OutputFormatter.fnv1a(all);
                    valid |= 1;
                }
                if (readable(proc, offsets, offsetsSize)) {
                    o = proc.memory.kernelRead(offsets, (int) Math.min(offsetsSize, OutputFormatter.SNAP_CAP));
                    valid |= 2;
                }
                if (sec != 0 && readable(proc, sec, 1)) {
                    int len = 0;
                    while (len < 255 && readable(proc, sec + len, 1) && proc.memory.kernelRead(sec + len, 1)[0] != 0) {
                        len++;
                    }
                    sc = proc.memory.kernelRead(sec, len);
                    valid |= 4;
                }
                snaps.add(new OutputFormatter.Snap(buffer, dataSize, offsetsSize, fnv, d, o, sc, valid));
            }
            off += sz;
        }
        return snaps;
    }

    /** oracle.c {@code w_readable}: inside one of the process's binder mappings (as requested, not rounded). */
    private static boolean readable(Proc proc, long addr, long len) {
        for (Fd f : proc.fds) {
            if (f.mapped && Long.compareUnsigned(addr, f.base) >= 0
                    && Long.compareUnsigned(addr + len, f.base + f.size) <= 0
                    && Long.compareUnsigned(addr + len, addr) >= 0) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // settling blocked threads (sync_blocked / OP_SYNC)

    /**
     * Resume woken threads until none makes progress. A sleeping ioctl holds a reference to its file (the worker's
     * descriptor table is shared by its threads, so {@code fdget} takes one): it is dropped when the call returns,
     * which may release the file, and the workqueue then runs again.
     */
    private void settle() {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Proc proc : procs.values()) {
                for (Thr t : threads) {
                    if (t.proc != proc || !t.blocked || t.done != null) {
                        continue;
                    }
                    IoctlResult r = t.blockedFd.binder.resume(t.tid);
                    if (!r.blocked()) {
                        t.done = complete(t.pending, r.ret());
                        t.pending = null;
                        t.blockedFd.file.put();
                        progress = true;
                    }
                }
            }
            if (driver.hasDeferredWork()) {
                driver.runDeferredWork();
                progress = true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // state (print_state with stats=0, norm_state_line)

    private void state(Step.State st) throws ScenarioException {
        List<Proc> filter = new ArrayList<>();
        for (String name : st.processes()) {
            Proc p = procs.get(name);
            if (p == null) {
                throw harness("unknown process " + name);
            }
            filter.add(p);
        }
        List<BinderProc> binders = liveBinders();
        List<String> text;
        try {
            text = bindercheck.impl.driver.BinderDebugfs.state(driver, binders);
        } catch (IllegalStateException e) {
            throw notModelled("state with " + e.getMessage());
        }
        Map<Proc, Integer> seen = new java.util.HashMap<>();
        Fd sectFd = null;
        boolean show = true;
        for (String l : text) {
            if (l.startsWith("proc ")) {
                long pid = Long.parseLong(l.substring(5).trim());
                Proc p = procByPid(pid);
                String label;
                if (p == null) {
                    sectFd = null;
                    label = "proc pid?" + pid;
                } else {
                    int k = seen.merge(p, 1, Integer::sum) - 1;
                    List<Fd> live = new ArrayList<>(p.fds);
                    live.removeIf(f -> f.binder.isReleased());
                    java.util.Collections.reverse(live);
                    if (k < live.size()) {
                        sectFd = live.get(k);
                        label = "proc " + sectFd.name;
                    } else {
                        sectFd = p.fds.get(0);
                        label = "proc " + p.name + "?";
                    }
                }
                show = filter.isEmpty() || filter.contains(p);
                if (show) {
                    out.line(label);
                }
                continue;
            }
            if (l.equals("binder state:") || l.equals("dead nodes:")) {
                sectFd = null;
                show = filter.isEmpty() || l.equals("binder state:");
                if (show) {
                    out.line(l);
                }
                continue;
            }
            if (show) {
                out.line(normStateLine(l, sectFd));
            }
        }
    }

    /** The binder procs on {@code binder_procs}, newest open first. */
    private List<BinderProc> liveBinders() {
        List<Fd> order = new ArrayList<>(fds.values());
        java.util.Collections.reverse(order);
        List<BinderProc> binders = new ArrayList<>();
        for (Fd fd : order) {
            if (!fd.binder.isReleased()) {
                binders.add(fd.binder);
            }
        }
        return binders;
    }

    private Proc procByPid(long pid) {
        for (Proc p : procs.values()) {
            if (p.pid == pid && pid > 0) {
                return p;
            }
        }
        return null;
    }

    private static boolean isNum(String s, boolean allowColon) {
        int i = 0;
        if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
            return false;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == s.length() || (allowColon && s.charAt(i) == ':' && i + 1 == s.length());
    }

    /** Leading decimal digits as strtol reads them (0 when there are none). */
    private static long strtol(String s) {
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i++) - '0');
        }
        return neg ? -v : v;
    }

    private static long strtoull16(String s) {
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                break;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private String fmtTid(long tid) {
        if (tid == 0) {
            return "0";
        }
        for (Thr t : threads) {
            if (t.tid == tid && tid > 0) {
                return t.name;
            }
        }
        return "tid?" + tid;
    }

    private static String fmtId(long id) {
        return id <= 0 ? "?" + id : Long.toString(id);
    }

    /** oracle.c {@code norm_state_line}. */
    private String normStateLine(String line, Fd sectFd) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        String[] tok = java.util.Arrays.stream(line.substring(indent).split(" ")).filter(x -> !x.isEmpty())
                .toArray(String[]::new);
        StringBuilder o = new StringBuilder(" ".repeat(indent));
        int nt = tok.length;
        if (nt == 0) {
            return o.toString();
        }
        boolean isRef = tok[0].equals("ref");
        boolean isNode = tok[0].equals("node") && nt > 1 && isNum(tok[1], true);
        for (int i = 0; i < nt; i++) {
            String w = tok[i];
            if (i > 0) {
                o.append(' ');
            }
            o.append(w);
            if (i + 1 >= nt) {
                continue;
            }
            String nx = tok[i + 1];
            if (w.equals("transaction") && isNum(nx, true)) {
                o.append(' ').append(fmtId(strtol(nx))).append(':');
                i++;
                if (i + 1 < nt && tok[i + 1].length() == 16) {
                    i++;
                }
                continue;
            }
            if ((w.equals("node") || w.equals("ref") || w.equals("buffer") || w.equals("work")) && isNum(nx, true)) {
                boolean colon = nx.endsWith(":");
                o.append(' ').append(fmtId(strtol(nx)));
                if (colon) {
                    o.append(':');
                }
                i++;
                if (w.equals("buffer") && colon && i + 1 < nt) {
                    o.append(' ').append(fmtAddr(strtoull16(tok[i + 1]), sectFd));
                    i++;
                }
                continue;
            }
            if (w.equals("thread") && isNum(nx, true)) {
                o.append(' ').append(fmtTid(strtol(nx))).append(':');
                i++;
                continue;
            }
            if ((w.equals("from") || w.equals("to")) && nx.indexOf(':') >= 0) {
                long a = strtol(nx);
                long b = strtol(nx.substring(nx.indexOf(':') + 1));
                o.append(' ').append(fmtPid(a)).append(':').append(fmtTid(b));
                i++;
                continue;
            }
            if (w.equals("data") && nx.length() == 16) {
                o.append(' ').append(fmtAddr(strtoull16(nx), sectFd));
                i++;
                continue;
            }
            if (isRef && w.equals("d") && i + 1 == nt - 1) {
                o.append(' ').append(strtoull16(nx) != 0 ? "death" : "null");
                i++;
                continue;
            }
            if (isNode && w.equals("proc")) {
                for (i = i + 1; i < nt; i++) {
                    o.append(' ').append(fmtPid(strtol(tok[i])));
                }
                break;
            }
        }
        return o.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // stats (print_state with stats=1; print_binder_proc_stats)

    private static final String[] BC_NAMES = {"BC_TRANSACTION", "BC_REPLY", "BC_ACQUIRE_RESULT", "BC_FREE_BUFFER",
        "BC_INCREFS", "BC_ACQUIRE", "BC_RELEASE", "BC_DECREFS", "BC_INCREFS_DONE", "BC_ACQUIRE_DONE",
        "BC_ATTEMPT_ACQUIRE", "BC_REGISTER_LOOPER", "BC_ENTER_LOOPER", "BC_EXIT_LOOPER",
        "BC_REQUEST_DEATH_NOTIFICATION", "BC_CLEAR_DEATH_NOTIFICATION", "BC_DEAD_BINDER_DONE", "BC_TRANSACTION_SG",
        "BC_REPLY_SG"};
    private static final String[] BR_NAMES = {"BR_ERROR", "BR_OK", "BR_TRANSACTION", "BR_REPLY", "BR_ACQUIRE_RESULT",
        "BR_DEAD_REPLY", "BR_TRANSACTION_COMPLETE", "BR_INCREFS", "BR_ACQUIRE", "BR_RELEASE", "BR_DECREFS",
        "BR_ATTEMPT_ACQUIRE", "BR_NOOP", "BR_SPAWN_LOOPER", "BR_FINISHED", "BR_DEAD_BINDER",
        "BR_CLEAR_DEATH_NOTIFICATION_DONE", "BR_FAILED_REPLY", "BR_FROZEN_REPLY", "BR_ONEWAY_SPAM_SUSPECT"};

    /**
     * The per-process part of debugfs {@code stats}: every live binder proc, newest open first (binder_procs is
     * an hlist with add_head), each section named after its fd (every fd stays open: close and exit are not
     * modelled), only the named processes' sections when names are given.
     */
    private void stats(Step.Stats st) throws ScenarioException {
        for (String name : st.processes()) {
            if (!procs.containsKey(name)) {
                throw harness("unknown process " + name);
            }
        }
        out.line("binder stats (per process):");
        List<Fd> order = new ArrayList<>(fds.values());
        java.util.Collections.reverse(order);
        for (Fd fd : order) {
            if (fd.binder.isReleased()
                    || !st.processes().isEmpty() && !st.processes().contains(fd.proc.name)) {
                continue;
            }
            BinderProc p = fd.binder;
            bindercheck.impl.alloc.BinderAlloc a = p.alloc();
            out.line("proc " + fd.name);
            out.line("context " + device.name());
            out.line("  threads: " + p.threadCount());
            out.line("  requested threads: " + p.requestedThreads() + "+" + p.requestedThreadsStarted() + "/"
                    + p.maxThreads());
            out.line("  ready threads " + p.waitingThreads().size());
            out.line("  free async space " + a.freeAsyncSpace());
            out.line("  nodes: " + p.nodeCount());
            int strong = 0;
            int weak = 0;
            for (bindercheck.impl.driver.BinderRef ref : p.refs()) {
                strong += ref.strong();
                weak += ref.weak();
            }
            out.line("  refs: " + p.refs().size() + " s " + strong + " w " + weak);
            out.line("  buffers: " + a.allocatedTreeInOrder().size());
            int active = 0;
            int lru = 0;
            int free = 0;
            if (a.mapped()) {
                for (int i = 0; i < a.pageCount(); i++) {
                    switch (a.pageState(i)) {
                        case ABSENT -> free++;
                        case IN_USE -> active++;
                        case LRU -> lru++;
                        default -> throw new IllegalStateException();
                    }
                }
            }
            out.line("  pages: " + active + ":" + lru + ":" + free);
            out.line("  pages high watermark: " + p.pagesHigh());
            out.line("  pending transactions: " + p.pendingTransactions());
            int[] bc = p.bcStats();
            for (int i = 0; i < bc.length; i++) {
                if (bc[i] != 0) {
                    out.line("  " + BC_NAMES[i] + ": " + bc[i]);
                }
            }
            int[] br = p.brStats();
            for (int i = 0; i < br.length; i++) {
                if (br[i] != 0) {
                    out.line("  " + BR_NAMES[i] + ": " + br[i]);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // naming

    private String fmtPid(long pid) {
        if (pid == 0) {
            return "0";
        }
        for (Proc p : procs.values()) {
            if (p.pid == pid && pid > 0) {
                return p.name;
            }
        }
        return "pid?" + pid;
    }

    private String fmtAddr(long a, Fd ctx) {
        for (int pass = 0; pass < 2; pass++) {
            if (ctx != null && ctx.size != 0 && Long.compareUnsigned(a, ctx.base) >= 0
                    && Long.compareUnsigned(a, ctx.base + ctx.size + pass) < 0) {
                return "buf+0x" + Long.toHexString(a - ctx.base);
            }
            for (Fd f : fds.values()) {
                if (f.size != 0 && Long.compareUnsigned(a, f.base) >= 0
                        && Long.compareUnsigned(a, f.base + f.size + pass) < 0) {
                    return f.name + ":buf+0x" + Long.toHexString(a - f.base);
                }
            }
        }
        return "0x" + Long.toHexString(a);
    }

    // ---------------------------------------------------------------------------------------------
    // scratch memory

    private long scratch(UserMemory mem, long len) {
        long a = scratchNext;
        long pages = Math.max(1, (len + PAGE - 1) / PAGE);
        scratchNext += (pages + 1) * PAGE;
        if (len > 0) {
            mem.map(a, len, RW);
        }
        return a;
    }

    private long scratchRegion(UserMemory mem, long len, List<Long> owned) {
        long a = scratch(mem, len);
        if (len > 0) {
            owned.add(a);
        }
        return a;
    }

    private static void release(UserMemory mem, List<Long> regions) {
        for (long a : regions) {
            mem.unmap(a);
        }
    }

    private static byte[] le32(int v) {
        byte[] b = new byte[4];
        put32(b, 0, v);
        return b;
    }

    private static void put32(byte[] b, int off, int v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void put64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
