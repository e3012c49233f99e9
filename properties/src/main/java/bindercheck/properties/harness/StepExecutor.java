package bindercheck.properties.harness;

import bindercheck.impl.driver.IoctlResult;
import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderTransactionData;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.Br;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.UserMemory;
import bindercheck.properties.harness.Processes.Fd;
import bindercheck.properties.harness.Processes.Proc;
import bindercheck.properties.harness.Processes.Thr;
import bindercheck.properties.scenario.BwrEncoder;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.ScenarioException;
import bindercheck.properties.scenario.ScenarioStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's thread steps: one method per verb, each making the step's system calls through the {@link Machine}
 * (the Java driver, or the executor in a VM) in the step's worker and thread, and printing their results.
 *
 * <p>Memory: everything the harness allocates per call (the bwr struct, the write buffer with 256 zero bytes of
 * slack, each data/offsets blob with 256 bytes of slack, the read buffer with 256 bytes of slack, or 64 KiB when
 * read_size &lt; 4, ioctl argument buffers) lives in a scratch area from {@code 0x10000000} up, page-aligned, with an
 * unmapped page after each; {@code guard=1} ends the write buffer exactly at that page. A call's scratch is unmapped
 * when it returns.
 *
 * <p>Blocking: a {@code block=1} read clears the fd's O_NONBLOCK for the call; if the driver answers BLOCKED the
 * step prints {@code blocked}, the call's end comes through {@link Machine#settle}, and its reply waits for the thread's
 * {@code wait}. A step on a closed fd fails with -EBADF before reaching the driver.
 */
final class StepExecutor {
    private static final long SCRATCH_BASE = 0x10000000L;
    private static final int PAGE = Processes.PAGE;
    private static final int RW = UserMemory.PROT_READ | UserMemory.PROT_WRITE;
    private static final int EBADF = 9;
    private static final int EINVAL = 22;

    /** A BINDER_WRITE_READ under way: where its struct and read buffer are, and its scratch to release. */
    record PendingBwr(Fd fd, long bwrAddr, long rbuf, long rsize, long rslack, long rstart, boolean rptr,
            List<long[]> scratch) {
    }

    private final ScenarioRunner run;
    private final Processes processes;
    private final Machine machine;
    private final OutputFormatter out;
    private long scratchNext = SCRATCH_BASE;
    private long lastRet;

    StepExecutor(ScenarioRunner run, Processes processes, OutputFormatter out) {
        this.run = run;
        this.processes = processes;
        this.machine = processes.machine();
        this.out = out;
    }

    /** A thread step: the step's thread (made on first use) runs its operation on its binder fd. */
    void run(ScenarioStep.OnThread st) throws ScenarioException {
        Proc proc = processes.proc(st.process());
        if (proc == null || !proc.running) {
            throw run.harness("process " + st.process() + " is not running");
        }
        Thr thr = processes.thread(proc, st.thread());
        Fd fd = processes.fd(st.binderFd());
        if (fd == null) {
            throw run.harness("unknown fd " + st.binderFd());
        }
        Op op = st.op();
        if (op instanceof Op.Wait) {
            await(thr);
            return;
        }
        if (thr.blocked) {
            throw run.harness("thread " + thr.name + " is blocked in a previous call");
        }
        if (op instanceof Op.Munmap) {
            munmap(fd);
        } else if (op instanceof Op.Close) {
            close(fd);
        } else if (!fd.open) {
            closedFd(fd, thr, op);
        } else if (op instanceof Op.Mmap m) {
            mmap(fd, m);
        } else if (op instanceof Op.Version) {
            version(fd, thr);
        } else if (op instanceof Op.SetMaxThreads s) {
            setMaxThreads(fd, thr, s);
        } else if (op instanceof Op.SetContextMgr) {
            setContextMgr(fd, thr);
        } else if (op instanceof Op.SetContextMgrExt e) {
            setContextMgrExt(fd, thr, e);
        } else if (op instanceof Op.ThreadExit) {
            threadExit(fd, thr);
        } else if (op instanceof Op.GetExtendedError) {
            getExtendedError(fd, thr);
        } else if (op instanceof Op.GetNodeDebugInfo g) {
            getNodeDebugInfo(fd, thr, g);
        } else if (op instanceof Op.GetNodeInfoForRef g) {
            getNodeInfoForRef(fd, thr, g);
        } else if (op instanceof Op.Freeze f) {
            freeze(fd, thr, f);
        } else if (op instanceof Op.GetFrozenInfo g) {
            getFrozenInfo(fd, thr, g);
        } else if (op instanceof Op.EnableOnewaySpamDetection e) {
            enableOnewaySpamDetection(fd, thr, e);
        } else if (op instanceof Op.Ioctl io) {
            ioctl(fd, thr, io);
        } else if (op instanceof Op.Bwr b) {
            bwr(fd, thr, b);
        } else {
            throw run.notModelled(op.getClass().getSimpleName());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the verbs

    /** {@code wait}: the result of the thread's blocking call if it has returned, else {@code still_blocked}. */
    private void await(Thr thr) throws ScenarioException {
        if (!thr.blocked) {
            throw run.harness("thread " + thr.name + " has no blocked call");
        }
        if (thr.done == null) {
            out.line("still_blocked");
            return;
        }
        OutputFormatter.BwrReply r = thr.done;
        thr.done = null;
        thr.blocked = false;
        deliver(r, thr.blockedFd, thr);
    }

    /** {@code munmap}: the mapping's reference to the file goes (which may release it). */
    private void munmap(Fd fd) {
        if (!fd.mapped) {
            out.ret(-EINVAL);
            return;
        }
        int ret = machine.munmap(fd);
        fd.mapped = false;
        out.ret(ret);
    }

    /** {@code close} of a binder fd: the descriptor goes (a flush), and the file is released if nothing else holds it. */
    private void close(Fd fd) {
        if (!fd.open) {
            out.ret(-EBADF);
            return;
        }
        fd.open = false;
        out.ret(machine.close(fd));
    }

    private void mmap(Fd fd, Op.Mmap m) {
        int ret;
        if (m.size() == 0) {
            ret = -EINVAL;
        } else {
            long len = (m.size() + PAGE - 1) / PAGE * PAGE;
            // each attempt at its own address: a second mmap of the fd must reach the driver (-EBUSY), not collide
            // with the first mapping in the address space (-EEXIST on a real kernel)
            long base = Processes.MAP_BASE + fd.index * Processes.MAP_STRIDE
                    + Math.min(fd.mmaps++, 3) * (Processes.MAP_STRIDE / 4);
            ret = machine.mmap(fd, base, len, (int) (m.prot() & RW), (int) m.flags());
            if (ret == 0) {
                fd.base = base;
                fd.size = m.size();
                fd.mapped = true;
            }
        }
        out.ret(ret);
    }

    private void version(Fd fd, Thr thr) throws ScenarioException {
        byte[] r = ioctl(fd, thr, BinderIoctl.BINDER_VERSION, new byte[4]);
        out.version(lastRet, r);
    }

    private void setMaxThreads(Fd fd, Thr thr, Op.SetMaxThreads s) throws ScenarioException {
        ioctl(fd, thr, BinderIoctl.BINDER_SET_MAX_THREADS, Le.ofInt(s.maxThreads()));
        out.ret(lastRet);
    }

    private void setContextMgr(Fd fd, Thr thr) throws ScenarioException {
        ioctl(fd, thr, BinderIoctl.BINDER_SET_CONTEXT_MGR, new byte[4]);
        out.ret(lastRet);
    }

    private void setContextMgrExt(Fd fd, Thr thr, Op.SetContextMgrExt e) throws ScenarioException {
        byte[] fo = new byte[bindercheck.impl.wire.FlatBinderObject.SIZE];
        Le.putInt(fo, 0, e.type());
        Le.putInt(fo, 4, e.flags());
        Le.putLong(fo, 8, e.binder());
        Le.putLong(fo, 16, e.cookie());
        ioctl(fd, thr, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT, fo);
        out.ret(lastRet);
    }

    /** BINDER_THREAD_EXIT; user space drops the calls the thread had to answer with it. */
    private void threadExit(Fd fd, Thr thr) throws ScenarioException {
        ioctl(fd, thr, BinderIoctl.BINDER_THREAD_EXIT, new byte[4]);
        thr.unanswered = 0;
        out.ret(lastRet);
    }

    private void getExtendedError(Fd fd, Thr thr) throws ScenarioException {
        byte[] r = ioctl(fd, thr, BinderIoctl.BINDER_GET_EXTENDED_ERROR,
                new byte[BinderIoctl.size(BinderIoctl.BINDER_GET_EXTENDED_ERROR)]);
        out.extendedError(lastRet, r);
    }

    private void getNodeDebugInfo(Fd fd, Thr thr, Op.GetNodeDebugInfo g) throws ScenarioException {
        byte[] a = new byte[BinderIoctl.size(BinderIoctl.BINDER_GET_NODE_DEBUG_INFO)];
        Le.putLong(a, 0, g.ptr());
        byte[] r = ioctl(fd, thr, BinderIoctl.BINDER_GET_NODE_DEBUG_INFO, a);
        out.ret(lastRet);
        if (lastRet >= 0 && out.on()) {
            out.line("node_debug_info ptr=0x" + Long.toHexString(Le.getLong(r, 0)) + " cookie=0x"
                    + Long.toHexString(Le.getLong(r, 8)) + " has_strong_ref="
                    + Integer.toUnsignedString(Le.getInt(r, 16)) + " has_weak_ref="
                    + Integer.toUnsignedString(Le.getInt(r, 20)));
        }
    }

    private void getNodeInfoForRef(Fd fd, Thr thr, Op.GetNodeInfoForRef g) throws ScenarioException {
        byte[] a = new byte[BinderIoctl.size(BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF)];
        Le.putInt(a, 0, g.handle());
        byte[] r = ioctl(fd, thr, BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF, a);
        out.ret(lastRet);
        if (lastRet >= 0 && out.on()) {
            out.line("node_info strong_count=" + Integer.toUnsignedString(Le.getInt(r, 4)) + " weak_count="
                    + Integer.toUnsignedString(Le.getInt(r, 8)));
        }
    }

    private void freeze(Fd fd, Thr thr, Op.Freeze f) throws ScenarioException {
        byte[] a = new byte[BinderIoctl.size(BinderIoctl.BINDER_FREEZE)];
        Le.putInt(a, 0, pidOf(f.process()));
        Le.putInt(a, 4, f.enable());
        Le.putInt(a, 8, f.timeoutMs());
        ioctl(fd, thr, BinderIoctl.BINDER_FREEZE, a);
        out.ret(lastRet);
    }

    private void getFrozenInfo(Fd fd, Thr thr, Op.GetFrozenInfo g) throws ScenarioException {
        byte[] a = new byte[BinderIoctl.size(BinderIoctl.BINDER_GET_FROZEN_INFO)];
        Le.putInt(a, 0, pidOf(g.process()));
        byte[] r = ioctl(fd, thr, BinderIoctl.BINDER_GET_FROZEN_INFO, a);
        out.ret(lastRet);
        if (lastRet >= 0 && out.on()) {
            out.line("frozen_info sync_recv=" + Integer.toUnsignedString(Le.getInt(r, 4)) + " async_recv="
                    + Integer.toUnsignedString(Le.getInt(r, 8)));
        }
    }

    private void enableOnewaySpamDetection(Fd fd, Thr thr, Op.EnableOnewaySpamDetection e)
            throws ScenarioException {
        ioctl(fd, thr, BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION, Le.ofInt(e.enable()));
        out.ret(lastRet);
    }

    /** {@code ioctl}: any request, with an argument buffer or (val=) a plain value. */
    private void ioctl(Fd fd, Thr thr, Op.Ioctl io) throws ScenarioException {
        byte[] r;
        if (io.immediate().isPresent()) {
            lastRet = returned(machine.ioctl(fd, thr, (int) io.cmd(), io.immediate().getAsLong(), false));
            r = io.arg();
        } else {
            r = ioctl(fd, thr, (int) io.cmd(), io.arg());
        }
        out.genericIoctl(lastRet, r);
    }

    /**
     * A step on a closed fd: the system call fails with -EBADF before reaching the driver; the harness prints what
     * it prints for that verb, with its argument buffer unchanged.
     */
    private void closedFd(Fd fd, Thr thr, Op op) {
        lastRet = -EBADF;
        if (op instanceof Op.Version) {
            out.version(lastRet, new byte[4]);
        } else if (op instanceof Op.GetExtendedError) {
            out.extendedError(lastRet, new byte[BinderIoctl.size(BinderIoctl.BINDER_GET_EXTENDED_ERROR)]);
        } else if (op instanceof Op.Ioctl io) {
            out.genericIoctl(lastRet, io.arg());
        } else if (op instanceof Op.Bwr b) {
            // The struct is not copied back: the harness prints the consumed counts it passed in.
            out.bwr(new OutputFormatter.BwrReply(lastRet, b.options().writeStart(), b.options().readStart(),
                    new byte[0], List.of()), fd, List.of());
        } else {
            out.ret(lastRet);
        }
    }

    /** {@code bwr} (and {@code read}, {@code write}): one BINDER_WRITE_READ, blocking if asked. */
    private void bwr(Fd fd, Thr thr, Op.Bwr b) throws ScenarioException {
        Op.BwrOptions o = b.options();
        Proc proc = fd.proc;
        BwrEncoder.EncodedWrite enc;
        try {
            enc = encode(fd, thr, b);
        } catch (IllegalStateException e) {
            throw run.harness(e.getMessage());
        }
        byte[] w = enc.bytes();
        List<long[]> scratch = new ArrayList<>();
        long wmem;
        long wcopy;
        long wlen;
        if (o.guard()) {
            wlen = ((long) w.length + PAGE - 1) / PAGE * PAGE;
            wmem = reserve(wlen);
            wcopy = wmem + wlen - w.length;
        } else {
            wlen = w.length + 256L;
            wmem = reserve(wlen);
            wcopy = wmem;
        }
        for (BwrEncoder.Fixup f : enc.fixups()) {
            long a = scratch(proc, f.blob().length + 256L, f.blob(), scratch);
            Le.putLong(w, f.position(), a);
        }
        if (wlen > 0) {
            byte[] init = new byte[(int) (wcopy - wmem) + w.length];
            System.arraycopy(w, 0, init, (int) (wcopy - wmem), w.length);
            machine.map(proc, wmem, wlen, RW, init);
            scratch.add(new long[] {wmem, wlen});
        }
        long rsize = o.read();
        long rslack = rsize < 4 ? 65536 : 256;
        // With read_size 0 the driver never reads (binder_ioctl_write_read) and the harness reads nothing back from
        // it: the buffer keeps its place in the layout but is not mapped, which no step can tell apart.
        long rbuf = rsize == 0 ? reserve(rsize + rslack) : scratch(proc, rsize + rslack, NOTHING, scratch);
        byte[] bwrBytes = new BinderWriteRead(o.writeSize().orElse(w.length), o.writeStart(),
                o.writePtr().orElse(wcopy), rsize, o.readStart(), o.readPtr().orElse(rbuf)).encode();
        long bwrAddr = scratch(proc, BinderWriteRead.SIZE, bwrBytes, scratch);
        PendingBwr pending = new PendingBwr(fd, bwrAddr, rbuf, rsize, rslack, o.readStart(), o.readPtr().isPresent(),
                scratch);
        IoctlResult r = machine.ioctl(fd, thr, BinderIoctl.BINDER_WRITE_READ, bwrAddr, o.block());
        UserSpace.wrote(thr, fd, b.commands());
        if (r.blocked()) {
            if (!o.block()) {
                throw run.harness("thread " + thr.name + ": call did not return");
            }
            out.line("blocked");
            thr.blocked = true;
            thr.blockedFd = fd;
            thr.pending = pending;
            return;
        }
        deliver(complete(pending, r.ret()), fd, thr);
    }

    /** The call's result reaches user space: it learns what it read (its rx numbers), then the step prints it. */
    private void deliver(OutputFormatter.BwrReply r, Fd fd, Thr thr) {
        List<Integer> rx = UserSpace.read(thr, fd, r.payload());
        out.bwr(r, fd, rx);
    }

    private BwrEncoder.EncodedWrite encode(Fd fd, Thr thr, Op.Bwr b) {
        return BwrEncoder.encode(b, new BwrEncoder.AddressResolver() {
            @Override
            public long rx(Command.FreeTarget.Rx rx) {
                Thr t = thr;
                if (rx.thread().isPresent()) {
                    t = thr.proc.threads.get(rx.thread().get());
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

    /** A blocked call of {@code thr} returned {@code ret}: its reply waits for the thread's {@code wait}. */
    void returned(Thr thr, long ret) {
        thr.done = complete(thr.pending, ret);
        thr.pending = null;
    }

    /** The worker's reply to a finished bwr (exec_op OP_BWR, make_snaps); releases its scratch. */
    OutputFormatter.BwrReply complete(PendingBwr p, long ret) {
        Proc proc = p.fd().proc;
        BinderWriteRead back = BinderWriteRead.decode(machine.read(proc, p.bwrAddr(), BinderWriteRead.SIZE));
        long readConsumed = back.readConsumed();
        byte[] payload = new byte[0];
        List<OutputFormatter.Snap> snaps = List.of();
        if (!p.rptr()) {
            long lo = p.rstart();
            long hi = readConsumed;
            if (Long.compareUnsigned(hi, p.rsize() + p.rslack()) > 0) {
                hi = p.rsize() + p.rslack();
            }
            if (Long.compareUnsigned(lo, hi) < 0) {
                payload = machine.read(proc, p.rbuf() + lo, (int) (hi - lo));
                if (out.on()) {
                    snaps = makeSnaps(proc, payload);
                }
            }
        }
        release(proc, p.scratch());
        return new OutputFormatter.BwrReply(ret, back.writeConsumed(), readConsumed, payload, snaps);
    }

    /** What the harness reads back of each received transaction's buffers, for the output. */
    private List<OutputFormatter.Snap> makeSnaps(Proc proc, byte[] rd) {
        List<OutputFormatter.Snap> snaps = new ArrayList<>();
        int n = rd.length;
        int off = 0;
        while (off + 4 <= n) {
            int cmd = Le.getInt(rd, off);
            off += 4;
            int sz = BinderIoctl.size(cmd);
            if (off + sz > n) {
                break;
            }
            if (cmd == Br.BR_TRANSACTION.code() || cmd == Br.BR_REPLY.code()
                    || cmd == Br.BR_TRANSACTION_SEC_CTX.code()) {
                BinderTransactionData td = BinderTransactionData.decode(rd, off);
                long sec = cmd == Br.BR_TRANSACTION_SEC_CTX.code() ? Le.getLong(rd, off + BinderTransactionData.SIZE)
                        : 0;
                int valid = 0;
                long fnv = 0;
                byte[] d = new byte[0];
                byte[] o = new byte[0];
                byte[] sc = new byte[0];
                if (readable(proc, td.dataBuffer(), td.dataSize())) {
                    byte[] all = machine.readMapping(proc, td.dataBuffer(), (int) td.dataSize());
                    d = java.util.Arrays.copyOf(all, (int) Math.min(td.dataSize(), OutputFormatter.SNAP_CAP));
                    fnv = OutputFormatter.fnv1a(all);
                    valid |= 1;
                }
                if (readable(proc, td.dataOffsets(), td.offsetsSize())) {
                    o = machine.readMapping(proc, td.dataOffsets(),
                            (int) Math.min(td.offsetsSize(), OutputFormatter.SNAP_CAP));
                    valid |= 2;
                }
                if (sec != 0 && readable(proc, sec, 1)) {
                    int room = 0;
                    while (room < 255 && readable(proc, sec + room, 1)) {
                        room++;
                    }
                    byte[] str = machine.readMapping(proc, sec, room);
                    int len = 0;
                    while (len < room && str[len] != 0) {
                        len++;
                    }
                    sc = java.util.Arrays.copyOf(str, len);
                    valid |= 4;
                }
                snaps.add(new OutputFormatter.Snap(td.dataBuffer(), td.dataSize(), td.offsetsSize(), fnv, d, o, sc,
                        valid));
            }
            off += sz;
        }
        return snaps;
    }

    /** Whether the range lies inside one of the process's binder mappings (as requested, not rounded). */
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
    // system calls and scratch memory

    /** The pid of a declared process (the harness resolves the name when it parses the scenario). */
    private int pidOf(String process) throws ScenarioException {
        Proc p = processes.proc(process);
        if (p == null) {
            throw run.harness("unknown process " + process);
        }
        return p.pid;
    }

    private long returned(IoctlResult r) throws ScenarioException {
        if (r.blocked()) {
            throw run.harness("non-blocking ioctl blocked");
        }
        return r.ret();
    }

    /** An ioctl with a heap argument buffer of {@code arg.length} bytes (8 when empty); returns the buffer after. */
    private byte[] ioctl(Fd fd, Thr thr, int cmd, byte[] arg) throws ScenarioException {
        int alen = arg.length != 0 ? arg.length : 8;
        List<long[]> scratch = new ArrayList<>(1);
        long a = scratch(fd.proc, alen, arg, scratch);
        lastRet = returned(machine.ioctl(fd, thr, cmd, a, false));
        byte[] back = arg.length == 0 ? arg : machine.read(fd.proc, a, arg.length);
        release(fd.proc, scratch);
        return back;
    }

    private static final byte[] NOTHING = new byte[0];

    /**
     * A scratch region of {@code len} bytes holding {@code init} (none mapped when 0), page-aligned with an unmapped
     * page after it.
     */
    private long scratch(Proc proc, long len, byte[] init, List<long[]> owned) {
        long a = reserve(len);
        if (len > 0) {
            machine.map(proc, a, len, RW, init);
            owned.add(new long[] {a, len});
        }
        return a;
    }

    /** The address the next scratch region of {@code len} bytes gets, and the place it takes; nothing mapped. */
    private long reserve(long len) {
        long a = scratchNext;
        long pages = Math.max(1, (len + PAGE - 1) / PAGE);
        scratchNext += (pages + 1) * PAGE;
        return a;
    }

    private void release(Proc proc, List<long[]> regions) {
        for (long[] r : regions) {
            machine.unmap(proc, r[0], r[1]);
        }
    }
}
