package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDebugfs;
import bindercheck.impl.driver.BinderDevice;
import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.FileTable;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The harness's system calls on the Java driver: each worker's address space is a {@code UserMemory}, its
 * descriptors a {@link FileTable} modelled on the executor's (kernel/PROTOCOL.md: the console on 0-2, the channel on
 * 3, /dev/kmsg on 4, one socket pair per running worker), and what the kernel's scheduler and workqueue do between
 * steps is done here, deterministically ({@link #settle}).
 *
 * <p>Pids and tids are the harness's ({@link Processes}).
 */
final class JavaMachine implements Machine {
    private final BinderDriver driver;
    private final BinderDevice device;
    /** The executor's PID 1: its descriptors, from which each worker's are forked. */
    private final FileTable init = new FileTable();
    private final List<Proc> procs = new ArrayList<>();
    /** Every binder fd, in order of opening. */
    private final List<Fd> fds = new ArrayList<>();

    JavaMachine(BinderDriver driver) {
        this.driver = driver;
        this.device = driver.newDevice("binder");
        FileTable.OpenFile console = new FileTable.OpenFile("console");
        for (int i = 0; i < 3; i++) {
            init.open(console);
        }
        init.open(new FileTable.OpenFile("/dev/ttyS1"));
        init.open(new FileTable.OpenFile("/dev/kmsg"));
    }

    @Override
    public BinderDriver javaDriver() {
        return driver;
    }

    /**
     * A socket pair in PID 1, fork (the worker inherits every descriptor), the worker closes the other workers' PID-1
     * ends and its own, PID 1 closes the worker's end, and the worker opens /dev/binder at its lowest free descriptor.
     */
    @Override
    public void start(Proc proc, Fd fd) {
        int sv0 = init.open(new FileTable.OpenFile("socket " + proc.name + " (PID 1)"));
        int sv1 = init.open(new FileTable.OpenFile("socket " + proc.name + " (worker)"));
        proc.files = init.fork();
        for (Proc other : procs) {
            if (other.running) {
                proc.files.close(other.initSock);
            }
        }
        proc.files.close(sv0);
        init.close(sv1);
        proc.initSock = sv0;
        procs.add(proc);
        open(fd);
    }

    @Override
    public int open(Fd fd) {
        Proc proc = fd.proc;
        fd.binder = device.open(proc.pid, 0, proc.memory, proc.files);
        fd.binder.setNonBlock(true);
        fd.file = fd.binder.newFile("binder " + fd.name);
        fd.num = proc.files.open(fd.file);
        fds.add(fd);
        return 0;
    }

    @Override
    public int newThread(Proc proc, int tid) {
        return tid;
    }

    /**
     * Its threads die (a blocked read ends, its result lost), its mappings go (vma close, dropping the mapping's
     * reference to the file), then every descriptor is closed in order (each binder file is flushed and, at its last
     * reference, released: the workqueue then runs the queued procs most recent first), and PID 1 closes its end of
     * the socket.
     */
    @Override
    public void exit(Proc proc) {
        for (Thr t : proc.threads.values()) {
            if (t.blocked && t.done == null) {
                t.blockedFd.binder.signal(t.tid);
                t.blockedFd.file.put();
            }
        }
        for (Fd fd : proc.fds) {
            if (fd.mapped) {
                fd.binder.munmap();
                fd.file.put();
            }
        }
        for (int num : proc.files.openFds()) {
            proc.files.close(num);
        }
        init.close(proc.initSock);
    }

    @Override
    public void map(Proc proc, long addr, long len, int prot, byte[] init) {
        proc.memory.map(addr, len, prot);
        if (init.length > 0) {
            proc.memory.kernelWrite(addr, init);
        }
    }

    @Override
    public void unmap(Proc proc, long addr, long len) {
        proc.memory.unmap(addr);
    }

    @Override
    public void write(Proc proc, long addr, byte[] bytes) {
        proc.memory.write(addr, bytes);
    }

    @Override
    public byte[] read(Proc proc, long addr, int len) {
        return proc.memory.read(addr, len);
    }

    @Override
    public byte[] readMapping(Proc proc, long addr, int len) {
        return proc.memory.kernelRead(addr, len);
    }

    @Override
    public int mmap(Fd fd, long addr, long len, int prot, int flags) {
        int ret = fd.binder.mmap(addr, len, prot);
        if (ret == 0) {
            fd.file.get();
        }
        return ret;
    }

    @Override
    public int munmap(Fd fd) {
        fd.binder.munmap();
        fd.file.put();
        return 0;
    }

    @Override
    public int close(Fd fd) {
        fd.proc.files.close(fd.num);
        return 0;
    }

    /** A call that sleeps holds a reference to its file (fdget on a table shared by threads), dropped at its return. */
    @Override
    public IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block) {
        if (block) {
            fd.binder.setNonBlock(false);
        }
        IoctlResult r = fd.binder.ioctl(thr.tid, cmd, arg);
        if (block) {
            fd.binder.setNonBlock(true);
        }
        if (r.blocked()) {
            fd.file.get();
        }
        return r;
    }

    /**
     * Runs the workqueue, then resumes woken threads (processes in order, threads in order of creation) until none
     * makes progress. A call's return drops its reference to the file, which may release it: the workqueue then runs
     * again.
     */
    @Override
    public void settle(Processes processes, Returned returned) {
        driver.runDeferredWork();
        if (processes.blockedThreads().isEmpty()) {
            while (driver.hasDeferredWork()) {
                driver.runDeferredWork();
            }
            return;
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Proc proc : processes.procs()) {
                for (Thr t : processes.threads) {
                    if (t.proc != proc || !t.blocked || t.done != null) {
                        continue;
                    }
                    IoctlResult r = t.blockedFd.binder.resume(t.tid);
                    if (!r.blocked()) {
                        Fd fd = t.blockedFd;
                        returned.call(t, r.ret());
                        fd.file.put();
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

    @Override
    public List<String> state() {
        return BinderDebugfs.state(driver, liveBinders());
    }

    @Override
    public void touchState() {
        BinderDebugfs.state(driver, liveBinders());
    }

    @Override
    public List<String> stats() {
        return BinderDebugfs.stats(liveBinders());
    }

    @Override
    public long debugIdBase() {
        return 0;
    }

    @Override
    public boolean live(Fd fd) {
        return !fd.binder.isReleased();
    }

    /** The binder procs on {@code binder_procs}, newest open first. */
    List<BinderProc> liveBinders() {
        List<Fd> order = new ArrayList<>(fds);
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
