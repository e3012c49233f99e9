package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import bindercheck.properties.scenario.ScenarioHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java driver's machine, keeping every call it served and what it returned, in order: what a run on a real kernel
 * can be checked against without waiting for each answer (the harness makes the same calls as long as the answers are
 * the same, so the kernel's answers can be compared after the whole run instead of one by one).
 */
public final class RecordingMachine extends ForwardingMachine {
    /**
     * One call: what it was (its name and arguments) and what the Java driver answered: an {@code Integer} (a pid, a
     * tid, a descriptor, a return value), a {@code byte[]}, an {@link IoctlResult}, a {@code List<long[]>} of {tid,
     * ret} for the calls a settling finished, a {@code List<String>} for a debugfs file, or null.
     */
    public record Call(String what, Object result) {
    }

    private final List<Call> calls = new ArrayList<>();

    /** A recording machine on a fresh Java driver for a scenario with {@code header}. */
    public RecordingMachine(ScenarioHeader header) {
        super(new JavaMachine(new BinderDriver(header.selinux() ? "kernel" : null, header.kernelVersion())));
    }

    /** The calls so far, in order. */
    public List<Call> calls() {
        return calls;
    }

    private <T> T keep(String what, T result) {
        calls.add(new Call(what, result));
        return result;
    }

    /** A call's name and arguments, as both machines spell them. */
    public static String what(String op, Object... args) {
        StringBuilder sb = new StringBuilder(op);
        for (Object a : args) {
            sb.append(' ').append(a instanceof Long l ? "0x" + Long.toHexString(l) : String.valueOf(a));
        }
        return sb.toString();
    }

    @Override
    public void start(Proc proc, Fd fd) {
        inner.start(proc, fd);
        keep(what("start", proc.name), new int[] {proc.pid, fd.num});
    }

    /** Kept: the descriptor the open got, or its -errno. */
    @Override
    public int open(Fd fd) {
        int r = inner.open(fd);
        keep(what("open", fd.proc.pid), r < 0 ? r : fd.num);
        return r;
    }

    @Override
    public int newThread(Proc proc, int tid) {
        return keep(what("thread", proc.pid, tid), inner.newThread(proc, tid));
    }

    @Override
    public void exit(Proc proc) {
        inner.exit(proc);
        keep(what("exit", proc.pid), null);
    }

    @Override
    public void map(Proc proc, long addr, long len, int prot, byte[] init) {
        inner.map(proc, addr, len, prot, init);
        keep(what("map", proc.pid, addr, len, prot), null);
    }

    @Override
    public void unmap(Proc proc, long addr, long len) {
        inner.unmap(proc, addr, len);
        keep(what("unmap", proc.pid, addr, len), null);
    }

    @Override
    public void write(Proc proc, long addr, byte[] bytes) {
        inner.write(proc, addr, bytes);
        keep(what("write", proc.pid, addr, bytes.length), null);
    }

    @Override
    public byte[] read(Proc proc, long addr, int len) {
        return keep(what("read", proc.pid, addr, len), inner.read(proc, addr, len));
    }

    @Override
    public byte[] readMapping(Proc proc, long addr, int len) {
        return keep(what("read", proc.pid, addr, len), inner.readMapping(proc, addr, len));
    }

    @Override
    public int mmap(Fd fd, long addr, long len, int prot, int flags) {
        return keep(what("mmap", fd.proc.pid, fd.num, addr, len, prot, flags), inner.mmap(fd, addr, len, prot, flags));
    }

    @Override
    public int munmap(Fd fd) {
        return keep(what("munmap", fd.proc.pid, fd.base), inner.munmap(fd));
    }

    @Override
    public int close(Fd fd) {
        return keep(what("close", fd.proc.pid, fd.num), inner.close(fd));
    }

    @Override
    public IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block) {
        return keep(what("ioctl", fd.proc.pid, thr.tid, fd.num, Integer.toUnsignedLong(cmd), arg, block),
                inner.ioctl(fd, thr, cmd, arg, block));
    }

    /** Kept before the calls the finished reads make (the harness reads their results while settling). */
    @Override
    public void settle(Processes processes, Returned returned) {
        List<long[]> done = new ArrayList<>();
        keep("settle", done);
        inner.settle(processes, (t, ret) -> {
            done.add(new long[] {t.tid, ret});
            returned.call(t, ret);
        });
    }

    @Override
    public List<String> state() {
        return keep("state", inner.state());
    }

    @Override
    public void touchState() {
        keep("state", inner.state());
    }

    @Override
    public List<String> stats() {
        return keep("stats", inner.stats());
    }

    @Override
    public boolean live(Fd fd) {
        return keep(what("live", fd.name), inner.live(fd));
    }
}
