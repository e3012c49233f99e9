package bindercheck.properties.refs;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldMove;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import bindercheck.properties.txn.TxnMove;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The refcount moves a generator adds to {@link TxnMove}'s: nodes and handles passed in calls
 * (strong and weak, the sender's own node or a handle it holds), reference changes on held
 * handles, the node handshake (BR_INCREFS / BR_ACQUIRE answered with BC_INCREFS_DONE /
 * BC_ACQUIRE_DONE), death notifications requested, cleared and acknowledged; and the adversarial
 * forms: changes on handles that name nothing, acknowledgements nobody asked for, clears with the
 * wrong cookie, deaths acknowledged twice.
 *
 * <p>And the other objects: FD objects (the sender's descriptors 0-2) to nodes that accept fds (a
 * second node each process publishes with FLAT_BINDER_FLAG_ACCEPTS_FDS) and in replies to calls
 * that set TF_ACCEPT_FDS; BC_TRANSACTION_SG with PTR objects (into the recording harness's ELF header
 * at 0x400000, the only user memory a scenario can name), children patched into their parent, FD
 * arrays; replies carrying handles, binders and fds. The malformed forms: offsets not u32-aligned,
 * past the data, straddling its end, overlapping or decreasing; unknown object types; handles the
 * sender does not hold; a BINDER with the wrong cookie; fds not open or refused; scatter-gather
 * parents not yet validated, fixups out of the parent or out of order, too small a buffers_size.
 */
public enum RefsMove implements WorldMove {
    SEND_OBJECTS(5, true, RefsMove::anyIdle, RefsMove::sendObjects),
    ACKNOWLEDGE(4, true, w -> withAcks(w) != null, RefsMove::acknowledge),
    CHANGE_REF(3, true, RefsMove::anyHolder, RefsMove::changeRef),
    REQUEST_DEATH(2, true, RefsMove::anyHolder, RefsMove::requestDeath),
    CLEAR_DEATH(1, true, RefsMove::anyHolder, RefsMove::clearDeath),
    DEAD_BINDER_DONE(3, true, w -> withDeaths(w) != null, RefsMove::deadBinderDone),
    CHANGE_BOGUS_REF(1, false, RefsMove::anyIdle, RefsMove::changeBogusRef),
    ACKNOWLEDGE_BOGUS(1, false, RefsMove::anyIdle, RefsMove::acknowledgeBogus),
    DEAD_BINDER_DONE_BOGUS(1, false, RefsMove::anyIdle, RefsMove::deadBinderDoneBogus),
    SEND_FDS(3, true, w -> !writers(w).isEmpty(), RefsMove::sendFds),
    REPLY_OBJECTS(3, true, w -> !repliers(w).isEmpty(), RefsMove::replyObjects),
    SEND_SG(2, true, w -> !writers(w).isEmpty(), RefsMove::sendSg),
    SEND_MALFORMED(2, false, RefsMove::anyIdle, RefsMove::sendMalformed),
    SEND_SG_BAD(1, false, RefsMove::anyIdle, RefsMove::sendSgBad),
    REPLY_OBJECTS_BAD(1, false, w -> !repliers(w).isEmpty(), RefsMove::replyObjectsBad);

    private final int weight;
    private final boolean wellBehaved;
    private final Predicate<World> enabled;
    private final BiFunction<World, Random, ScenarioStep> draw;

    RefsMove(int weight, boolean wellBehaved, Predicate<World> enabled, BiFunction<World, Random, ScenarioStep> draw) {
        this.weight = weight;
        this.wellBehaved = wellBehaved;
        this.enabled = enabled;
        this.draw = draw;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public boolean wellBehaved() {
        return wellBehaved;
    }

    public boolean enabled(World w) {
        return enabled.test(w);
    }

    public List<ScenarioStep> draw(World w, Random r) {
        return List.of(draw.apply(w, r));
    }

    /** A refcount move half the time (when one is enabled), else a {@link TxnMove}. */
    public static List<ScenarioStep> drawAny(World w, Random r, boolean wellBehavedOnly) {
        List<ScenarioStep> op = r.nextBoolean() ? WorldMove.drawWeighted(values(), w, r, wellBehavedOnly) : null;
        return op != null ? op : TxnMove.drawAny(w, r, wellBehavedOnly);
    }

    // ---- what the world offers ----

    private record On(int proc, int thread) {
    }

    private static List<On> idle(World w, int proc) {
        List<On> out = new ArrayList<>();
        for (World.Proc p : w.procs()) {
            if (p.exited() || (proc >= 0 && p.index != proc)) {
                continue;
            }
            for (int k = 1; k <= w.threadsPerProc(); k++) {
                if (p.idle(k)) {
                    out.add(new On(p.index, k));
                }
            }
        }
        return out;
    }

    /** Whether {@link #idle} has any thread. */
    private static boolean anyIdle(World w) {
        for (World.Proc p : w.procs()) {
            for (int k = 1; !p.exited() && k <= w.threadsPerProc(); k++) {
                if (p.idle(k)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@link #holders} has any thread. */
    private static boolean anyHolder(World w) {
        for (World.Proc p : w.procs()) {
            if (!p.exited() && !p.binder().refs().isEmpty()) {
                for (int k = 1; k <= w.threadsPerProc(); k++) {
                    if (p.idle(k)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Idle threads of processes that hold at least one handle. */
    private static List<On> holders(World w) {
        return idle(w, -1).stream().filter(o -> !w.proc(o.proc).heldHandles().isEmpty()).toList();
    }

    private static World.Proc withAcks(World w) {
        for (World.Proc p : w.procs()) {
            if (!p.acks().isEmpty() && !idle(w, p.index).isEmpty()) {
                return p;
            }
        }
        return null;
    }

    private static World.Proc withDeaths(World w) {
        for (World.Proc p : w.procs()) {
            if (!p.deaths().isEmpty() && !idle(w, p.index).isEmpty()) {
                return p;
            }
        }
        return null;
    }

    private static <T> T pick(List<T> xs, Random r) {
        return xs.get(r.nextInt(xs.size()));
    }

    private static long cookie(Random r) {
        return 0xc0 + r.nextInt(4);
    }

    /**
     * Idle threads whose writes run: no error is waiting to be read (the driver skips a thread's
     * commands while its return_error is set; libbinder reads in the same ioctl, so never meets it).
     */
    private static List<On> writers(World w) {
        return idle(w, -1).stream().filter(o -> {
            bindercheck.impl.driver.BinderThread t = w.proc(o.proc).thread(o.thread);
            return t == null || t.returnErrorCmd() == bindercheck.impl.wire.Br.BR_OK.code();
        }).toList();
    }

    /** Threads that can write with a call to answer. */
    private static List<On> repliers(World w) {
        return writers(w).stream().filter(o -> w.proc(o.proc).unanswered(o.thread) > 0).toList();
    }

    /**
     * An object as a move draws it, before it is placed: the 24-byte flat_binder_object header's type and flags, then
     * its two 8-byte fields (a BINDER's ptr and cookie, a HANDLE's handle, an FD's fd, a PTR's buffer and length, an
     * FDA's num_fds and parent).
     */
    record Obj(int type, int flags, long binderOrHandle, long cookie) {
        Obj(int type, long binderOrHandle, long cookie) {
            this(type, 0, binderOrHandle, cookie);
        }

        /** The obj= argument placing it at data offset {@code off}. */
        Command.FlatObject at(long off) {
            return Steps.obj(off, type, flags, binderOrHandle, cookie);
        }
    }

    /** {@code n} 8-byte little-endian words of data. */
    static byte[] words(long... n) {
        byte[] b = new byte[8 * n.length];
        for (int i = 0; i < n.length; i++) {
            Le.putLong(b, 8 * i, n[i]);
        }
        return b;
    }

    /** The node process {@code p} published in the prelude (the manager's is its context node). */
    static Obj ownNode(int p, boolean weak) {
        return new Obj(weak ? BinderObjectType.BINDER_TYPE_WEAK_BINDER : BinderObjectType.BINDER_TYPE_BINDER,
                p == 0 ? 0 : World.nodePtr(p), p);
    }

    /** Process {@code p}'s second node, which accepts fds (made by the first object that names it). */
    static Obj fdsNode(int p) {
        return new Obj(BinderObjectType.BINDER_TYPE_BINDER, FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS,
                World.nodePtr(p) + 0x100, 0x100 + p);
    }

    private static Obj fd(Random r) {
        return new Obj(BinderObjectType.BINDER_TYPE_FD, 0, r.nextInt(3), r.nextInt(4) == 0 ? 0x77 : 0);
    }

    /** The handles {@code p} holds on live nodes that accept fds. */
    private static List<Integer> accepting(World w, int p) {
        List<Integer> out = new ArrayList<>();
        if (!w.proc(p).exited()) {
            for (bindercheck.impl.driver.BinderRef ref : w.proc(p).binder().refs()) {
                if (ref.node().acceptFds() && ref.node().proc() != null) {
                    out.add(ref.desc());
                }
            }
        }
        return out;
    }

    /** Whether handle {@code h} of {@code p} names a node that accepts fds. */
    private static boolean accepts(World w, int p, int h) {
        return accepting(w, p).contains(h);
    }

    /** Whether the call thread {@code o} would answer now asked for fds (TF_ACCEPT_FDS). */
    private static boolean callerAcceptsFds(World w, On o) {
        World.Proc p = w.proc(o.proc);
        bindercheck.impl.driver.BinderThread t = p.thread(o.thread);
        bindercheck.impl.driver.BinderTransaction top = t == null ? null : t.transactionStack();
        return top != null && (top.flags() & TransactionFlags.TF_ACCEPT_FDS) != 0;
    }

    /** Sync (asking for fds back, as libbinder does) or one-way (never to a second node). */
    private static int callFlags(Random r, World w, int p, int target) {
        int f = r.nextInt(3) == 0 ? TransactionFlags.TF_ONE_WAY : r.nextInt(4) == 0 ? 0 : TransactionFlags.TF_ACCEPT_FDS;
        return f == TransactionFlags.TF_ONE_WAY && w.syncOnly(p, target) ? TransactionFlags.TF_ACCEPT_FDS : f;
    }

    private static Steps.On on(On o) {
        return Steps.on(World.procName(o.proc), World.threadName(o.thread));
    }

    /** {@code objs} placed at offsets 0, 24, ... of a transaction (code 1). */
    private static TransactionBuilder placed(Bc bc, List<Obj> objs) {
        TransactionBuilder t = new TransactionBuilder(bc).code(1);
        for (int i = 0; i < objs.size(); i++) {
            t.obj(objs.get(i).at((long) i * FlatBinderObject.SIZE));
        }
        return t;
    }

    private static ScenarioStep call(On o, int handle, int flags, List<Obj> objs) {
        return on(o).write(placed(Bc.BC_TRANSACTION, objs).handle(handle).flags(flags).build());
    }

    private static ScenarioStep reply(On o, List<Obj> objs) {
        return on(o).write(placed(Bc.BC_REPLY, objs).build());
    }

    // ---- the draws ----

    /** A call (to the manager or a held handle) carrying 1 or 2 objects: own node or held handles, strong or weak. */
    static ScenarioStep sendObjects(World w, Random r) {
        On o = pick(idle(w, -1), r);
        World.Proc p = w.proc(o.proc);
        List<Integer> held = p.heldHandles();
        List<Obj> objs = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(2); i++) {
            boolean weak = r.nextInt(3) == 0;
            if (held.isEmpty() || r.nextBoolean()) {
                long ptr = o.proc == 0 ? 0 : World.nodePtr(o.proc);
                objs.add(new Obj(weak ? BinderObjectType.BINDER_TYPE_WEAK_BINDER : BinderObjectType.BINDER_TYPE_BINDER,
                        ptr, o.proc == 0 ? 0 : o.proc));
            } else {
                objs.add(new Obj(weak ? BinderObjectType.BINDER_TYPE_WEAK_HANDLE : BinderObjectType.BINDER_TYPE_HANDLE,
                        pick(held, r), 0));
            }
        }
        int target = held.isEmpty() || r.nextBoolean() ? 0 : pick(held, r);
        boolean oneway = r.nextInt(4) == 0 && !w.syncOnly(o.proc, target);
        return call(o, target, oneway ? TransactionFlags.TF_ONE_WAY : 0, objs);
    }

    /** The oldest node work told of, acknowledged (user space forgets it once the write has gone in). */
    static ScenarioStep acknowledge(World w, Random r) {
        World.Proc p = withAcks(w);
        On o = pick(idle(w, p.index), r);
        long[] a = p.acks().get(0);
        return on(o).write(Steps.refDone(a[2] == 1 ? Bc.BC_ACQUIRE_DONE : Bc.BC_INCREFS_DONE, a[0], a[1]));
    }

    /** INCREFS and ACQUIRE more often than RELEASE and DECREFS, so refs live a while. */
    static ScenarioStep changeRef(World w, Random r) {
        On o = pick(holders(w), r);
        World.Proc p = w.proc(o.proc);
        Bc[] cmds = {Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_RELEASE, Bc.BC_DECREFS};
        Bc cmd = cmds[r.nextInt(cmds.length)];
        int h = pick(p.heldHandles(), r);
        if (cmd == Bc.BC_RELEASE || cmd == Bc.BC_DECREFS) {
            // As libbinder: drop only a count this process took (dropping one a buffer holds is the bogus move's).
            boolean strong = cmd == Bc.BC_RELEASE;
            List<Integer> mine = p.heldHandles().stream().filter(x -> p.taken(x, strong) > 0).toList();
            if (mine.isEmpty()) {
                cmd = strong ? Bc.BC_ACQUIRE : Bc.BC_INCREFS;
            } else {
                h = pick(mine, r);
            }
        }
        return on(o).write(Steps.refOp(cmd, h));
    }

    static ScenarioStep requestDeath(World w, Random r) {
        On o = pick(holders(w), r);
        int h = pick(w.proc(o.proc).heldHandles(), r);
        return on(o).write(Steps.death(Bc.BC_REQUEST_DEATH_NOTIFICATION, h, cookie(r)));
    }

    static ScenarioStep clearDeath(World w, Random r) {
        On o = pick(holders(w), r);
        int h = pick(w.proc(o.proc).heldHandles(), r);
        return on(o).write(Steps.death(Bc.BC_CLEAR_DEATH_NOTIFICATION, h, cookie(r)));
    }

    /** The oldest death notice, acknowledged (user space forgets it once the write has gone in). */
    static ScenarioStep deadBinderDone(World w, Random r) {
        World.Proc p = withDeaths(w);
        On o = pick(idle(w, p.index), r);
        return on(o).write(Steps.deadBinderDone(p.deaths().get(0)));
    }

    static ScenarioStep changeBogusRef(World w, Random r) {
        On o = pick(idle(w, -1), r);
        Bc[] cmds = {Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_RELEASE, Bc.BC_DECREFS};
        return on(o).write(Steps.refOp(cmds[r.nextInt(cmds.length)], r.nextInt(10)));
    }

    static ScenarioStep acknowledgeBogus(World w, Random r) {
        On o = pick(idle(w, -1), r);
        Bc cmd = r.nextBoolean() ? Bc.BC_ACQUIRE_DONE : Bc.BC_INCREFS_DONE;
        long ptr = World.nodePtr(r.nextInt(w.procs().size()));
        return on(o).write(Steps.refDone(cmd, ptr, r.nextInt(3)));
    }

    static ScenarioStep deadBinderDoneBogus(World w, Random r) {
        On o = pick(idle(w, -1), r);
        return on(o).write(Steps.deadBinderDone(cookie(r)));
    }

    /**
     * FD objects (descriptors 0-2, sometimes with a BINDER or HANDLE) to a held handle whose node
     * accepts fds; with none held, the sender publishes its own fd-accepting node (to the manager or
     * a held handle) so that others can.
     */
    static ScenarioStep sendFds(World w, Random r) {
        On o = pick(writers(w), r);
        List<Integer> acc = accepting(w, o.proc);
        List<Integer> held = w.proc(o.proc).heldHandles();
        if (acc.isEmpty() || r.nextInt(4) == 0) {
            int target = held.isEmpty() || r.nextBoolean() ? 0 : pick(held, r);
            return call(o, target, callFlags(r, w, o.proc, target), List.of(fdsNode(o.proc)));
        }
        List<Obj> objs = new ArrayList<>();
        objs.add(fd(r));
        switch (r.nextInt(4)) {
            case 0 -> objs.add(fd(r));
            case 1 -> objs.add(r.nextBoolean() ? ownNode(o.proc, false) : fdsNode(o.proc));
            case 2 -> {
                if (!held.isEmpty()) {
                    objs.add(0, new Obj(BinderObjectType.BINDER_TYPE_HANDLE, pick(held, r), 0));
                }
            }
            default -> {
            }
        }
        int target = pick(acc, r);
        return call(o, target, callFlags(r, w, o.proc, target), objs);
    }

    /** A reply carrying 1 or 2 objects: held handles, the replier's nodes, fds if the call accepts them. */
    static ScenarioStep replyObjects(World w, Random r) {
        On o = pick(repliers(w), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        boolean fds = callerAcceptsFds(w, o);
        List<Obj> objs = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(2); i++) {
            int kind = r.nextInt(fds ? 5 : 4);
            if (kind == 4) {
                objs.add(fd(r));
            } else if (kind >= 2 && !held.isEmpty()) {
                objs.add(new Obj(kind == 2 ? BinderObjectType.BINDER_TYPE_HANDLE : BinderObjectType.BINDER_TYPE_WEAK_HANDLE,
                        pick(held, r), 0));
            } else {
                objs.add(kind == 1 ? fdsNode(o.proc) : ownNode(o.proc, r.nextInt(3) == 0));
            }
        }
        return reply(o, objs);
    }

    /** Plain data first, so that no object sits at data offset 0 (which the driver reads as "no parent"). */
    private static final byte[] LEAD = words(0);

    private static Obj ptr(long at, long length, boolean child) {
        return new Obj(BinderObjectType.BINDER_TYPE_PTR, child ? BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT : 0,
                Processes.ELF_BASE + at, length);
    }

    /** Descriptors an FD array finds in the ELF header: 1 at byte 20, 0 at these. */
    private static final int[] ZERO_WORDS = {8, 12, 28, 36, 44, 48};

    /**
     * BC_TRANSACTION_SG with a PTR buffer (8 to 64 bytes of the harness's ELF header) alone, with one
     * or two children patched into it, or with an FD array in it (fds only to a node that accepts
     * them), to the manager or a held handle; buffers_size just enough or 8 more.
     */
    static ScenarioStep sendSg(World w, Random r) {
        On o = pick(writers(w), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        TransactionBuilder parts = new TransactionBuilder(Bc.BC_TRANSACTION_SG).code(1).data(LEAD);
        long buffers;
        switch (r.nextInt(3)) {
            case 0 -> {
                long len = 8L * (1 + r.nextInt(8));
                long at = 8L * r.nextInt((int) (64 - len) / 8 + 1);
                parts.obj(ptr(at, len, false).at(8));
                parts.data(words(0, 0));
                buffers = len;
            }
            case 1 -> {
                long len = 8L * (2 + r.nextInt(7));
                parts.obj(ptr(0, len, false).at(8));
                parts.data(words(0, 0));
                long fix = 8L * r.nextInt((int) len / 8);
                long childLen = 8L * (1 + r.nextInt(2));
                parts.obj(ptr(8, childLen, true).at(48));
                parts.data(words(0, fix));
                buffers = len + childLen;
                if (fix + 16 <= len && r.nextBoolean()) {
                    long fix2 = fix + 8L * (1 + r.nextInt((int) (len - fix - 8) / 8));
                    parts.obj(ptr(16, 8, true).at(88));
                    parts.data(words(0, fix2));
                    buffers += 8;
                }
            }
            default -> {
                parts.obj(ptr(0, 64, false).at(8));
                parts.data(words(0, 0));
                boolean fds = accepts(w, o.proc, target);
                int n = fds ? r.nextInt(3) : 0;
                long fix = n == 1 ? (r.nextBoolean() ? 20 : ZERO_WORDS[r.nextInt(ZERO_WORDS.length)])
                        : n == 2 ? (r.nextBoolean() ? 8 : 44) : 4L * r.nextInt(17);
                parts.obj(new Obj(BinderObjectType.BINDER_TYPE_FDA, n, 0).at(48));
                parts.data(words(fix));
                buffers = 64;
            }
        }
        buffers += r.nextInt(4) == 0 ? 8 : 0;
        return on(o).write(parts.handle(target).flags(callFlags(r, w, o.proc, target)).buffersSize(buffers).build());
    }

    /**
     * Scatter-gather objects the driver refuses: a child whose parent index is itself or a later
     * object, a fixup past the parent's end, a parent at data offset 0, buffers_size too small, a
     * misaligned or oversized FD array, children out of order.
     */
    static ScenarioStep sendSgBad(World w, Random r) {
        On o = pick(idle(w, -1), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        TransactionBuilder parts = new TransactionBuilder(Bc.BC_TRANSACTION_SG).code(1);
        long buffers = 72;
        int kind = r.nextInt(7);
        if (kind != 3) {
            parts.data(LEAD);
        }
        long parentAt = kind == 3 ? 0 : 8;
        parts.obj(ptr(0, 64, false).at(parentAt));
        parts.data(words(0, 0));
        long next = parentAt + 40;
        switch (kind) {
            case 0, 1 -> { // parent index: the child itself, or an object not yet validated
                parts.obj(ptr(8, 8, true).at(next));
                parts.data(words(kind == 0 ? 1 : 2, 8));
            }
            case 2 -> { // the pointer does not fit in the parent
                parts.obj(ptr(8, 8, true).at(next));
                parts.data(words(0, 57 + r.nextInt(8)));
            }
            case 3 -> { // the parent at data offset 0
                parts.obj(ptr(8, 8, true).at(next));
                parts.data(words(0, 8));
            }
            case 4 -> { // buffers_size short of the buffers
                parts.obj(ptr(8, 8, true).at(next));
                parts.data(words(0, 8));
                buffers = 64;
            }
            case 5 -> { // an FD array misaligned, too long for its parent, or past its end
                long[][] bad = {{1, 2}, {17, 0}, {1, 62}};
                long[] b = bad[r.nextInt(bad.length)];
                parts.obj(new Obj(BinderObjectType.BINDER_TYPE_FDA, b[0], 0).at(next));
                parts.data(words(b[1]));
                buffers = 64;
            }
            default -> { // two children, the second below the first
                parts.obj(ptr(8, 8, true).at(next));
                parts.data(words(0, 16));
                parts.obj(ptr(16, 8, true).at(next + 40));
                parts.data(words(0, 8));
                buffers = 80;
            }
        }
        return on(o).write(parts.handle(target).flags(callFlags(r, w, o.proc, target)).buffersSize(buffers).build());
    }

    /** A handle {@code p} does not hold (1 .. 12). */
    private static int notHeld(World w, int p, Random r) {
        List<Integer> held = w.proc(p).heldHandles();
        int h = 1 + r.nextInt(12);
        while (held.contains(h)) {
            h++;
        }
        return h;
    }

    /**
     * Objects the driver refuses, in a call to the manager or a held handle: an offset not
     * u32-aligned (and one 4-aligned, which is accepted), an unknown type (alone or after a good
     * BINDER), an offset past the data or straddling its end, overlapping, repeated or decreasing
     * offsets, a handle the sender does not hold, a BINDER with its node's ptr and another cookie, an
     * fd that is not open, an fd to a node that refuses fds.
     */
    static ScenarioStep sendMalformed(World w, Random r) {
        On o = pick(idle(w, -1), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        int flags = callFlags(r, w, o.proc, target);
        Obj own = ownNode(o.proc, false);
        TransactionBuilder parts = new TransactionBuilder(Bc.BC_TRANSACTION).code(1);
        List<Long> offsets = null;
        int size = 0;
        switch (r.nextInt(10)) {
            case 0 -> {
                boolean four = r.nextBoolean();
                parts.data(HexFormat.of().parseHex(four ? "0a0b0c0d" : "0000"));
                parts.obj(own.at(four ? 4 : 2));
            }
            case 1 -> {
                int[] types = {0, 0x12345678, BinderObjectType.BINDER_TYPE_BINDER + 1};
                Obj bad = new Obj(types[r.nextInt(types.length)], 0, 0);
                if (r.nextBoolean()) {
                    parts.obj(own.at(0));
                    parts.obj(bad.at(24));
                } else {
                    parts.obj(bad.at(0));
                }
            }
            case 2 -> {
                parts.obj(own.at(0));
                offsets = List.of(r.nextBoolean() ? 32L : r.nextBoolean() ? 8L : 24L);
            }
            case 3 -> {
                parts.obj(own.at(0));
                offsets = r.nextBoolean() ? List.of(0L, 16L) : List.of(0L, 0L);
                size = 40;
            }
            case 4 -> {
                parts.obj(own.at(0));
                parts.obj((held.isEmpty() ? own : new Obj(BinderObjectType.BINDER_TYPE_HANDLE, pick(held, r), 0)).at(24));
                offsets = List.of(24L, 0L);
            }
            case 5 -> parts.obj((new Obj(r.nextBoolean() ? BinderObjectType.BINDER_TYPE_HANDLE : BinderObjectType.BINDER_TYPE_WEAK_HANDLE, notHeld(w, o.proc, r), 0)).at(0));
            case 6 -> parts.obj((new Obj(BinderObjectType.BINDER_TYPE_BINDER, own.binderOrHandle(), own.cookie() + 0x50)).at(0));
            case 7 -> {
                List<Integer> acc = accepting(w, o.proc);
                if (!acc.isEmpty() && r.nextBoolean()) {
                    target = pick(acc, r);
                }
                parts.obj(new Obj(BinderObjectType.BINDER_TYPE_FD, 0, 99, 0).at(0));
            }
            case 8 -> {
                target = 0; // the context manager's node refuses fds
                parts.obj(fd(r).at(0));
            }
            default -> {
                parts.obj((r.nextBoolean() ? own : fdsNode(o.proc)).at(0));
                parts.obj((new Obj(BinderObjectType.BINDER_TYPE_HANDLE, notHeld(w, o.proc, r), 0)).at(24));
            }
        }
        if (w.syncOnly(o.proc, target)) {
            flags &= ~TransactionFlags.TF_ONE_WAY;
        }
        parts.handle(target).flags(flags).size(size);
        if (offsets != null) {
            parts.offsets(offsets);
        }
        return on(o).write(parts.build());
    }

    /** A reply the driver refuses: an fd the call did not ask for, a handle not held, an unknown type. */
    static ScenarioStep replyObjectsBad(World w, Random r) {
        On o = pick(repliers(w), r);
        Obj obj = switch (r.nextInt(3)) {
            case 0 -> fd(r);
            case 1 -> new Obj(BinderObjectType.BINDER_TYPE_HANDLE, notHeld(w, o.proc, r), 0);
            default -> new Obj(0x12345678, 0, 0);
        };
        return reply(o, r.nextBoolean() ? List.of(obj) : List.of(ownNode(o.proc, false), obj));
    }
}
