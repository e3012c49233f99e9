package bindercheck.properties.explain;

import bindercheck.impl.driver.IoctlResult;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.properties.harness.ForwardingMachine;
import bindercheck.properties.harness.Machine;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's machine with a tap on BINDER_WRITE_READ: the bytes user space wrote (its write buffer from
 * write_consumed to write_size, read before the call) and the bytes the driver wrote back (the read buffer from where
 * the read started to read_consumed, read when the call returns: at once, or for a call that slept, when the settling
 * ends it). Nothing else changes: every call goes to the machine it wraps, and the tap only reads user memory the
 * harness mapped readable. A buffer the harness points outside its memory (a raw finding's {@code wptr=}) is not
 * read.
 */
final class IoctlTap extends ForwardingMachine {
    /** A larger buffer is cut here: the page shows items, not megabytes. */
    static final int MAX_BYTES = 64 * 1024;

    /** A blocked call: where its struct is and where its read started. */
    private record Pending(Proc proc, long bwr, long readStart) {
    }

    private final List<byte[]> written = new ArrayList<>();
    private final List<byte[]> read = new ArrayList<>();
    private final Map<Thr, Pending> pending = new IdentityHashMap<>();
    private final Map<Thr, byte[]> completed = new IdentityHashMap<>();

    IoctlTap(Machine inner) {
        super(inner);
    }

    /** The write buffers of the calls made since the last call of this method, in order. */
    List<byte[]> takeWritten() {
        List<byte[]> out = List.copyOf(written);
        written.clear();
        return out;
    }

    /** The read buffers of the calls that returned at once since the last call of this method. */
    List<byte[]> takeRead() {
        List<byte[]> out = List.copyOf(read);
        read.clear();
        return out;
    }

    /** What {@code thr}'s call that slept read when it returned (the harness shows it at the thread's wait), or null. */
    byte[] takeCompleted(Thr thr) {
        return completed.remove(thr);
    }

    @Override
    public IoctlResult ioctl(Fd fd, Thr thr, int cmd, long arg, boolean block) {
        if (cmd != BinderIoctl.BINDER_WRITE_READ) {
            return inner.ioctl(fd, thr, cmd, arg, block);
        }
        Proc proc = fd.proc();
        BinderWriteRead before = struct(proc, arg);
        if (before != null) {
            byte[] w = bytes(proc, before.writeBuffer(), before.writeConsumed(), before.writeSize());
            if (w != null && w.length > 0) {
                written.add(w);
            }
        }
        IoctlResult r = inner.ioctl(fd, thr, cmd, arg, block);
        if (before != null) {
            if (r.blocked()) {
                pending.put(thr, new Pending(proc, arg, before.readConsumed()));
            } else {
                byte[] rd = readBack(proc, arg, before.readConsumed());
                if (rd != null) {
                    read.add(rd);
                }
            }
        }
        return r;
    }

    @Override
    public void settle(Processes processes, Returned returned) {
        inner.settle(processes, (thr, ret) -> {
            Pending p = pending.remove(thr);
            if (p != null) {
                byte[] rd = readBack(p.proc(), p.bwr(), p.readStart());
                completed.put(thr, rd == null ? new byte[0] : rd);
            }
            returned.call(thr, ret);
        });
    }

    /** The read buffer's bytes the call wrote: from where the read started to read_consumed, as the struct says now. */
    private byte[] readBack(Proc proc, long bwr, long readStart) {
        BinderWriteRead after = struct(proc, bwr);
        return after == null ? null : bytes(proc, after.readBuffer(), readStart, after.readConsumed());
    }

    private BinderWriteRead struct(Proc proc, long addr) {
        try {
            return BinderWriteRead.decode(inner.read(proc, addr, BinderWriteRead.SIZE));
        } catch (RuntimeException e) {
            return null; // not user memory the harness can read: nothing to show
        }
    }

    private byte[] bytes(Proc proc, long base, long from, long to) {
        if (Long.compareUnsigned(from, to) >= 0) {
            return new byte[0];
        }
        long n = Math.min(to - from, MAX_BYTES);
        if (n < 0) {
            n = MAX_BYTES;
        }
        try {
            return inner.read(proc, base + from, (int) n);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
