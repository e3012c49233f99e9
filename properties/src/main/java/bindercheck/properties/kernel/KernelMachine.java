package bindercheck.properties.kernel;

import bindercheck.impl.driver.IoctlResult;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.Le;
import bindercheck.properties.harness.Machine;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's system calls on a real kernel: each one is a request to the executor in a {@link Guest}. One machine
 * serves one scenario: it starts with every earlier worker gone and the driver idle ({@link #fresh}).
 *
 * <p>Where it cannot be exact, it says so: a {@code proc} section of debugfs is named after the process's fds that
 * are still open or mapped ({@link #live}); a binder file kept alive only by a received descriptor or a sleeping call
 * would be named {@code NAME?}.
 */
public final class KernelMachine implements Machine {
    static final String STATE = "/sys/kernel/debug/binder/state";
    static final String STATS = "/sys/kernel/debug/binder/stats";
    static final String TRANSACTION_LOG = "/sys/kernel/debug/binder/transaction_log";
    /** A handle no proc ever has: the probe's call fails, having taken one debug id. */
    private static final int NO_SUCH_HANDLE = 0x7fffffff;
    private static final long PROBE_SCRATCH = 0x10000000L;
    private static final int RW = 3;
    private static final int PAGE = 4096;

    private final Guest guest;
    private final long idBase;
    private final Quiet quiet = new Quiet();

    private KernelMachine(Guest guest, long idBase) {
        this.guest = guest;
        this.idBase = idBase;
    }

    /**
     * A machine for the next scenario: every worker of the last one exits, the driver releases everything, and one
     * debug id is taken and read back (a call to a handle that does not exist, in a throw-away worker), so that the
     * scenario's ids print from 1 as on the Java driver.
     */
    public static KernelMachine fresh(Guest guest) {
        guest.reset();
        Guest.Spawned probe = guest.spawn();
        if (probe.fd() < 0) {
            throw new KernelException("cannot open /dev/binder in the guest: " + probe.fd());
        }
        byte[] w = new byte[4 + BinderTransactionData.SIZE];
        Le.putInt(w, 0, Bc.BC_TRANSACTION.code());
        Le.putInt(w, 4, NO_SUCH_HANDLE);
        long wbuf = PROBE_SCRATCH;
        long bwr = PROBE_SCRATCH + PAGE;
        guest.map(probe.pid(), wbuf, PAGE, RW, w);
        guest.map(probe.pid(), bwr, PAGE, RW, new BinderWriteRead(w.length, 0, wbuf, 0, 0, 0).encode());
        guest.ioctl(probe.pid(), probe.pid(), probe.fd(), BinderIoctl.BINDER_WRITE_READ & 0xffffffffL, bwr);
        guest.exit(probe.pid());
        return new KernelMachine(guest, lastDebugId(guest));
    }

    /** The debug id of the newest transaction log entry (each line starts with it). */
    private static long lastDebugId(Guest guest) {
        byte[] log = guest.read(TRANSACTION_LOG);
        long id = -1;
        if (log != null) {
            for (String l : new String(log, StandardCharsets.ISO_8859_1).split("\n")) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    try {
                        id = Math.max(id, Long.parseLong(l.substring(0, colon).trim()));
                    } catch (NumberFormatException e) {
                        // not an entry
                    }
                }
            }
        }
        if (id <= 0) {
            throw new KernelException("cannot read the debug id base from " + TRANSACTION_LOG);
        }
        return id;
    }

    @Override
    public void start(Proc proc, Fd fd) {
        Guest.Spawned s = guest.spawn(proc.pid());
        if (s.fd() < 0) {
            throw new KernelException("the guest's worker could not open /dev/binder: " + s.fd());
        }
        proc.assignPid(s.pid());
        fd.assignNum(s.fd());
    }

    @Override
    public int open(Fd fd) {
        int r = guest.open(fd.proc().pid());
        if (r < 0) {
            return r;
        }
        fd.assignNum(r);
        return 0;
    }

    @Override
    public int newThread(Proc proc, int tid) {
        return guest.thread(proc.pid(), tid);
    }

    @Override
    public void exit(Proc proc) {
        guest.exit(proc.pid());
    }

    @Override
    public void map(Proc proc, long addr, long len, int prot, byte[] init) {
        guest.map(proc.pid(), addr, len, prot, init);
    }

    @Override
    public void unmap(Proc proc, long addr, long len) {
        guest.unmap(proc.pid(), addr, len);
    }

    @Override
    public void write(Proc proc, long addr, byte[] bytes) {
        guest.poke(proc.pid(), addr, bytes);
    }

    @Override
    public byte[] read(Proc proc, long addr, int len) {
        byte[] b = guest.peek(proc.pid(), addr, len);
        if (b == null) {
            throw new KernelException("process " + proc.name() + ": cannot read " + len + " bytes at 0x"
                    + Long.toHexString(addr));
        }
        return b;
    }

    @Override
    public byte[] readMapping(Proc proc, long addr, int len) {
        return read(proc, addr, len);
    }

    @Override
    public int mmap(Fd fd, long addr, long len, int prot, int flags) {
        quiet.stirred();
        return guest.mmap(fd.proc().pid(), fd.num(), addr, len, prot, flags, 0);
    }

    @Override
    public int munmap(Fd fd) {
        long len = (fd.size() + PAGE - 1) / PAGE * PAGE;
        return guest.munmap(fd.proc().pid(), fd.base(), len);
    }

    @Override
    public int close(Fd fd) {
        return guest.close(fd.proc().pid(), fd.num());
    }

    @Override
    public IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block) {
        int pid = fd.proc().pid();
        int num = fd.num();
        if (block) {
            guest.nonBlock(pid, num, false);
        }
        quiet.ioctl(pid, thr.tid());
        Guest.Call c = guest.ioctl(pid, thr.tid(), num, cmd & 0xffffffffL, arg);
        if (block) {
            guest.nonBlock(pid, num, true);
        }
        return c.inside() ? IoctlResult.BLOCKED : IoctlResult.returned((int) c.ret());
    }

    @Override
    public void settle(Processes processes, Returned returned) {
        if (quiet.needsSettle()) {
            guest.settle();
        }
        for (Thr t : processes.blockedThreads()) {
            Guest.Call c = guest.poll(t.proc().pid(), t.tid());
            if (c != null && !c.inside()) {
                returned.call(t, c.ret());
            }
        }
    }

    @Override
    public List<String> state() {
        return lines(STATE);
    }

    @Override
    public void touchState() {
        guest.read(STATE);
    }

    /** From the first {@code proc} line on: what comes before is the driver's global counts. */
    @Override
    public List<String> stats() {
        List<String> all = lines(STATS);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).startsWith("proc ")) {
                return all.subList(i, all.size());
            }
        }
        return List.of();
    }

    @Override
    public long debugIdBase() {
        return idBase;
    }

    /** Open or mapped: see the class comment. */
    @Override
    public boolean live(Fd fd) {
        return fd.open() || fd.mapped();
    }

    private List<String> lines(String path) {
        byte[] b = guest.read(path);
        if (b == null) {
            throw new KernelException("cannot read " + path + " in the guest");
        }
        List<String> out = new ArrayList<>();
        for (String l : new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            out.add(l);
        }
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
