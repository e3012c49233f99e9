package bindercheck.properties.raw;

import bindercheck.impl.wire.BinderIoctl;
import bindercheck.impl.wire.BinderWriteRead;
import bindercheck.impl.wire.Le;
import bindercheck.properties.harness.World;
import bindercheck.properties.refs.RefsMove;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * The inputs of the raw campaign, each one system call on a binder fd (a well-formed move may take two): the
 * refcount and transaction generators' moves ({@link RefsMove}, which draws {@link
 * bindercheck.properties.txn.TxnMove}'s too), so that the world holds calls in flight, buffers, nodes and handles
 * for the other inputs to hit; those moves mutated ({@link Mutations}); BINDER_WRITE_READ with a write buffer of
 * random bytes and random fields; reads of random sizes into buffers anywhere; BINDER_WRITE_READ whose struct
 * itself is raw bytes (write and read buffers anywhere, sizes up to 2^64 - 1) or lies at a bad address; any
 * other ioctl number, valid or not, with a random, short or missing argument; and, rarely, what changes a process's
 * standing (freezing and thawing it, a blocking read, munmap, close).
 *
 * <p>Ioctl numbers the VFS answers before the driver sees them (FIONBIO, FIOCLEX, FIGETBSZ, ...) are never drawn:
 * on a real kernel they do not reach binder_ioctl, and the harness has no VFS.
 */
enum RawMove {
    WELL_FORMED(5, (w, r, gentle) -> wellFormed(w, r, r.nextInt(3) == 0)),
    MUTATED(9, RawMove::mutated),
    RAW_WRITE(4, RawMove::rawWrite),
    RAW_READ(2, RawMove::rawRead),
    BWR_STRUCT(3, RawMove::bwrStruct),
    IOCTL(3, RawMove::ioctl),
    LIFECYCLE(1, RawMove::lifecycle);

    /** How a kind of input is drawn; {@code gentle} keeps away from what ends the spec checks (see {@link #drawAny}). */
    @FunctionalInterface
    private interface Draw {
        List<ScenarioStep> draw(World w, Random r, boolean gentle);
    }

    private final int weight;
    private final Draw draw;

    RawMove(int weight, Draw draw) {
        this.weight = weight;
        this.draw = draw;
    }

    /**
     * One input by weight (a well-formed move when no thread is idle, since waiting threads can always wait). A
     * {@code gentle} draw keeps away from inputs after which the spec checks cannot follow the driver, so that they
     * check longer: read buffers the driver cannot write (work is lost, which Binder.tla leaves out), BINDER objects
     * with ptrs outside the model's, freezing a process of the world, a second context manager.
     */
    static List<ScenarioStep> drawAny(World w, Random r, boolean gentle) {
        if (idle(w) == null) {
            return unmapped(w, wellFormed(w, r, false));
        }
        int total = 0;
        for (RawMove m : values()) {
            total += m.weight;
        }
        int pick = r.nextInt(total);
        for (RawMove m : values()) {
            pick -= m.weight;
            if (pick < 0) {
                return unmapped(w, m.draw.draw(w, r, gentle));
            }
        }
        throw new AssertionError("weights");
    }

    /**
     * {@code move} with every {@code FREE_BUFFER off=X} of a process whose mapping is gone (a LIFECYCLE munmap) as
     * the {@code ptr=} it stood for: the harness resolves off= only on a mapped fd, and the generators know no munmap.
     */
    private static List<ScenarioStep> unmapped(World w, List<ScenarioStep> move) {
        List<ScenarioStep> out = null;
        for (int i = 0; i < move.size(); i++) {
            ScenarioStep st = move.get(i);
            if (!(st instanceof ScenarioStep.OnThread t) || !(t.op() instanceof Op.Bwr b)) {
                continue;
            }
            World.Proc p = w.proc(procIndex(w, t.process()));
            if (p.binder().alloc().mapped()) {
                continue;
            }
            List<Command> cmds = new ArrayList<>(b.commands());
            boolean changed = false;
            for (int j = 0; j < cmds.size(); j++) {
                if (cmds.get(j) instanceof Command.FreeBuffer f && f.target() instanceof Command.FreeTarget.Off off) {
                    cmds.set(j, new Command.FreeBuffer(new Command.FreeTarget.Ptr(p.binder().alloc().base()
                            + off.offset())));
                    changed = true;
                }
            }
            if (changed) {
                out = out == null ? new ArrayList<>(move) : out;
                out.set(i, new ScenarioStep.OnThread(ScenarioStep.Source.NONE, t.process(), t.thread(), t.fd(),
                        new Op.Bwr(b.form(), b.options(), cmds)));
            }
        }
        return out == null ? move : out;
    }

    /**
     * A move of the refcount and transaction generators. A process exit is drawn again (up to three times): raw
     * tries are long, and once most processes are gone most inputs fail at the target lookup.
     */
    private static List<ScenarioStep> wellFormed(World w, Random r, boolean wellBehavedOnly) {
        List<ScenarioStep> move = RefsMove.drawAny(w, r, wellBehavedOnly);
        for (int again = 0; again < 3 && move.get(0) instanceof ScenarioStep.Exit; again++) {
            move = RefsMove.drawAny(w, r, wellBehavedOnly);
        }
        return move;
    }

    /** A thread of a running process that can make a call: {proc, thread}; null if none. */
    private static int[] idle(World w) {
        for (World.Proc p : w.procs()) {
            for (int k = 1; k <= w.threadsPerProc(); k++) {
                if (!p.exited() && p.idle(k)) {
                    return new int[] {p.index, k};
                }
            }
        }
        return null;
    }

    private static int[] anyIdle(World w, Random r) {
        List<int[]> all = new ArrayList<>();
        for (World.Proc p : w.procs()) {
            for (int k = 1; k <= w.threadsPerProc(); k++) {
                if (!p.exited() && p.idle(k)) {
                    all.add(new int[] {p.index, k});
                }
            }
        }
        return all.get(r.nextInt(all.size()));
    }

    private static Steps.On on(int[] t) {
        return Steps.on(World.procName(t[0]), World.threadName(t[1]));
    }

    private static ScenarioStep.OnThread step(int[] t, Op op) {
        return new ScenarioStep.OnThread(World.procName(t[0]), World.threadName(t[1]), op);
    }

    // ---- the draws ----

    /**
     * What changes a process's standing with the driver rather than its calls: BINDER_FREEZE of a process of the
     * world (and thawing it), BINDER_GET_FROZEN_INFO, a blocking read (collected by a later well-formed wait), and
     * rarely munmap or close of the binder fd. Not in gentle tries (Binder.tla leaves freezing and unmapped procs
     * out), which draw a well-formed move instead.
     */
    private static List<ScenarioStep> lifecycle(World w, Random r, boolean gentle) {
        if (gentle) {
            return wellFormed(w, r, false);
        }
        int[] t = anyIdle(w, r);
        String target = World.procName(r.nextInt(w.procCount()));
        Op op = switch (r.nextInt(12)) {
            case 0, 1, 2 -> new Op.Freeze(target, 1, r.nextBoolean() ? 0 : r.nextInt(100));
            case 3, 4, 5 -> new Op.Freeze(target, 0, 0);
            case 6 -> new Op.GetFrozenInfo(target);
            case 7 -> new Op.Munmap();
            case 8 -> new Op.Close();
            default -> null;
        };
        if (op == null) {
            Op.BwrOptions o = new Op.BwrOptions(Mutations.readSize(r), OptionalLong.empty(), 0,
                    r.nextInt(4) == 0 ? r.nextInt(16) : 0, OptionalLong.empty(), r.nextInt(4) == 0
                    ? OptionalLong.of(RawValues.address(w, t[0], r)) : OptionalLong.empty(), true, false);
            op = new Op.Bwr(Op.BwrForm.BWR, o, r.nextBoolean() ? List.of()
                    : List.of(Steps.raw(RawValues.bytes(r, 4 * (1 + r.nextInt(6))))));
        }
        return List.of(step(t, op));
    }

    /** A generator's move with every BINDER_WRITE_READ in it mutated (moves without one stay as drawn). */
    private static List<ScenarioStep> mutated(World w, Random r, boolean gentle) {
        List<ScenarioStep> move = wellFormed(w, r, false);
        List<ScenarioStep> out = new ArrayList<>(move.size());
        for (ScenarioStep st : move) {
            if (st instanceof ScenarioStep.OnThread t && t.op() instanceof Op.Bwr b) {
                int p = procIndex(w, t.process());
                out.add(new ScenarioStep.OnThread(ScenarioStep.Source.NONE, t.process(), t.thread(), t.fd(),
                        Mutations.bwr(b, w, p, r, gentle)));
            } else {
                out.add(st);
            }
        }
        return out;
    }

    private static int procIndex(World w, String name) {
        for (World.Proc p : w.procs()) {
            if (p.name.equals(name)) {
                return p.index;
            }
        }
        throw new IllegalStateException("no process " + name);
    }

    /** A write buffer of random bytes (BC_ words among them half the time), with random bwr fields now and then. */
    private static List<ScenarioStep> rawWrite(World w, Random r, boolean gentle) {
        int[] t = anyIdle(w, r);
        int n = r.nextInt(4) == 0 ? r.nextInt(8) : 4 * (1 + r.nextInt(24)) + (r.nextInt(4) == 0 ? r.nextInt(4) : 0);
        List<Command> cmds = new ArrayList<>();
        cmds.add(Steps.raw(RawValues.bytes(r, Math.max(1, n))));
        Op.BwrOptions o = new Op.BwrOptions(r.nextBoolean() ? 0 : Mutations.readSize(r), OptionalLong.empty(), 0, 0,
                OptionalLong.empty(), OptionalLong.empty(), false, r.nextInt(4) == 0);
        if (r.nextBoolean()) {
            o = Mutations.options(o, n, w, t[0], r, gentle);
        }
        return List.of(step(t, new Op.Bwr(Op.BwrForm.BWR, o, cmds)));
    }

    /** A read alone: any size, a start anywhere, into the harness's buffer or one at any address. */
    private static List<ScenarioStep> rawRead(World w, Random r, boolean gentle) {
        int[] t = anyIdle(w, r);
        long read = Mutations.readSize(r);
        long rstart = r.nextInt(3) != 0 ? 0 : gentle || r.nextBoolean() ? r.nextInt((int) Math.min(read, 256) + 1)
                : RawValues.size(r);
        Op.BwrOptions o = new Op.BwrOptions(read, OptionalLong.empty(), 0, rstart, OptionalLong.empty(),
                !gentle && r.nextInt(3) == 0 ? OptionalLong.of(RawValues.address(w, t[0], r)) : OptionalLong.empty(),
                false, false);
        return List.of(step(t, new Op.Bwr(Op.BwrForm.BWR, o, List.of())));
    }

    /**
     * BINDER_WRITE_READ with the struct as raw bytes: each field an edge size or an address (so sizes up to 2^64 - 1
     * and buffers in the mapping, which the driver may run as commands), the struct short, or at a bad address.
     */
    private static List<ScenarioStep> bwrStruct(World w, Random r, boolean gentle) {
        int[] t = anyIdle(w, r);
        long cmd = Integer.toUnsignedLong(BinderIoctl.BINDER_WRITE_READ);
        if (!gentle && r.nextInt(4) == 0) {
            // the struct itself read from anywhere: a read it asks for may write anywhere too
            return List.of(step(t, new Op.Ioctl(cmd, new byte[BinderWriteRead.SIZE],
                    OptionalLong.of(RawValues.address(w, t[0], r)))));
        }
        byte[] s = new byte[BinderWriteRead.SIZE];
        long writeSize = r.nextBoolean() ? 8L * r.nextInt(16) : RawValues.size(r);
        long readSize = gentle || r.nextBoolean() ? 0 : r.nextBoolean() ? 8L * r.nextInt(64) : RawValues.size(r);
        Le.putLong(s, 0, writeSize);
        Le.putLong(s, 8, r.nextInt(3) == 0 ? RawValues.size(r) : 0);
        Le.putLong(s, 16, RawValues.address(w, t[0], r));
        Le.putLong(s, 24, readSize);
        Le.putLong(s, 32, r.nextInt(3) == 0 ? RawValues.size(r) : 0);
        Le.putLong(s, 40, RawValues.address(w, t[0], r));
        if (r.nextInt(6) == 0) {
            s = Arrays.copyOf(s, r.nextInt(BinderWriteRead.SIZE));
        }
        return List.of(step(t, new Op.Ioctl(cmd, s, OptionalLong.empty())));
    }

    /**
     * The VFS's own ioctls (fs/ioctl.c {@code do_vfs_ioctl}): FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIOQSIZE,
     * FIFREEZE, FITHAW, FS_IOC_FIEMAP, FIGETBSZ, FICLONE, FICLONERANGE, FIDEDUPERANGE, FS_IOC_GETFLAGS,
     * FS_IOC_SETFLAGS, FS_IOC_FSGETXATTR, FS_IOC_FSSETXATTR (FIONREAD on a device file goes on to the driver).
     */
    static final int[] VFS_IOCTLS = {0x5451, 0x5450, 0x5421, 0x5452, 0x5460, 0xc0045877, 0xc0045878, 0xc020660b,
        0x2, 0x40049409, 0x4020940d, 0xc0189436, 0x80086601, 0x40086602, 0x801c581f, 0x401c5820};

    /** Binder's own ioctl numbers, including the two the uapi header defines and 6.1 does not handle. */
    private static final int[] BINDER_IOCTLS = {BinderIoctl.BINDER_WRITE_READ, BinderIoctl.BINDER_SET_IDLE_TIMEOUT,
        BinderIoctl.BINDER_SET_MAX_THREADS, BinderIoctl.BINDER_SET_IDLE_PRIORITY, BinderIoctl.BINDER_SET_CONTEXT_MGR,
        BinderIoctl.BINDER_THREAD_EXIT, BinderIoctl.BINDER_VERSION, BinderIoctl.BINDER_GET_NODE_DEBUG_INFO,
        BinderIoctl.BINDER_GET_NODE_INFO_FOR_REF, BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT, BinderIoctl.BINDER_FREEZE,
        BinderIoctl.BINDER_GET_FROZEN_INFO, BinderIoctl.BINDER_ENABLE_ONEWAY_SPAM_DETECTION,
        BinderIoctl.BINDER_GET_EXTENDED_ERROR};

    /**
     * Any ioctl but BINDER_WRITE_READ's well-formed calls: binder's numbers with a random, short, empty or missing
     * argument (a pid of the world's in BINDER_FREEZE's now and then, which may freeze a process), numbers a bit away
     * from them, and random numbers.
     */
    private static List<ScenarioStep> ioctl(World w, Random r, boolean gentle) {
        int[] t = anyIdle(w, r);
        int cmd = switch (r.nextInt(6)) {
            case 0, 1, 2 -> BINDER_IOCTLS[r.nextInt(BINDER_IOCTLS.length)];
            case 3, 4 -> BINDER_IOCTLS[r.nextInt(BINDER_IOCTLS.length)] ^ (1 << r.nextInt(32));
            default -> r.nextInt();
        };
        for (int v : VFS_IOCTLS) {
            if (cmd == v) {
                cmd = BinderIoctl.BINDER_VERSION ^ 0x100; // a number no one answers
            }
        }
        if (cmd == BinderIoctl.BINDER_SET_CONTEXT_MGR || cmd == BinderIoctl.BINDER_SET_CONTEXT_MGR_EXT) {
            // once the manager's process is gone this makes a second manager, which ends the spec checks: rarely
            if (gentle || r.nextInt(8) != 0) {
                cmd = BinderIoctl.BINDER_GET_EXTENDED_ERROR;
            }
        }
        long c = Integer.toUnsignedLong(cmd);
        if (cmd == BinderIoctl.BINDER_WRITE_READ) {
            return bwrStruct(w, r, gentle);
        }
        if (r.nextInt(4) == 0) {
            return List.of(step(t, new Op.Ioctl(c, new byte[Math.min(BinderIoctl.size(cmd), 4096)],
                    OptionalLong.of(RawValues.address(w, t[0], r)))));
        }
        int usual = Math.min(BinderIoctl.size(cmd), 4096);
        int len = switch (r.nextInt(4)) {
            case 0 -> usual;
            case 1 -> r.nextInt(usual + 1);
            case 2 -> r.nextInt(64);
            default -> usual + r.nextInt(16);
        };
        byte[] arg = new byte[Math.min(len, 4096)];
        if (r.nextBoolean()) {
            byte[] random = RawValues.bytes(r, Math.min(arg.length, 256));
            System.arraycopy(random, 0, arg, 0, random.length);
        } else if (arg.length >= 4 && r.nextBoolean()) {
            // small words: a thread count, a handle, a pid of the world, a flag
            for (int i = 0; i + 4 <= Math.min(arg.length, 256); i += 4) { // lines stay below the reader's 8191 bytes
                Le.putInt(arg, i, r.nextBoolean() ? r.nextInt(4) : 1000 * (1 + r.nextInt(w.procCount() + 1)));
            }
        }
        if (cmd == BinderIoctl.BINDER_FREEZE && arg.length >= 4 && (gentle || r.nextInt(3) != 0)) {
            // freezing a process of the world stops the checks (Binder.tla leaves freezing out): mostly miss
            Le.putInt(arg, 0, 999);
        }
        return List.of(step(t, new Op.Ioctl(c, arg, OptionalLong.empty())));
    }
}
