package bindercheck.properties.harness;

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
 * The harness's processes, binder fds and threads, what each one's user space has learned from the driver, and how
 * pids, tids and addresses are named in the output. They run on a {@link Machine}.
 *
 * <p>Pids: process {@code i} (0-based, in order of start) has pid {@code 1000 * (i + 1)}; its main thread has tid =
 * pid, its other threads pid + 1, pid + 2, ... in order of first use.
 *
 * <p>Binder fd {@code k} (in order of opening) is mapped at {@code 0x7f0000000000 + k * 0x10000000} (its second
 * mmap call 64 MiB higher, and so on). A page at
 * {@code 0x400000} holding an ELF header (the source of the golden scenarios' PTR and FDA data) is mapped read-only
 * in every worker.
 */
public final class Processes {
    static final long MAP_BASE = 0x7f0000000000L;
    static final long MAP_STRIDE = 0x10000000L;
    static final int PAGE = 4096;

    /** A worker process: its address space and descriptor table, its binder fds, and what its user space knows. */
    public static final class Proc {
        final String name;
        /** Its pid, given by the machine. */
        int pid;
        /** On the Java driver: its address space, its descriptors (forked from PID 1's), PID 1's end of its socket. */
        final UserMemory memory = new UserMemory();
        FileTable files;
        int initSock;
        /** The tid its next thread gets. */
        int nextTid;
        final List<Fd> fds = new ArrayList<>();
        /** Its threads, in order of creation. */
        final Map<String, Thr> threads = new LinkedHashMap<>();
        final Map<Integer, Thr> byTid = new HashMap<>();
        boolean running = true;
        /** Node work this process was told of and has not acknowledged: {ptr, cookie, 1 if BR_ACQUIRE}. */
        final List<long[]> acks = new ArrayList<>();
        /** BR_DEAD_BINDER cookies received and not yet answered with BC_DEAD_BINDER_DONE. */
        final List<Long> deaths = new ArrayList<>();
        /** BR_FROZEN_BINDER cookies received and not yet answered with BC_FREEZE_NOTIFICATION_DONE (6.12+). */
        final List<Long> frozenNotices = new ArrayList<>();
        /** The {strong, weak} counts this process took on each handle and has not dropped. */
        final Map<Integer, int[]> taken = new HashMap<>();

        Proc(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public int pid() {
            return pid;
        }

        /** Set by the {@link Machine} that starts it. */
        public void assignPid(int pid) {
            this.pid = pid;
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

        /** BR_FROZEN_BINDER cookies not yet answered with BC_FREEZE_NOTIFICATION_DONE, oldest first. */
        public List<Long> frozenNotices() {
            return Collections.unmodifiableList(frozenNotices);
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
        /** Its index among its process's fds, its slot (received buffers are numbered per slot). */
        final int slot;
        /** Its index among all fds (where it is mapped). */
        final int index;
        /** On the Java driver: its binder proc and file. */
        BinderProc binder;
        FileTable.OpenFile file;
        /** Its descriptor number in the process. */
        int num;
        boolean open;
        boolean mapped;
        /** mmap calls made on it so far. */
        int mmaps;
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

        /** Its descriptor number in its process. */
        public int num() {
            return num;
        }

        /** Set by the {@link Machine} that opens it. */
        public void assignNum(int num) {
            this.num = num;
        }

        public boolean open() {
            return open;
        }

        public boolean mapped() {
            return mapped;
        }

        /** Where it is mapped, and the size asked for (the mapping is that, rounded up to pages). */
        public long base() {
            return base;
        }

        public long size() {
            return size;
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

        public Proc proc() {
            return proc;
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

    private final Machine machine;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final Map<String, Fd> fds = new LinkedHashMap<>();
    private final Map<BinderProc, Fd> byBinder = new IdentityHashMap<>();
    /** Every thread, in order of creation. */
    final List<Thr> threads = new ArrayList<>();

    Processes(Machine machine) {
        this.machine = machine;
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

    /** Starts the worker {@code name} (see {@link Machine#start}) and maps the ELF page ({@link #ELF_BASE}) in it. */
    Fd start(String name) {
        Proc proc = new Proc(name);
        proc.pid = 1000 * (procs.size() + 1);
        proc.nextTid = proc.pid + 1;
        Fd fd = new Fd(name, proc, 0, fds.size());
        machine.start(proc, fd);
        machine.map(proc, ELF_BASE, PAGE, UserMemory.PROT_READ, java.util.HexFormat.of().parseHex(ELF_HEADER));
        procs.put(name, proc);
        opened(fd);
        return fd;
    }

    /** A further open of /dev/binder in {@code proc}, named {@code name}: its fd, or null if the open failed. */
    Fd open(String name, Proc proc, int[] ret) {
        Fd fd = new Fd(name, proc, proc.fds.size(), fds.size());
        ret[0] = machine.open(fd);
        if (ret[0] < 0) {
            return null;
        }
        opened(fd);
        return fd;
    }

    private void opened(Fd fd) {
        fd.open = true;
        fd.proc.fds.add(fd);
        fds.put(fd.name, fd);
        if (fd.binder != null) {
            byBinder.put(fd.binder, fd);
        }
    }

    /** The worker exits (see {@link Machine#exit}); what user space knew of its calls, mappings and fds goes. */
    void exit(Proc proc) {
        machine.exit(proc);
        for (Thr t : threads) {
            if (t.proc == proc && t.blocked) {
                t.blocked = false;
                t.done = null;
                t.pending = null;
            }
        }
        for (Fd fd : proc.fds) {
            fd.mapped = false;
            fd.open = false;
        }
        proc.running = false;
    }

    /** The thread of a step, made on first use (tid = pid for main). */
    Thr thread(Proc proc, String name) {
        Thr th = proc.threads.get(name);
        if (th == null) {
            th = new Thr(proc, name, name.equals("main") ? proc.pid : machine.newThread(proc, proc.nextTid++));
            proc.threads.put(name, th);
            proc.byTid.put(th.tid, th);
            threads.add(th);
        }
        return th;
    }

    /** A {@code proc PID} section of a debugfs file: the process, the fd it is (null when unknown) and its label. */
    record Section(Proc proc, Fd fd, String label) {
    }

    /**
     * Names the {@code proc PID} sections of one debugfs read, in order: a process's sections are its live binder
     * fds, newest open first (binder_procs is an hlist with add_head); an unknown pid is {@code pid?N}, a section
     * more than the process has live fds is {@code NAME?}.
     */
    final class Sections {
        private final Map<Proc, Integer> seen = new HashMap<>();

        Section next(long pid) {
            Proc p = procByPid(pid);
            if (p == null) {
                return new Section(null, null, "proc pid?" + pid);
            }
            int k = seen.merge(p, 1, Integer::sum) - 1;
            List<Fd> live = new ArrayList<>(p.fds);
            live.removeIf(f -> !machine.live(f));
            Collections.reverse(live);
            if (k < live.size()) {
                return new Section(p, live.get(k), "proc " + live.get(k).name);
            }
            return new Section(p, p.fds.get(0), "proc " + p.name + "?");
        }
    }

    /** A naming of the sections of one debugfs read. */
    Sections sections() {
        return new Sections();
    }

    /** The threads in a blocking call that has not returned, in order of creation. */
    public List<Thr> blockedThreads() {
        List<Thr> l = new ArrayList<>();
        for (Thr t : threads) {
            if (t.blocked && t.done == null && t.proc.running) {
                l.add(t);
            }
        }
        return l;
    }

    /** The machine the processes run on. */
    Machine machine() {
        return machine;
    }

    /**
     * A fixed 64-byte ELF header (a static, non-PIE x86-64 executable's), which the harness maps read-only at {@code
     * 0x400000} in every worker, on the Java driver and on a kernel alike: the golden scenarios take PTR and FDA data
     * from there (its u32 at offset 20 is 1, at 48 is 0, at 52 is {@code 0x380040}). The rest of the page reads as
     * zeros on both; no scenario looks at it.
     */
    private static final String ELF_HEADER = "7f454c4602010103000000000000000002003e00010000004039400000000000"
            + "4000000000000000f0cf0f00000000000000000040003800" + "0a0040001e001d00";

    /** Where the ELF header page is mapped in every worker: what PTR and FDA objects point into. */
    public static final long ELF_BASE = 0x400000L;

    /** How a pid prints: 0, a process name, or {@code pid?N}. */
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

    /** How a tid prints (unqualified): 0, a thread name, or {@code tid?N}. */
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
     * How an address prints: {@code buf+0xOFF} inside the mapping of {@code ctx}, {@code NAME:buf+0xOFF} inside
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

    /**
     * How an offset into the mapping of {@code ctx} prints (later kernels' debugfs prints offsets where 6.1 printed
     * addresses): as the address it is, so both print alike.
     */
    String offsetName(long offset, Fd ctx) {
        return ctx != null && ctx.size != 0 ? addrName(ctx.base + offset, ctx) : "buf+0x" + Long.toHexString(offset);
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
}
