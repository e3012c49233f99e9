package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDevice;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderThread;
import bindercheck.impl.driver.FileTable;
import bindercheck.impl.wire.UserMemory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recording harness's processes, binder fds and threads (its {@code struct cproc}, {@code struct cfd},
 * {@code struct cthr}; {@code start_process}, {@code exit_process}, {@code ensure_thread}; {@code fmt_pid},
 * {@code fmt_tid}, {@code fmt_addr}), and what each one's user space has learned from the driver.
 *
 * <p>Determinism: process {@code i} (0-based, in declaration order) has pid {@code 1000 * (i + 1)}; its main thread
 * has tid = pid, and its other threads get pid + 1, pid + 2, ... in order of first use. Binder fd {@code k} (in
 * order of declaration) is mapped at {@code 0x7f0000000000 + k * 0x10000000}.
 *
 * <p>Files: each worker has a descriptor table modelled on the harness's (see {@link #start}); binder files are held
 * by their descriptors (a received fd included) and mappings, and released by the last one. The harness binary's
 * ELF header at {@code 0x400000}, the source of the golden scenarios' PTR and FDA data, is mapped in every worker.
 */
public final class Processes {
    static final long MAP_BASE = 0x7f0000000000L;
    static final long MAP_STRIDE = 0x10000000L;
    static final int PAGE = 4096;

    /** A worker process: its address space and descriptor table, its binder fds, and what its user space knows. */
    public static final class Proc {
        final String name;
        final int pid;
        final UserMemory memory = new UserMemory();
        /** The worker's descriptors, a copy of the coordinator's at fork (see {@link #start}). */
        FileTable files;
        /** The coordinator's end of the worker's socket pair (its fd in the coordinator). */
        int coordinatorSock;
        final List<Fd> fds = new ArrayList<>();
        final Map<String, Thr> threads = new HashMap<>();
        final Map<Integer, Thr> byTid = new HashMap<>();
        int nextTid;
        boolean running = true;
        /** Node work this process was told of and has not acknowledged: {ptr, cookie, 1 if BR_ACQUIRE}. */
        final List<long[]> acks = new ArrayList<>();
        /** BR_DEAD_BINDER cookies received and not yet answered with BC_DEAD_BINDER_DONE. */
        final List<Long> deaths = new ArrayList<>();
        /** The {strong, weak} counts this process took on each handle and has not dropped. */
        final Map<Integer, int[]> taken = new HashMap<>();

        Proc(String name, int pid) {
            this.name = name;
            this.pid = pid;
            this.nextTid = pid + 1;
        }

        public String name() {
            return name;
        }

        public int pid() {
            return pid;
        }

        /** Whether the process has not exited. */
        public boolean running() {
            return running;
        }

        /** The fd named after the process (its first open of /dev/binder). */
        public Fd ownFd() {
            return fds.get(0);
        }

        /** The thread called {@code name}, or null if no step used it yet. */
        public Thr thread(String name) {
            return threads.get(name);
        }

        /** Node work told of (BR_INCREFS, BR_ACQUIRE) and not acknowledged: {ptr, cookie, 1 if BR_ACQUIRE}, oldest first. */
        public List<long[]> acks() {
            return Collections.unmodifiableList(acks);
        }

        /** BR_DEAD_BINDER cookies not yet answered, oldest first. */
        public List<Long> deaths() {
            return Collections.unmodifiableList(deaths);
        }

        /** The strong (or weak) counts this process took on handle {@code h} with BC_ACQUIRE (BC_INCREFS) and holds. */
        public int taken(int h, boolean strong) {
            int[] t = taken.get(h);
            return t == null ? 0 : t[strong ? 0 : 1];
        }
    }

    /** A binder fd: one open of /dev/binder (a binder_proc), its descriptor and its mapping. */
    public static final class Fd {
        final String name;
        final Proc proc;
        /** Its index among its process's fds (the recording harness's slot: received buffers are numbered per slot). */
        final int slot;
        /** Its index among all fds (where it is mapped). */
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

        public String name() {
            return name;
        }

        public Proc proc() {
            return proc;
        }

        public BinderProc binder() {
            return binder;
        }
    }

    /** A thread of a worker, and what it has received. */
    public static final class Thr {
        final Proc proc;
        final String name;
        final int tid;
        /** Received transaction buffers per fd slot ({@code rx}), numbered as the harness prints them. */
        final Map<Integer, List<Long>> rx = new HashMap<>();
        /** Per slot, whether each received buffer was freed by a FREE_BUFFER rx= naming it. */
        final Map<Integer, List<Boolean>> freed = new HashMap<>();
        /** The synchronous calls received and not yet answered with a BC_REPLY. */
        int unanswered;
        /** In a blocking call (asleep in the driver, or returned and not yet collected by its wait). */
        boolean blocked;
        Fd blockedFd;
        StepExecutor.PendingBwr pending;
        OutputFormatter.BwrReply done;

        Thr(Proc proc, String name, int tid) {
            this.proc = proc;
            this.name = name;
            this.tid = tid;
        }

        public String name() {
            return name;
        }

        public int tid() {
            return tid;
        }

        /** Whether the thread is in a blocking call: asleep, or returned and awaiting its {@code wait}. */
        public boolean blocked() {
            return blocked;
        }

        /** The number of transaction buffers it received on its process's fd {@code slot}. */
        public int received(int slot) {
            List<Long> l = rx.get(slot);
            return l == null ? 0 : l.size();
        }

        /** Whether its buffer {@code n} (1-based) on fd {@code slot} was freed by name. */
        public boolean freed(int slot, int n) {
            return freed.get(slot).get(n - 1);
        }

        /** The synchronous calls it received and has not answered. */
        public int unanswered() {
            return unanswered;
        }
    }

    private final BinderDevice device;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final Map<String, Fd> fds = new LinkedHashMap<>();
    private final Map<BinderProc, Fd> byBinder = new IdentityHashMap<>();
    /** Every thread, in order of creation. */
    final List<Thr> threads = new ArrayList<>();
    /**
     * The harness's coordinator (the scenario runner forked from init): the console on 0-2, the results tty on 3,
     * /dev/kmsg on 4, and its end of each running worker's socket pair. Received fd numbers follow from it.
     */
    private final FileTable coordinator = new FileTable();

    Processes(BinderDevice device) {
        this.device = device;
        FileTable.OpenFile console = new FileTable.OpenFile("console");
        for (int i = 0; i < 3; i++) {
            coordinator.open(console);
        }
        coordinator.open(new FileTable.OpenFile("/dev/ttyS1"));
        coordinator.open(new FileTable.OpenFile("/dev/kmsg"));
    }

    /** The process called {@code name}, or null. */
    public Proc proc(String name) {
        return procs.get(name);
    }

    /** The binder fd called {@code name}, or null. */
    public Fd fd(String name) {
        return fds.get(name);
    }

    /** Every process, in order of declaration. */
    public Collection<Proc> procs() {
        return Collections.unmodifiableCollection(procs.values());
    }

    /** Every binder fd, in order of opening. */
    public Collection<Fd> fds() {
        return Collections.unmodifiableCollection(fds.values());
    }

    /** The fd a binder proc was opened as, or null. */
    public Fd fdOf(BinderProc binder) {
        return byBinder.get(binder);
    }

    /** The harness thread a driver thread is (by its proc and tid), or null. */
    public Thr threadOf(BinderThread t) {
        Fd fd = byBinder.get(t.proc());
        return fd == null ? null : fd.proc.byTid.get(t.pid());
    }

    /**
     * The recording harness's {@code start_process}: a socket pair in the coordinator, fork (the worker inherits every descriptor),
     * the worker closes the other workers' sockets and the coordinator's end, the coordinator closes the worker's
     * end, and the worker opens /dev/binder at its lowest free descriptor.
     */
    Fd start(String name) {
        Proc proc = new Proc(name, 1000 * (procs.size() + 1));
        mapElfHeader(proc.memory);
        int sv0 = coordinator.open(new FileTable.OpenFile("socket " + name + " (coordinator)"));
        int sv1 = coordinator.open(new FileTable.OpenFile("socket " + name + " (worker)"));
        proc.files = coordinator.fork();
        for (Proc other : procs.values()) {
            if (other.running) {
                proc.files.close(other.coordinatorSock);
            }
        }
        proc.files.close(sv0);
        coordinator.close(sv1);
        proc.coordinatorSock = sv0;
        procs.put(name, proc);
        return open(name, proc);
    }

    /** A further open of /dev/binder in {@code proc}, named {@code name}. */
    Fd open(String name, Proc proc) {
        Fd fd = new Fd(name, proc, proc.fds.size(), fds.size());
        fd.binder = device.open(proc.pid, 0, proc.memory, proc.files);
        fd.binder.setNonBlock(true);
        fd.file = fd.binder.newFile("binder " + name);
        fd.num = proc.files.open(fd.file);
        fd.open = true;
        proc.fds.add(fd);
        fds.put(name, fd);
        byBinder.put(fd.binder, fd);
        return fd;
    }

    /**
     * The recording harness's {@code exit_process}: the worker exits. Its threads die (a blocked read ends, its result lost), its
     * mappings go (vma close, dropping the mapping's reference to the file), then every descriptor is closed in
     * order (each binder file is flushed and, at its last reference, released: the workqueue then runs the queued
     * procs most recent first), and the coordinator closes its end of the socket.
     */
    void exit(Proc proc) {
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

    /** The recording harness's {@code ensure_thread}: the thread of a step, made on first use (tid = pid for main). */
    Thr thread(Proc proc, String name) {
        Thr th = proc.threads.get(name);
        if (th == null) {
            th = new Thr(proc, name, name.equals("main") ? proc.pid : proc.nextTid++);
            proc.threads.put(name, th);
            proc.byTid.put(th.tid, th);
            threads.add(th);
        }
        return th;
    }

    /**
     * The first 64 bytes of the harness binary (static, non-PIE x86-64 ELF), mapped read-only at {@code 0x400000} in
     * every worker: the golden scenarios take PTR and FDA data from there (its u32 at offset 20 is 1, at 48 is 0, at
     * 52 is {@code 0x380040}). The rest of its first page reads as zeros here; no scenario looks at it.
     */
    private static final String ELF_HEADER = "7f454c4602010103000000000000000002003e00010000004039400000000000"
            + "4000000000000000f0cf0f00000000000000000040003800" + "0a0040001e001d00";

    /** Where the harness binary's ELF header is mapped in every worker: what PTR and FDA objects point into. */
    public static final long ELF_BASE = 0x400000L;

    private static void mapElfHeader(UserMemory memory) {
        memory.map(ELF_BASE, PAGE, UserMemory.PROT_READ);
        memory.kernelWrite(ELF_BASE, java.util.HexFormat.of().parseHex(ELF_HEADER));
    }

    /** The recording harness's {@code fmt_pid}: 0, a process name, or {@code pid?N}. */
    String pidName(long pid) {
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

    /** The recording harness's {@code fmt_tid} (unqualified): 0, a thread name, or {@code tid?N}. */
    String tidName(long tid) {
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

    /**
     * The recording harness's {@code fmt_addr}: {@code buf+0xOFF} inside the mapping of {@code ctx}, {@code NAME:buf+0xOFF} inside
     * another fd's, else raw hex; one past the end of a mapping still counts as inside it (a second pass).
     */
    String addrName(long a, Fd ctx) {
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

    /** The process with pid {@code pid}, or null. */
    Proc procByPid(long pid) {
        for (Proc p : procs.values()) {
            if (p.pid == pid && pid > 0) {
                return p;
            }
        }
        return null;
    }

    /** The binder procs on {@code binder_procs}, newest open first. */
    List<BinderProc> liveBinders() {
        List<Fd> order = new ArrayList<>(fds.values());
        Collections.reverse(order);
        List<BinderProc> binders = new ArrayList<>();
        for (Fd fd : order) {
            if (!fd.binder.isReleased()) {
                binders.add(fd.binder);
            }
        }
        return binders;
    }
}
