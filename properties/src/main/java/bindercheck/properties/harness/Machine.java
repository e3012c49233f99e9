package bindercheck.properties.harness;

import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.IoctlResult;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import java.util.List;

/**
 * Where the harness's user space makes its system calls: the Java driver ({@link JavaMachine}) or a real kernel in a
 * VM (the kernel package's KernelMachine, which depends on this one). The harness decides everything (processes, threads, what
 * memory is mapped where and holds what, the bytes of every ioctl); a machine carries the calls out and hands back
 * their raw results, so the Java driver's and a kernel's results go through one encoder and one normaliser.
 */
public interface Machine {
    /**
     * Forks the worker {@code proc} with the pid the harness gave it (a machine that cannot give that one sets the one
     * it got) and opens its first binder fd {@code fd} (setting its number).
     */
    void start(Proc proc, Fd fd);

    /** A further open of the binder device in {@code fd}'s process: 0 (its number set), or -errno. */
    int open(Fd fd);

    /** A new thread of {@code proc} with tid {@code tid} (the harness's choice): the tid it got. */
    int newThread(Proc proc, int tid);

    /**
     * The worker exits: its threads die (a blocked call's result is lost), its mappings go, its descriptors close;
     * returns when the driver has released what that released.
     */
    void exit(Proc proc);

    /** Maps {@code len} bytes of anonymous memory at {@code addr}, holding {@code init} from its start. */
    void map(Proc proc, long addr, long len, int prot, byte[] init);

    void unmap(Proc proc, long addr, long len);

    void write(Proc proc, long addr, byte[] bytes);

    /** {@code len} bytes at {@code addr}, which the harness mapped readable. */
    byte[] read(Proc proc, long addr, int len);

    /** What the worker reads of its binder mapping (read-only to it): {@code len} bytes at {@code addr}. */
    byte[] readMapping(Proc proc, long addr, int len);

    /** mmap of the binder fd at {@code addr}: 0 or -errno. */
    int mmap(Fd fd, long addr, long len, int prot, int flags);

    /** munmap of the fd's binder mapping (which may release the file): 0 or -errno. */
    int munmap(Fd fd);

    /** close of the binder fd (a flush; the file is released if nothing else holds it): 0 or -errno. */
    int close(Fd fd);

    /**
     * {@code thr} calls ioctl({@code fd}, {@code cmd}, {@code arg}), clearing the fd's O_NONBLOCK for the call when
     * {@code block}: what it returned, or that it is asleep in the driver (its end comes through {@link #settle}).
     */
    IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block);

    /**
     * What the kernel's scheduler and workqueue do between two steps, and the harness waits for: deferred work runs
     * and woken threads run until their call returns (handed to {@code returned}) or they sleep again.
     */
    void settle(Processes processes, Returned returned);

    /** A blocked call that returned: its thread and result. */
    interface Returned {
        void call(Thr thr, long ret);
    }

    /** {@code /sys/kernel/debug/binder/state}, unnormalized. */
    List<String> state();

    /**
     * Reads the state file without printing it, for replays against recordings whose dumps were removed (a read is
     * not free of effects: see {@link StateDump#readOnly}).
     */
    void touchState();

    /** The per-process sections of {@code /sys/kernel/debug/binder/stats} ({@code proc PID} on), unnormalized. */
    List<String> stats();

    /** The last debug id the driver gave before the run: the run's ids are printed relative to it (1 = its first). */
    long debugIdBase();

    /** The Java driver the calls run on, or null for a real kernel. */
    default BinderDriver javaDriver() {
        return null;
    }

    /** Whether the driver still has {@code fd}'s binder proc (it has a section in the debugfs files). */
    boolean live(Fd fd);
}
