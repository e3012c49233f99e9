package bindercheck.properties.kernel;

import bindercheck.impl.driver.IoctlResult;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.Le;
import bindercheck.properties.harness.Machine;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import bindercheck.properties.harness.RecordingMachine;
import bindercheck.properties.harness.RecordingMachine.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A run on a real kernel that does not wait for the kernel's answers: every call is sent at once and answered with
 * what the Java driver answered to the same call ({@link RecordingMachine}), and {@link #verify} then reads the
 * kernel's answers, in order, and compares them. While the answers agree, the harness makes the same calls on both
 * sides and prints the same lines, so a run that verifies printed on the kernel exactly what it printed on the Java
 * driver; the first answer that differs ends the speculation (the run is then repeated call by call on a
 * {@link KernelMachine} to see what the kernel printed). Pids and tids are the Java driver's: the executor gives
 * each worker and thread the id asked for.
 */
final class SpeculativeMachine implements Machine {
    /** The harness made a call the Java driver's run did not make, or one this machine cannot answer unseen. */
    static final class Unspeculated extends RuntimeException {
        Unspeculated(String why) {
            super(why);
        }
    }

    /** A sent request, the recorded call it stands for, and what its reply must satisfy. */
    private record Check(int call, Guest.Pending reply, Predicate<Frame> agrees) {
    }

    private static final int PAGE = 4096;

    private final Guest guest;
    private final List<Call> expected;
    private final long idBase;
    private final List<Check> checks = new ArrayList<>();
    private final Quiet quiet = new Quiet();
    /** The last ioctl's request and argument: what a read that follows it reads back. */
    private int lastCmd;
    private long lastArg;
    private int next;

    SpeculativeMachine(Guest guest, List<Call> expected, long idBase) {
        this.guest = guest;
        this.expected = expected;
        this.idBase = idBase;
    }

    /**
     * Reads every answer and compares it with the Java driver's: empty when all agree, else the first call whose
     * answer differs (or that failed on the kernel).
     */
    Optional<String> verify() {
        for (Check c : checks) {
            Frame f = c.reply().get();
            if (f.code() != 0 || !c.agrees().test(f)) {
                Call call = expected.get(c.call());
                return Optional.of("call " + (c.call() + 1) + " (" + call.what() + "): the kernel answered " + f);
            }
        }
        return Optional.empty();
    }

    /** Every call the Java driver's run made was made here too. */
    boolean complete() {
        return next == expected.size();
    }

    /** The next recorded call, which must be {@code what}. */
    private Call expect(String what) {
        if (next >= expected.size()) {
            throw new Unspeculated("the run made a call the Java driver's did not: " + what);
        }
        Call c = expected.get(next);
        if (!c.what().equals(what)) {
            throw new Unspeculated("call " + (next + 1) + " is " + what + " here, " + c.what() + " on the Java driver");
        }
        next++;
        return c;
    }

    private void check(Guest.Pending reply, Predicate<Frame> agrees) {
        checks.add(new Check(next - 1, reply, agrees));
    }

    private static Predicate<Frame> firstInt(long v) {
        return f -> f.ints().length >= 1 && f.ints()[0] == v;
    }

    private static final Predicate<Frame> OK = f -> f.ints().length == 0 || f.ints()[0] >= 0;

    @Override
    public void start(Proc proc, Fd fd) {
        int[] r = (int[]) expect(RecordingMachine.what("start", proc.name())).result();
        check(guest.submit(Op.SPAWN, new byte[0], proc.pid()), f -> f.ints()[0] == r[0] && f.ints()[1] == r[1]);
        proc.assignPid(r[0]);
        fd.assignNum(r[1]);
    }

    @Override
    public int open(Fd fd) {
        int r = (Integer) expect(RecordingMachine.what("open", fd.proc().pid())).result();
        check(guest.submit(Op.OPEN, new byte[0], fd.proc().pid()), firstInt(r));
        if (r < 0) {
            return r;
        }
        fd.assignNum(r);
        return 0;
    }

    @Override
    public int newThread(Proc proc, int want) {
        int tid = (Integer) expect(RecordingMachine.what("thread", proc.pid(), want)).result();
        check(guest.submit(Op.THREAD, new byte[0], proc.pid(), tid), firstInt(tid));
        return tid;
    }

    @Override
    public void exit(Proc proc) {
        expect(RecordingMachine.what("exit", proc.pid()));
        check(guest.submit(Op.EXIT, new byte[0], proc.pid()), OK);
    }

    @Override
    public void map(Proc proc, long addr, long len, int prot, byte[] init) {
        expect(RecordingMachine.what("map", proc.pid(), addr, len, prot));
        check(guest.submit(Op.MAP, init.length <= len ? Guest.trimZeros(init) : init, proc.pid(), addr, len, prot), firstInt(0));
    }

    @Override
    public void unmap(Proc proc, long addr, long len) {
        expect(RecordingMachine.what("unmap", proc.pid(), addr, len));
        check(guest.submit(Op.UNMAP, new byte[0], proc.pid(), addr, len), firstInt(0));
    }

    @Override
    public void write(Proc proc, long addr, byte[] bytes) {
        expect(RecordingMachine.what("write", proc.pid(), addr, bytes.length));
        check(guest.submit(Op.POKE, bytes, proc.pid(), addr), firstInt(0));
    }

    /**
     * The bytes must be the Java driver's, but for what the normaliser makes equal on purpose: the id of
     * BINDER_GET_EXTENDED_ERROR's answer is a debug id ({@code debug-id}), the kernel's counted from its id base.
     */
    @Override
    public byte[] read(Proc proc, long addr, int len) {
        byte[] b = (byte[]) expect(RecordingMachine.what("read", proc.pid(), addr, len)).result();
        byte[] want = b;
        if (lastCmd == BinderIoctl.BINDER_GET_EXTENDED_ERROR && addr == lastArg && len >= 4) {
            int id = Le.getInt(b, 0);
            want = b.clone();
            Le.putInt(want, 0, id == 0 ? 0 : (int) (id + idBase));
        }
        byte[] expected = want;
        check(guest.submit(Op.PEEK, new byte[0], proc.pid(), addr, len),
                f -> f.ints()[0] == 0 && Arrays.equals(f.bytes(), expected));
        return b;
    }

    @Override
    public byte[] readMapping(Proc proc, long addr, int len) {
        return read(proc, addr, len);
    }

    @Override
    public int mmap(Fd fd, long addr, long len, int prot, int flags) {
        int r = (Integer) expect(RecordingMachine.what("mmap", fd.proc().pid(), fd.num(), addr, len, prot, flags))
                .result();
        quiet.stirred();
        check(guest.submit(Op.MMAP, new byte[0], fd.proc().pid(), fd.num(), addr, len, prot, flags, 0), firstInt(r));
        return r;
    }

    @Override
    public int munmap(Fd fd) {
        int r = (Integer) expect(RecordingMachine.what("munmap", fd.proc().pid(), fd.base())).result();
        long len = (fd.size() + PAGE - 1) / PAGE * PAGE;
        check(guest.submit(Op.MUNMAP, new byte[0], fd.proc().pid(), fd.base(), len), firstInt(r));
        return r;
    }

    @Override
    public int close(Fd fd) {
        int r = (Integer) expect(RecordingMachine.what("close", fd.proc().pid(), fd.num())).result();
        check(guest.submit(Op.CLOSE, new byte[0], fd.proc().pid(), fd.num()), firstInt(r));
        return r;
    }

    @Override
    public IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block) {
        IoctlResult r = (IoctlResult) expect(RecordingMachine.what("ioctl", fd.proc().pid(), thr.tid(), fd.num(),
                Integer.toUnsignedLong(cmd), arg, block)).result();
        int pid = fd.proc().pid();
        lastCmd = cmd;
        lastArg = arg;
        if (block) {
            check(guest.submit(Op.NONBLOCK, new byte[0], pid, fd.num(), 0), firstInt(0));
        }
        quiet.ioctl(pid, thr.tid());
        check(guest.submit(Op.IOCTL, new byte[0], pid, thr.tid(), fd.num(), Integer.toUnsignedLong(cmd), arg),
                f -> f.ints()[0] == (r.blocked() ? 1 : 0) && (r.blocked() || f.ints()[1] == r.ret()));
        if (block) {
            check(guest.submit(Op.NONBLOCK, new byte[0], pid, fd.num(), 1), firstInt(0));
        }
        return r;
    }

    /** The calls the Java driver's settling finished must be the ones that finished here; the others still sleep. */
    @Override
    @SuppressWarnings("unchecked")
    public void settle(Processes processes, Returned returned) {
        List<long[]> done = (List<long[]>) expect("settle").result();
        if (quiet.needsSettle()) {
            check(guest.submit(Op.SETTLE, new byte[0]), OK);
        }
        for (Thr t : processes.blockedThreads()) {
            long[] d = done.stream().filter(x -> x[0] == t.tid()).findFirst().orElse(null);
            check(guest.submit(Op.POLL, new byte[0], t.proc().pid(), t.tid()),
                    d == null ? f -> f.ints()[0] == 1 : f -> f.ints()[0] == 0 && f.ints()[1] == d[1]);
        }
        for (long[] d : done) {
            for (Thr t : processes.blockedThreads()) {
                if (t.tid() == d[0]) {
                    returned.call(t, d[1]);
                }
            }
        }
    }

    @Override
    public List<String> state() {
        throw new Unspeculated("a state dump is read, not predicted");
    }

    @Override
    public void touchState() {
        throw new Unspeculated("a state dump is read, not predicted");
    }

    @Override
    public List<String> stats() {
        throw new Unspeculated("a stats dump is read, not predicted");
    }

    @Override
    public long debugIdBase() {
        return idBase;
    }

    @Override
    public boolean live(Fd fd) {
        throw new Unspeculated("debugfs sections are read, not predicted");
    }
}
