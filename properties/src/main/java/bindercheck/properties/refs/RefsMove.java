package bindercheck.properties.refs;

import bindercheck.properties.harness.TxnOp;
import bindercheck.properties.harness.TxnWorld;
import bindercheck.properties.harness.WorldMove;
import bindercheck.properties.txn.TxnMove;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.TransactionFlags;
import java.util.ArrayList;
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
 * that set TF_ACCEPT_FDS; BC_TRANSACTION_SG with PTR objects (into the oracle harness's ELF header
 * at 0x400000, the only user memory a scenario can name), children patched into their parent, FD
 * arrays; replies carrying handles, binders and fds. The malformed forms: offsets not u32-aligned,
 * past the data, straddling its end, overlapping or decreasing; unknown object types; handles the
 * sender does not hold; a BINDER with the wrong cookie; fds not open or refused; scatter-gather
 * parents not yet validated, fixups out of the parent or out of order, too small a buffers_size.
 */
public enum RefsMove implements WorldMove {
    SEND_OBJECTS(5, true, w -> anyIdle(w), RefsMove::sendObjects),
    ACKNOWLEDGE(4, true, w -> withAcks(w) != null, RefsMove::acknowledge),
    CHANGE_REF(3, true, w -> !holders(w).isEmpty(), RefsMove::changeRef),
    REQUEST_DEATH(2, true, w -> !holders(w).isEmpty(), RefsMove::requestDeath),
    CLEAR_DEATH(1, true, w -> !holders(w).isEmpty(), RefsMove::clearDeath),
    DEAD_BINDER_DONE(3, true, w -> withDeaths(w) != null, RefsMove::deadBinderDone),
    CHANGE_BOGUS_REF(1, false, w -> anyIdle(w), RefsMove::changeBogusRef),
    ACKNOWLEDGE_BOGUS(1, false, w -> anyIdle(w), RefsMove::acknowledgeBogus),
    DEAD_BINDER_DONE_BOGUS(1, false, w -> anyIdle(w), RefsMove::deadBinderDoneBogus),
    SEND_FDS(3, true, w -> !writers(w).isEmpty(), RefsMove::sendFds),
    REPLY_OBJECTS(3, true, w -> !repliers(w).isEmpty(), RefsMove::replyObjects),
    SEND_SG(2, true, w -> !writers(w).isEmpty(), RefsMove::sendSg),
    SEND_MALFORMED(2, false, w -> anyIdle(w), RefsMove::sendMalformed),
    SEND_SG_BAD(1, false, w -> anyIdle(w), RefsMove::sendSgBad),
    REPLY_OBJECTS_BAD(1, false, w -> !repliers(w).isEmpty(), RefsMove::replyObjectsBad);

    private final int weight;
    private final boolean wellBehaved;
    private final Predicate<TxnWorld> enabled;
    private final BiFunction<TxnWorld, Random, TxnOp> draw;

    RefsMove(int weight, boolean wellBehaved, Predicate<TxnWorld> enabled, BiFunction<TxnWorld, Random, TxnOp> draw) {
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

    public boolean enabled(TxnWorld w) {
        return enabled.test(w);
    }

    public TxnOp draw(TxnWorld w, Random r) {
        return draw.apply(w, r);
    }

    /** A refcount move half the time (when one is enabled), else a {@link TxnMove}. */
    public static TxnOp drawAny(TxnWorld w, Random r, boolean wellBehavedOnly) {
        TxnOp op = r.nextBoolean() ? WorldMove.drawWeighted(values(), w, r, wellBehavedOnly) : null;
        return op != null ? op : TxnMove.drawAny(w, r, wellBehavedOnly);
    }

    // ---- what the world offers ----

    private record On(int proc, int thread) {
    }

    private static List<On> idle(TxnWorld w, int proc) {
        List<On> out = new ArrayList<>();
        for (TxnWorld.Proc p : w.procs()) {
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

    private static boolean anyIdle(TxnWorld w) {
        return !idle(w, -1).isEmpty();
    }

    /** Idle threads of processes that hold at least one handle. */
    private static List<On> holders(TxnWorld w) {
        return idle(w, -1).stream().filter(o -> !w.proc(o.proc).heldHandles().isEmpty()).toList();
    }

    private static TxnWorld.Proc withAcks(TxnWorld w) {
        for (TxnWorld.Proc p : w.procs()) {
            if (!p.acks().isEmpty() && !idle(w, p.index).isEmpty()) {
                return p;
            }
        }
        return null;
    }

    private static TxnWorld.Proc withDeaths(TxnWorld w) {
        for (TxnWorld.Proc p : w.procs()) {
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
    private static List<On> writers(TxnWorld w) {
        return idle(w, -1).stream().filter(o -> {
            TxnWorld.Proc p = w.proc(o.proc);
            bindercheck.impl.driver.BinderThread t = p.binder.thread(p.tid(o.thread));
            return t == null || t.returnErrorCmd() == bindercheck.impl.wire.Br.BR_OK.code();
        }).toList();
    }

    /** Threads that can write with a call to answer. */
    private static List<On> repliers(TxnWorld w) {
        return writers(w).stream().filter(o -> w.proc(o.proc).unanswered(o.thread) > 0).toList();
    }

    /** FLAT_BINDER_FLAG_ACCEPTS_FDS. */
    static final int ACCEPTS_FDS = 0x100;

    /** The node process {@code p} published in the prelude (the manager's is its context node). */
    static TxnOp.Obj ownNode(int p, boolean weak) {
        return new TxnOp.Obj(weak ? BinderObjectType.BINDER_TYPE_WEAK_BINDER : BinderObjectType.BINDER_TYPE_BINDER,
                p == 0 ? 0 : TxnWorld.nodePtr(p), p);
    }

    /** Process {@code p}'s second node, which accepts fds (made by the first object that names it). */
    static TxnOp.Obj fdsNode(int p) {
        return new TxnOp.Obj(BinderObjectType.BINDER_TYPE_BINDER, ACCEPTS_FDS, TxnWorld.nodePtr(p) + 0x100, 0x100 + p);
    }

    private static TxnOp.Obj fd(Random r) {
        return new TxnOp.Obj(BinderObjectType.BINDER_TYPE_FD, 0, r.nextInt(3), r.nextInt(4) == 0 ? 0x77 : 0);
    }

    /** The handles {@code p} holds on live nodes that accept fds. */
    private static List<Integer> accepting(TxnWorld w, int p) {
        List<Integer> out = new ArrayList<>();
        if (!w.proc(p).exited()) {
            for (bindercheck.impl.driver.BinderRef ref : w.proc(p).binder.refs()) {
                if (ref.node().acceptFds() && ref.node().proc() != null) {
                    out.add(ref.desc());
                }
            }
        }
        return out;
    }

    /** Whether handle {@code h} of {@code p} names a node that accepts fds. */
    private static boolean accepts(TxnWorld w, int p, int h) {
        return accepting(w, p).contains(h);
    }

    /** Whether the call thread {@code o} would answer now asked for fds (TF_ACCEPT_FDS). */
    private static boolean callerAcceptsFds(TxnWorld w, On o) {
        TxnWorld.Proc p = w.proc(o.proc);
        bindercheck.impl.driver.BinderThread t = p.binder.thread(p.tid(o.thread));
        bindercheck.impl.driver.BinderTransaction top = t == null ? null : t.transactionStack();
        return top != null && (top.flags() & TransactionFlags.TF_ACCEPT_FDS) != 0;
    }

    /**
     * Whether {@code handle} of {@code p} names a process's second node (the fd-accepting one): calls
     * to it are sync only. Binder.tla has one node per process, and the driver's async queue is per
     * node: one-way calls outstanding on two nodes of one process would queue apart in the driver and
     * together in the spec.
     */
    public static boolean syncOnly(TxnWorld w, int p, int handle) {
        if (w.proc(p).exited()) {
            return false;
        }
        for (bindercheck.impl.driver.BinderRef ref : w.proc(p).binder.refs()) {
            if (ref.desc() == handle) {
                return (ref.node().ptr() & 0xfff) != 0;
            }
        }
        return false;
    }

    /** Sync (asking for fds back, as libbinder does) or one-way (never to a second node). */
    private static int callFlags(Random r, TxnWorld w, int p, int target) {
        int f = r.nextInt(3) == 0 ? TransactionFlags.TF_ONE_WAY : r.nextInt(4) == 0 ? 0 : TransactionFlags.TF_ACCEPT_FDS;
        return f == TransactionFlags.TF_ONE_WAY && syncOnly(w, p, target) ? TransactionFlags.TF_ACCEPT_FDS : f;
    }

    private static TxnOp.Call call(On o, int handle, int flags, List<TxnOp.Obj> objs) {
        List<TxnOp.Part> parts = new ArrayList<>();
        for (int i = 0; i < objs.size(); i++) {
            parts.add(new TxnOp.At((long) i * FlatBinderObject.SIZE, objs.get(i)));
        }
        return new TxnOp.Call(o.proc, o.thread, Bc.BC_TRANSACTION, handle, flags, 0, parts, null, 0);
    }

    private static TxnOp.Call reply(On o, List<TxnOp.Obj> objs) {
        List<TxnOp.Part> parts = new ArrayList<>();
        for (int i = 0; i < objs.size(); i++) {
            parts.add(new TxnOp.At((long) i * FlatBinderObject.SIZE, objs.get(i)));
        }
        return new TxnOp.Call(o.proc, o.thread, Bc.BC_REPLY, 0, 0, 0, parts, null, 0);
    }

    // ---- the draws ----

    /** A call (to the manager or a held handle) carrying 1 or 2 objects: own node or held handles, strong or weak. */
    static TxnOp sendObjects(TxnWorld w, Random r) {
        On o = pick(idle(w, -1), r);
        TxnWorld.Proc p = w.proc(o.proc);
        List<Integer> held = p.heldHandles();
        List<TxnOp.Obj> objs = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(2); i++) {
            boolean weak = r.nextInt(3) == 0;
            if (held.isEmpty() || r.nextBoolean()) {
                long ptr = o.proc == 0 ? 0 : TxnWorld.nodePtr(o.proc);
                objs.add(new TxnOp.Obj(weak ? BinderObjectType.BINDER_TYPE_WEAK_BINDER : BinderObjectType.BINDER_TYPE_BINDER,
                        ptr, o.proc == 0 ? 0 : o.proc));
            } else {
                objs.add(new TxnOp.Obj(weak ? BinderObjectType.BINDER_TYPE_WEAK_HANDLE : BinderObjectType.BINDER_TYPE_HANDLE,
                        pick(held, r), 0));
            }
        }
        int target = held.isEmpty() || r.nextBoolean() ? 0 : pick(held, r);
        return new TxnOp.Call(o.proc, o.thread, target, r.nextInt(4) == 0 && !syncOnly(w, o.proc, target), 0, objs);
    }

    static TxnOp acknowledge(TxnWorld w, Random r) {
        TxnWorld.Proc p = withAcks(w);
        On o = pick(idle(w, p.index), r);
        long[] a = p.acks().remove(0);
        return new TxnOp.Done(o.proc, o.thread, a[2] == 1, a[0], a[1]);
    }

    /** INCREFS and ACQUIRE more often than RELEASE and DECREFS, so refs live a while. */
    static TxnOp changeRef(TxnWorld w, Random r) {
        On o = pick(holders(w), r);
        TxnWorld.Proc p = w.proc(o.proc);
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
        return new TxnOp.RefCmd(o.proc, o.thread, cmd, h);
    }

    static TxnOp requestDeath(TxnWorld w, Random r) {
        On o = pick(holders(w), r);
        return new TxnOp.Death(o.proc, o.thread, true, pick(w.proc(o.proc).heldHandles(), r), cookie(r));
    }

    static TxnOp clearDeath(TxnWorld w, Random r) {
        On o = pick(holders(w), r);
        return new TxnOp.Death(o.proc, o.thread, false, pick(w.proc(o.proc).heldHandles(), r), cookie(r));
    }

    static TxnOp deadBinderDone(TxnWorld w, Random r) {
        TxnWorld.Proc p = withDeaths(w);
        On o = pick(idle(w, p.index), r);
        return new TxnOp.DeadBinderDone(o.proc, o.thread, p.deaths().remove(0));
    }

    static TxnOp changeBogusRef(TxnWorld w, Random r) {
        On o = pick(idle(w, -1), r);
        Bc[] cmds = {Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_RELEASE, Bc.BC_DECREFS};
        return new TxnOp.RefCmd(o.proc, o.thread, cmds[r.nextInt(cmds.length)], r.nextInt(10));
    }

    static TxnOp acknowledgeBogus(TxnWorld w, Random r) {
        On o = pick(idle(w, -1), r);
        return new TxnOp.Done(o.proc, o.thread, r.nextBoolean(), TxnWorld.nodePtr(r.nextInt(w.procs().size())), r.nextInt(3));
    }

    static TxnOp deadBinderDoneBogus(TxnWorld w, Random r) {
        On o = pick(idle(w, -1), r);
        return new TxnOp.DeadBinderDone(o.proc, o.thread, cookie(r));
    }

    /**
     * FD objects (descriptors 0-2, sometimes with a BINDER or HANDLE) to a held handle whose node
     * accepts fds; with none held, the sender publishes its own fd-accepting node (to the manager or
     * a held handle) so that others can.
     */
    static TxnOp sendFds(TxnWorld w, Random r) {
        On o = pick(writers(w), r);
        List<Integer> acc = accepting(w, o.proc);
        List<Integer> held = w.proc(o.proc).heldHandles();
        if (acc.isEmpty() || r.nextInt(4) == 0) {
            int target = held.isEmpty() || r.nextBoolean() ? 0 : pick(held, r);
            return call(o, target, callFlags(r, w, o.proc, target), List.of(fdsNode(o.proc)));
        }
        List<TxnOp.Obj> objs = new ArrayList<>();
        objs.add(fd(r));
        switch (r.nextInt(4)) {
            case 0 -> objs.add(fd(r));
            case 1 -> objs.add(r.nextBoolean() ? ownNode(o.proc, false) : fdsNode(o.proc));
            case 2 -> {
                if (!held.isEmpty()) {
                    objs.add(0, new TxnOp.Obj(BinderObjectType.BINDER_TYPE_HANDLE, pick(held, r), 0));
                }
            }
            default -> {
            }
        }
        int target = pick(acc, r);
        return call(o, target, callFlags(r, w, o.proc, target), objs);
    }

    /** A reply carrying 1 or 2 objects: held handles, the replier's nodes, fds if the call accepts them. */
    static TxnOp replyObjects(TxnWorld w, Random r) {
        On o = pick(repliers(w), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        boolean fds = callerAcceptsFds(w, o);
        List<TxnOp.Obj> objs = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(2); i++) {
            int kind = r.nextInt(fds ? 5 : 4);
            if (kind == 4) {
                objs.add(fd(r));
            } else if (kind >= 2 && !held.isEmpty()) {
                objs.add(new TxnOp.Obj(kind == 2 ? BinderObjectType.BINDER_TYPE_HANDLE : BinderObjectType.BINDER_TYPE_WEAK_HANDLE,
                        pick(held, r), 0));
            } else {
                objs.add(kind == 1 ? fdsNode(o.proc) : ownNode(o.proc, r.nextInt(3) == 0));
            }
        }
        return reply(o, objs);
    }

    /** Plain data first, so that no object sits at data offset 0 (which the driver reads as "no parent"). */
    private static final TxnOp.Data LEAD = TxnOp.Data.words(0);

    private static TxnOp.Obj ptr(long at, long length, boolean child) {
        return new TxnOp.Obj(BinderObjectType.BINDER_TYPE_PTR, child ? BinderObjectType.BINDER_BUFFER_FLAG_HAS_PARENT : 0,
                TxnWorld.IMAGE_BASE + at, length);
    }

    /** Descriptors an FD array finds in the ELF header: 1 at byte 20, 0 at these. */
    private static final int[] ZERO_WORDS = {8, 12, 28, 36, 44, 48};

    /**
     * BC_TRANSACTION_SG with a PTR buffer (8 to 64 bytes of the harness's ELF header) alone, with one
     * or two children patched into it, or with an FD array in it (fds only to a node that accepts
     * them), to the manager or a held handle; buffers_size just enough or 8 more.
     */
    static TxnOp sendSg(TxnWorld w, Random r) {
        On o = pick(writers(w), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        List<TxnOp.Part> parts = new ArrayList<>(List.of(LEAD));
        long buffers;
        switch (r.nextInt(3)) {
            case 0 -> {
                long len = 8L * (1 + r.nextInt(8));
                long at = 8L * r.nextInt((int) (64 - len) / 8 + 1);
                parts.add(new TxnOp.At(8, ptr(at, len, false)));
                parts.add(TxnOp.Data.words(0, 0));
                buffers = len;
            }
            case 1 -> {
                long len = 8L * (2 + r.nextInt(7));
                parts.add(new TxnOp.At(8, ptr(0, len, false)));
                parts.add(TxnOp.Data.words(0, 0));
                long fix = 8L * r.nextInt((int) len / 8);
                long childLen = 8L * (1 + r.nextInt(2));
                parts.add(new TxnOp.At(48, ptr(8, childLen, true)));
                parts.add(TxnOp.Data.words(0, fix));
                buffers = len + childLen;
                if (fix + 16 <= len && r.nextBoolean()) {
                    long fix2 = fix + 8L * (1 + r.nextInt((int) (len - fix - 8) / 8));
                    parts.add(new TxnOp.At(88, ptr(16, 8, true)));
                    parts.add(TxnOp.Data.words(0, fix2));
                    buffers += 8;
                }
            }
            default -> {
                parts.add(new TxnOp.At(8, ptr(0, 64, false)));
                parts.add(TxnOp.Data.words(0, 0));
                boolean fds = accepts(w, o.proc, target);
                int n = fds ? r.nextInt(3) : 0;
                long fix = n == 1 ? (r.nextBoolean() ? 20 : ZERO_WORDS[r.nextInt(ZERO_WORDS.length)])
                        : n == 2 ? (r.nextBoolean() ? 8 : 44) : 4L * r.nextInt(17);
                parts.add(new TxnOp.At(48, new TxnOp.Obj(BinderObjectType.BINDER_TYPE_FDA, n, 0)));
                parts.add(TxnOp.Data.words(fix));
                buffers = 64;
            }
        }
        buffers += r.nextInt(4) == 0 ? 8 : 0;
        return new TxnOp.Call(o.proc, o.thread, Bc.BC_TRANSACTION_SG, target, callFlags(r, w, o.proc, target), 0, parts,
                null, buffers);
    }

    /**
     * Scatter-gather objects the driver refuses: a child whose parent index is itself or a later
     * object, a fixup past the parent's end, a parent at data offset 0, buffers_size too small, a
     * misaligned or oversized FD array, children out of order.
     */
    static TxnOp sendSgBad(TxnWorld w, Random r) {
        On o = pick(idle(w, -1), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        List<TxnOp.Part> parts = new ArrayList<>();
        long buffers = 72;
        int kind = r.nextInt(7);
        if (kind != 3) {
            parts.add(LEAD);
        }
        long parentAt = kind == 3 ? 0 : 8;
        parts.add(new TxnOp.At(parentAt, ptr(0, 64, false)));
        parts.add(TxnOp.Data.words(0, 0));
        long next = parentAt + 40;
        switch (kind) {
            case 0, 1 -> { // parent index: the child itself, or an object not yet validated
                parts.add(new TxnOp.At(next, ptr(8, 8, true)));
                parts.add(TxnOp.Data.words(kind == 0 ? 1 : 2, 8));
            }
            case 2 -> { // the pointer does not fit in the parent
                parts.add(new TxnOp.At(next, ptr(8, 8, true)));
                parts.add(TxnOp.Data.words(0, 57 + r.nextInt(8)));
            }
            case 3 -> { // the parent at data offset 0
                parts.add(new TxnOp.At(next, ptr(8, 8, true)));
                parts.add(TxnOp.Data.words(0, 8));
            }
            case 4 -> { // buffers_size short of the buffers
                parts.add(new TxnOp.At(next, ptr(8, 8, true)));
                parts.add(TxnOp.Data.words(0, 8));
                buffers = 64;
            }
            case 5 -> { // an FD array misaligned, too long for its parent, or past its end
                long[][] bad = {{1, 2}, {17, 0}, {1, 62}};
                long[] b = bad[r.nextInt(bad.length)];
                parts.add(new TxnOp.At(next, new TxnOp.Obj(BinderObjectType.BINDER_TYPE_FDA, b[0], 0)));
                parts.add(TxnOp.Data.words(b[1]));
                buffers = 64;
            }
            default -> { // two children, the second below the first
                parts.add(new TxnOp.At(next, ptr(8, 8, true)));
                parts.add(TxnOp.Data.words(0, 16));
                parts.add(new TxnOp.At(next + 40, ptr(16, 8, true)));
                parts.add(TxnOp.Data.words(0, 8));
                buffers = 80;
            }
        }
        return new TxnOp.Call(o.proc, o.thread, Bc.BC_TRANSACTION_SG, target, callFlags(r, w, o.proc, target), 0, parts,
                null, buffers);
    }

    /** A handle {@code p} does not hold (1 .. 12). */
    private static int notHeld(TxnWorld w, int p, Random r) {
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
    static TxnOp sendMalformed(TxnWorld w, Random r) {
        On o = pick(idle(w, -1), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        int flags = callFlags(r, w, o.proc, target);
        TxnOp.Obj own = ownNode(o.proc, false);
        List<TxnOp.Part> parts = new ArrayList<>();
        List<Long> offsets = null;
        int size = 0;
        switch (r.nextInt(10)) {
            case 0 -> {
                boolean four = r.nextBoolean();
                parts.add(new TxnOp.Data(four ? "0a0b0c0d" : "0000"));
                parts.add(new TxnOp.At(four ? 4 : 2, own));
            }
            case 1 -> {
                int[] types = {0, 0x12345678, BinderObjectType.BINDER_TYPE_BINDER + 1};
                TxnOp.Obj bad = new TxnOp.Obj(types[r.nextInt(types.length)], 0, 0);
                if (r.nextBoolean()) {
                    parts.add(new TxnOp.At(0, own));
                    parts.add(new TxnOp.At(24, bad));
                } else {
                    parts.add(new TxnOp.At(0, bad));
                }
            }
            case 2 -> {
                parts.add(new TxnOp.At(0, own));
                offsets = List.of(r.nextBoolean() ? 32L : r.nextBoolean() ? 8L : 24L);
            }
            case 3 -> {
                parts.add(new TxnOp.At(0, own));
                offsets = r.nextBoolean() ? List.of(0L, 16L) : List.of(0L, 0L);
                size = 40;
            }
            case 4 -> {
                parts.add(new TxnOp.At(0, own));
                parts.add(new TxnOp.At(24, held.isEmpty() ? own : new TxnOp.Obj(BinderObjectType.BINDER_TYPE_HANDLE,
                        pick(held, r), 0)));
                offsets = List.of(24L, 0L);
            }
            case 5 -> parts.add(new TxnOp.At(0, new TxnOp.Obj(r.nextBoolean() ? BinderObjectType.BINDER_TYPE_HANDLE
                    : BinderObjectType.BINDER_TYPE_WEAK_HANDLE, notHeld(w, o.proc, r), 0)));
            case 6 -> parts.add(new TxnOp.At(0, new TxnOp.Obj(BinderObjectType.BINDER_TYPE_BINDER, own.binderOrHandle(),
                    own.cookie() + 0x50)));
            case 7 -> {
                List<Integer> acc = accepting(w, o.proc);
                if (!acc.isEmpty() && r.nextBoolean()) {
                    target = pick(acc, r);
                }
                parts.add(new TxnOp.At(0, new TxnOp.Obj(BinderObjectType.BINDER_TYPE_FD, 0, 99, 0)));
            }
            case 8 -> {
                target = 0; // the context manager's node refuses fds
                parts.add(new TxnOp.At(0, fd(r)));
            }
            default -> {
                parts.add(new TxnOp.At(0, r.nextBoolean() ? own : fdsNode(o.proc)));
                parts.add(new TxnOp.At(24, new TxnOp.Obj(BinderObjectType.BINDER_TYPE_HANDLE, notHeld(w, o.proc, r), 0)));
            }
        }
        if (syncOnly(w, o.proc, target)) {
            flags &= ~TransactionFlags.TF_ONE_WAY;
        }
        return new TxnOp.Call(o.proc, o.thread, Bc.BC_TRANSACTION, target, flags, size, parts, offsets, 0);
    }

    /** A reply the driver refuses: an fd the call did not ask for, a handle not held, an unknown type. */
    static TxnOp replyObjectsBad(TxnWorld w, Random r) {
        On o = pick(repliers(w), r);
        TxnOp.Obj obj = switch (r.nextInt(3)) {
            case 0 -> fd(r);
            case 1 -> new TxnOp.Obj(BinderObjectType.BINDER_TYPE_HANDLE, notHeld(w, o.proc, r), 0);
            default -> new TxnOp.Obj(0x12345678, 0, 0);
        };
        return reply(o, r.nextBoolean() ? List.of(obj) : List.of(ownNode(o.proc, false), obj));
    }
}
