package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import java.util.List;

/**
 * A machine that hands every call to another one: the base of wrappers that watch or keep some calls (the explain
 * page's ioctl tap, the recording of a run) and override only those.
 */
public abstract class ForwardingMachine implements Machine {
    protected final Machine inner;

    protected ForwardingMachine(Machine inner) {
        this.inner = inner;
    }

    @Override
    public void start(Proc proc, Fd fd) {
        inner.start(proc, fd);
    }

    @Override
    public int open(Fd fd) {
        return inner.open(fd);
    }

    @Override
    public int newThread(Proc proc, int tid) {
        return inner.newThread(proc, tid);
    }

    @Override
    public void exit(Proc proc) {
        inner.exit(proc);
    }

    @Override
    public void map(Proc proc, long addr, long len, int prot, byte[] init) {
        inner.map(proc, addr, len, prot, init);
    }

    @Override
    public void unmap(Proc proc, long addr, long len) {
        inner.unmap(proc, addr, len);
    }

    @Override
    public void write(Proc proc, long addr, byte[] bytes) {
        inner.write(proc, addr, bytes);
    }

    @Override
    public byte[] read(Proc proc, long addr, int len) {
        return inner.read(proc, addr, len);
    }

    @Override
    public byte[] readMapping(Proc proc, long addr, int len) {
        return inner.readMapping(proc, addr, len);
    }

    @Override
    public int mmap(Fd fd, long addr, long len, int prot, int flags) {
        return inner.mmap(fd, addr, len, prot, flags);
    }

    @Override
    public int munmap(Fd fd) {
        return inner.munmap(fd);
    }

    @Override
    public int close(Fd fd) {
        return inner.close(fd);
    }

    @Override
    public IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block) {
        return inner.ioctl(fd, thr, cmd, arg, block);
    }

    @Override
    public void settle(Processes processes, Returned returned) {
        inner.settle(processes, returned);
    }

    @Override
    public List<String> state() {
        return inner.state();
    }

    @Override
    public void touchState() {
        inner.touchState();
    }

    @Override
    public List<String> stats() {
        return inner.stats();
    }

    @Override
    public long debugIdBase() {
        return inner.debugIdBase();
    }

    @Override
    public BinderDriver javaDriver() {
        return inner.javaDriver();
    }

    @Override
    public boolean live(Fd fd) {
        return inner.live(fd);
    }
}
