package bindercheck.properties.refs;

import bindercheck.impl.version.Difference;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BcStream;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.Le;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.harness.Processes;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldMove;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Op;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import bindercheck.properties.txn.TxnMove;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
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
 * that set TF_ACCEPT_FDS; BC_TRANSACTION_SG with PTR objects (into the harness's ELF header page at
 * 0x400000, the only user memory a scenario can name), children patched into their parent, FD
 * arrays; replies carrying handles, binders and fds. The malformed forms: offsets not u32-aligned,
 * past the data, straddling its end, overlapping or decreasing; unknown object types; handles the
 * sender does not hold; a BINDER with the wrong cookie; fds not open or refused; scatter-gather
 * parents not yet validated, fixups out of the parent or out of order, too small a buffers_size.
 *
 * <p>And the lifecycle: the manager's process exits, and with no manager a process becomes the new one
 * (BINDER_SET_CONTEXT_MGR, or _EXT with ptr 0, its published node or its fd-accepting node, existing or not; one time
 * in six with FLAT_BINDER_FLAG_TXN_SECURITY_CTX, which fails every call to it for want of a security context), often
 * one that holds a handle-0 ref on the manager that died; counts taken and dropped through handle 0 before, while
 * there is no manager (the caller's desc-0 ref, if any) and after (the new manager's node); a second manager refused
 * (-EBUSY); every count a process took on a handle dropped at once (the ref goes, its desc is free for the next);
 * processes that exit with refs, nodes and buffers. The rest of what a user can make binder_transaction fail at:
 * sizes that overflow or do not fit the area (-EINVAL, -ENOSPC), an offsets array that cannot be read or whose size
 * is not a multiple of 8, a buffers_size not a multiple of 8, a PTR whose buffer cannot be read (the scatter-gather
 * copy), a WEAK_BINDER with the wrong cookie, BC_REPLY_SG; the commands 6.1 refuses (BC_ACQUIRE_RESULT,
 * BC_ATTEMPT_ACQUIRE) and a payload cut by an unmapped page (-EFAULT); reads into memory the driver cannot write
 * (the item is consumed, the read fails with -EFAULT); BINDER_FREEZE of a process and back (calls to it get
 * BR_FROZEN_REPLY).
 *
 * <p>On a driver with freeze notifications (6.12+, {@code Difference.FREEZE_NOTIFICATION}): requests on refs that
 * have none, clears with the right cookie, BR_FROZEN_BINDER acknowledged; and their refused forms (a second request,
 * a handle not held, another cookie, a DONE nobody was sent). The moves are not drawn on 6.1, whose draws stay those
 * of before for a seed.
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
    REPLY_OBJECTS_BAD(1, false, w -> !repliers(w).isEmpty(), RefsMove::replyObjectsBad),
    SET_MANAGER(3, true, w -> w.managerProc() < 0 && anyIdle(w), RefsMove::setManager),
    MANAGER_EXIT(1, true, w -> w.managerProc() >= 0 && alive(w) > 1, RefsMove::managerExit),
    EXIT(1, true, w -> alive(w) > 1, RefsMove::exit),
    HANDLE_ZERO(3, true, RefsMove::anyIdle, RefsMove::handleZero),
    DROP_HANDLE(2, true, w -> !droppable(w).isEmpty(), RefsMove::dropHandle),
    REPLY_SG(1, true, w -> !repliers(w).isEmpty(), RefsMove::replySg),
    SET_MANAGER_BUSY(1, false, w -> w.managerProc() >= 0 && anyIdle(w), RefsMove::setManagerBusy),
    SEND_SIZES_BAD(1, false, w -> !writers(w).isEmpty(), RefsMove::sendSizesBad),
    WRITE_BAD(1, false, RefsMove::anyIdle, RefsMove::writeBad),
    READ_FAULT(1, false, RefsMove::anyIdle, RefsMove::readFault),
    UNMAP(1, false, w -> !unmappable(w).isEmpty(), RefsMove::unmap),
    FREEZE(1, false, RefsMove::anyIdle, RefsMove::freeze),
    // Freeze notifications: only where the world's driver has them (6.12+), so 6.1 draws as before for a seed.
    REQUEST_FREEZE(2, true, w -> freezeNotes(w) && !unwatched(w).isEmpty(), RefsMove::requestFreeze),
    CLEAR_FREEZE(1, true, w -> freezeNotes(w) && !watching(w).isEmpty(), RefsMove::clearFreeze),
    FREEZE_NOTIFICATION_DONE(3, true, w -> freezeNotes(w) && withFrozenNotices(w) != null,
            RefsMove::freezeNotificationDone),
    FREEZE_NOTIFICATION_BOGUS(1, false, w -> freezeNotes(w) && anyIdle(w), RefsMove::freezeNotificationBogus);

    private final int weight;
    private final boolean wellBehaved;
    private final Predicate<World> enabled;
    private final Draw draw;

    /** A draw of several steps. */
    @FunctionalInterface
    private interface Draw {
        List<ScenarioStep> steps(World w, Random r);
    }

    RefsMove(int weight, boolean wellBehaved, Predicate<World> enabled, BiFunction<World, Random, ScenarioStep> draw) {
        this(weight, wellBehaved, enabled, (Draw) (w, r) -> List.of(draw.apply(w, r)));
    }

    RefsMove(int weight, boolean wellBehaved, Predicate<World> enabled, Draw draw) {
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
        return draw.steps(w, r);
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

    /**
     * Three times in four, as libbinder does, a notice this process asked for on one of its handles, with its cookie
     * (the driver then sends BR_CLEAR_DEATH_NOTIFICATION_DONE); else any handle and cookie (ignored if they do not
     * name an attached notice).
     */
    static ScenarioStep clearDeath(World w, Random r) {
        On o = pick(holders(w), r);
        if (r.nextInt(4) > 0) {
            List<bindercheck.impl.driver.BinderRef> armed = w.proc(o.proc).binder().refs().stream()
                    .filter(ref -> ref.death() != null).toList();
            if (!armed.isEmpty()) {
                bindercheck.impl.driver.BinderRef ref = pick(armed, r);
                return on(o).write(Steps.death(Bc.BC_CLEAR_DEATH_NOTIFICATION, ref.desc(), ref.death().cookie()));
            }
        }
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
     * them; sometimes two arrays of 1,008, more than the reader's descriptor table holds), to the manager or a
     * held handle; buffers_size just enough or 8 more.
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
                boolean fds = accepts(w, o.proc, target);
                if (fds && r.nextInt(4) == 0) {
                    // Twice the rest of the ELF header's page, 1,008 zero words each: descriptor 0, 2,016 times,
                    // more than the reader's table holds (1,024): it cannot install them (-EMFILE), and the call
                    // fails on the reader's side.
                    parts.obj(ptr(64, 4032, false).at(8));
                    parts.data(words(0, 0));
                    parts.obj(new Obj(BinderObjectType.BINDER_TYPE_FDA, 1008, 0).at(48));
                    parts.data(words(0));
                    parts.obj(ptr(64, 4032, false).at(80));
                    parts.data(words(0, 0));
                    parts.obj(new Obj(BinderObjectType.BINDER_TYPE_FDA, 1008, 2).at(120));
                    parts.data(words(0));
                    return on(o).write(parts.handle(target).flags(callFlags(r, w, o.proc, target)).buffersSize(8064)
                            .build());
                }
                parts.obj(ptr(0, 64, false).at(8));
                parts.data(words(0, 0));
                // One fd to a node that refuses fds now and then (-EPERM); one fd that is not open, the ELF
                // header's e_type/e_machine word at byte 16 (-EBADF).
                int n = fds ? r.nextInt(3) : r.nextInt(4) == 0 ? 1 : 0;
                long fix = n == 1 ? (r.nextInt(4) == 0 ? 16 : r.nextBoolean() ? 20 : ZERO_WORDS[r.nextInt(ZERO_WORDS.length)])
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
     * misaligned or oversized FD array, an FD array whose parent is itself, children out of order.
     */
    static ScenarioStep sendSgBad(World w, Random r) {
        On o = pick(idle(w, -1), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextInt(3) == 0 ? 0 : pick(held, r);
        TransactionBuilder parts = new TransactionBuilder(Bc.BC_TRANSACTION_SG).code(1);
        long buffers = 72;
        int kind = r.nextInt(8);
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
            case 6 -> { // an FD array whose parent index is itself, not a validated buffer
                parts.obj(new Obj(BinderObjectType.BINDER_TYPE_FDA, 1, 1).at(next));
                parts.data(words(0));
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

    // ---- the lifecycle: the manager, exits, handles that go ----

    /** Processes that have not exited. */
    private static int alive(World w) {
        int n = 0;
        for (World.Proc p : w.procs()) {
            n += p.exited() ? 0 : 1;
        }
        return n;
    }

    /**
     * With no manager, a process becomes the new one, half the time (when there is one) a process that holds a
     * handle-0 ref (on the manager that died): BINDER_SET_CONTEXT_MGR (a new node, ptr 0), or _EXT with ptr 0, its
     * published node or its fd-accepting node (the node is reused if it exists, made if not), one time in six a new
     * ptr-0 node with FLAT_BINDER_FLAG_TXN_SECURITY_CTX (every call to it then fails: no security context).
     */
    static ScenarioStep setManager(World w, Random r) {
        List<On> idle = idle(w, -1);
        List<On> zero = idle.stream().filter(o -> w.proc(o.proc).heldHandles().contains(0)).toList();
        On o = !zero.isEmpty() && r.nextBoolean() ? pick(zero, r) : pick(idle, r);
        Steps.On on = on(o);
        return switch (r.nextInt(6)) {
            case 0, 1 -> on.setContextMgr();
            case 2 -> on.setContextMgrExt(World.nodePtr(o.proc), o.proc, 0);
            case 3 -> on.setContextMgrExt(World.nodePtr(o.proc) + 0x100, 0x100 + o.proc,
                    FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS);
            case 4 -> on.setContextMgrExt(0, 0, 0);
            default -> on.setContextMgrExt(0, 0, FlatBinderFlags.FLAT_BINDER_FLAG_TXN_SECURITY_CTX);
        };
    }

    /** While a manager lives, any process asks again (the manager itself too): -EBUSY. */
    static ScenarioStep setManagerBusy(World w, Random r) {
        On o = pick(idle(w, -1), r);
        return r.nextBoolean() ? on(o).setContextMgr() : on(o).setContextMgrExt(World.nodePtr(o.proc), o.proc, 0);
    }

    /**
     * The manager's process exits, or (one time in three) releases its binder fd while it lives on (close, then
     * munmap: the mapping held the last reference to the file): handle 0 names nothing until a process becomes the
     * new manager.
     */
    static List<ScenarioStep> managerExit(World w, Random r) {
        World.Proc m = w.proc(w.managerProc());
        List<On> own = idle(w, m.index);
        if (r.nextInt(3) > 0 || own.isEmpty()) {
            return List.of(new ScenarioStep.Exit(m.name));
        }
        On o = pick(own, r);
        return List.of(new ScenarioStep.OnThread(m.name, World.threadName(o.thread), new Op.Close()),
                new ScenarioStep.OnThread(m.name, World.threadName(o.thread), new Op.Munmap()));
    }

    /**
     * Processes that may unmap their area, with another process to call them: alive, mapped, holding no allocated
     * buffer (none is read any more), and another process with an idle thread.
     */
    private static List<World.Proc> unmappable(World w) {
        if (alive(w) < 2) {
            return List.of();
        }
        return w.procs().stream().filter(p -> !p.exited() && !p.binder().isReleased() && p.binder().alloc().mapped()
                && p.binder().alloc().buffers().stream().allMatch(b -> b.isFree()) && !idle(w, p.index).isEmpty()
                && idle(w, -1).stream().anyMatch(o -> o.proc != p.index)).toList();
    }

    /**
     * A process unmaps its binder area (binder_vma_close) while it holds no buffer, another calls it (by handle 0 if
     * it is the manager, else by the handle the set-up gave): no mapping, so BR_DEAD_REPLY (-ESRCH) at the
     * allocation; then the process exits (the generators' user space knows nothing of unmapped areas).
     */
    static List<ScenarioStep> unmap(World w, Random r) {
        World.Proc p = pick(unmappable(w), r);
        On o = pick(idle(w, -1).stream().filter(x -> x.proc != p.index).toList(), r);
        int handle = w.managerProc() == p.index ? 0 : Math.max(w.proc(o.proc).handle(p.index), 0);
        boolean oneway = r.nextInt(3) == 0 && !w.syncOnly(o.proc, handle);
        return List.of(new ScenarioStep.OnThread(p.name, World.threadName(pick(idle(w, p.index), r).thread),
                new Op.Munmap()), call(o, handle, oneway ? TransactionFlags.TF_ONE_WAY : 0, List.of()),
                new ScenarioStep.Exit(p.name));
    }

    /** A process exits, with its refs, nodes, death notices and buffers. */
    static ScenarioStep exit(World w, Random r) {
        List<World.Proc> alive = w.procs().stream().filter(p -> !p.exited()).toList();
        return new ScenarioStep.Exit(pick(alive, r).name);
    }

    /**
     * Handle 0 around a change of manager: counts taken through it (libbinder's BC_INCREFS and BC_ACQUIRE of the
     * context object; the current manager's node, a ref made if needed, or with none the caller's desc-0 ref, or
     * -EINVAL from the manager itself), counts this process took on handle 0 dropped (they land on its desc-0 ref,
     * whichever node that names), or a call to it (to the current manager; with none BR_DEAD_REPLY).
     */
    static ScenarioStep handleZero(World w, Random r) {
        On o = pick(idle(w, -1), r);
        World.Proc p = w.proc(o.proc);
        switch (r.nextInt(7)) {
            case 0, 1 -> {
                return on(o).write(Steps.refOp(Bc.BC_INCREFS, 0), Steps.refOp(Bc.BC_ACQUIRE, 0));
            }
            case 2 -> {
                return on(o).write(Steps.refOp(r.nextBoolean() ? Bc.BC_ACQUIRE : Bc.BC_INCREFS, 0));
            }
            case 3 -> {
                if (p.taken(0, true) > 0) {
                    return on(o).write(Steps.refOp(Bc.BC_RELEASE, 0));
                }
            }
            case 4 -> {
                if (p.taken(0, false) > 0) {
                    return on(o).write(Steps.refOp(Bc.BC_DECREFS, 0));
                }
            }
            default -> {
            }
        }
        List<Obj> objs = r.nextBoolean() ? List.of() : List.of(ownNode(o.proc, r.nextInt(3) == 0));
        boolean oneway = r.nextInt(4) == 0 && !w.syncOnly(o.proc, 0);
        return call(o, 0, oneway ? TransactionFlags.TF_ONE_WAY : 0, objs);
    }

    /** A handle some idle thread's process took counts on: {thread, handle}. */
    private record Drop(On on, int handle) {
    }

    private static List<Drop> droppable(World w) {
        List<Drop> out = new ArrayList<>();
        for (On o : idle(w, -1)) {
            World.Proc p = w.proc(o.proc);
            for (int h : p.heldHandles()) {
                if (p.taken(h, true) + p.taken(h, false) > 0) {
                    out.add(new Drop(o, h));
                }
            }
        }
        return out;
    }

    /**
     * Every count this process took on a handle dropped in one write, strong ones first (a libbinder proxy going
     * away): the ref goes unless a buffer still holds it, its node's owner is told (BR_RELEASE, BR_DECREFS) and may
     * free the node, and the desc is free for the next ref the process gets.
     */
    static ScenarioStep dropHandle(World w, Random r) {
        Drop d = pick(droppable(w), r);
        World.Proc p = w.proc(d.on.proc);
        List<Command> cmds = new ArrayList<>();
        for (int i = 0; i < p.taken(d.handle, true); i++) {
            cmds.add(Steps.refOp(Bc.BC_RELEASE, d.handle));
        }
        for (int i = 0; i < p.taken(d.handle, false); i++) {
            cmds.add(Steps.refOp(Bc.BC_DECREFS, d.handle));
        }
        return on(d.on).write(cmds.toArray(Command[]::new));
    }

    /** BC_REPLY_SG: a reply carrying a PTR buffer (8 to 64 bytes of the ELF header), sometimes with a child. */
    static ScenarioStep replySg(World w, Random r) {
        On o = pick(repliers(w), r);
        TransactionBuilder parts = new TransactionBuilder(Bc.BC_REPLY_SG).code(1).data(LEAD);
        long len = 8L * (2 + r.nextInt(7));
        parts.obj(ptr(0, len, false).at(8));
        parts.data(words(0, 0));
        long buffers = len;
        if (r.nextBoolean()) {
            parts.obj(ptr(8, 8, true).at(48));
            parts.data(words(0, 8L * r.nextInt((int) len / 8)));
            buffers += 8;
        }
        return on(o).write(parts.buffersSize(buffers).build());
    }

    // ---- the rest of what user space can make a transaction, a write or a read fail at ----

    /**
     * A call binder_transaction refuses for its sizes or user memory: data_size so large that the size wraps
     * (-EINVAL) or larger than the area (-ENOSPC), a one-way call larger than the free async space (-ENOSPC), an
     * offsets array at an address that cannot be read (-EFAULT) or of 4 bytes (-EINVAL), a buffers_size of 12
     * (-EINVAL), a PTR whose buffer cannot be read (the scatter-gather copy: -EINVAL), a WEAK_BINDER of the
     * sender's node with another cookie (-EINVAL).
     */
    static ScenarioStep sendSizesBad(World w, Random r) {
        On o = pick(writers(w), r);
        List<Integer> held = w.proc(o.proc).heldHandles();
        int target = held.isEmpty() || r.nextBoolean() ? 0 : pick(held, r);
        int kind = r.nextInt(8);
        if (kind == 2 && w.syncOnly(o.proc, target)) {
            kind = 1;
        }
        TransactionBuilder t = new TransactionBuilder(kind >= 5 && kind <= 6 ? Bc.BC_TRANSACTION_SG : Bc.BC_TRANSACTION)
                .handle(target).code(1);
        switch (kind) {
            case 0 -> t.data(words(0)).dataSize(-7L);
            case 1 -> t.data(words(0)).dataSize(64L << 20);
            case 2 -> t.flags(TransactionFlags.TF_ONE_WAY).size(72 * 1024);
            case 3 -> t.data(words(0)).offsetsSize(8).offsetsPtr(0xdead0000L);
            case 4 -> t.data(words(0)).offsetsSize(4);
            case 5 -> t.data(words(0)).buffersSize(12);
            case 6 -> {
                t.data(LEAD).obj(new Obj(BinderObjectType.BINDER_TYPE_PTR, 0, 0xdead0000L, 8).at(8));
                t.data(words(0, 0)).buffersSize(8);
            }
            default -> {
                Obj own = ownNode(o.proc, true);
                t.obj(new Obj(own.type(), own.binderOrHandle(), own.cookie() + 0x50).at(0));
            }
        }
        return on(o).write(t.build());
    }

    /**
     * Writes binder_thread_write stops at: BC_ACQUIRE_RESULT and BC_ATTEMPT_ACQUIRE, which 6.1 refuses (-EINVAL),
     * and a command whose payload runs into an unmapped page (-EFAULT).
     */
    static ScenarioStep writeBad(World w, Random r) {
        On o = pick(idle(w, -1), r);
        return switch (r.nextInt(4)) {
            case 0 -> on(o).write(Steps.raw(new BcStream().word(Bc.BC_ACQUIRE_RESULT.code()).word(0).toBytes()));
            case 1 -> on(o).write(Steps.raw(new BcStream().word(Bc.BC_ATTEMPT_ACQUIRE.code()).word(0).word(0)
                    .toBytes()));
            case 2 -> guarded(o, new BcStream().word(Bc.BC_ACQUIRE.code()).toBytes());
            default -> guarded(o, java.util.Arrays.copyOf(new BcStream().word(Bc.BC_TRANSACTION.code()).toBytes(), 24));
        };
    }

    /** {@code bwr guard=1 RAW}: the write buffer ends at an unmapped page, so a payload past the bytes faults. */
    private static ScenarioStep guarded(On o, byte[] bytes) {
        return new ScenarioStep.OnThread(World.procName(o.proc), World.threadName(o.thread), new Op.Bwr(Op.BwrForm.BWR,
                new Op.BwrOptions(0, OptionalLong.empty(), 0, 0, OptionalLong.empty(), OptionalLong.empty(), false,
                        true), List.of(Steps.raw(bytes))));
    }

    /**
     * A read into memory the driver cannot write (the harness's read-only ELF header page, past read_consumed 8 so
     * that no BR_NOOP is written first): the first work item is consumed as it would be delivered, and the read
     * fails with -EFAULT (a transaction is cleaned up: its caller gets BR_FAILED_REPLY).
     */
    static ScenarioStep readFault(World w, Random r) {
        On o = pick(idle(w, -1), r);
        return new ScenarioStep.OnThread(World.procName(o.proc), World.threadName(o.thread), new Op.Bwr(Op.BwrForm.BWR,
                new Op.BwrOptions(256, OptionalLong.empty(), 0, 8, OptionalLong.empty(),
                        OptionalLong.of(Processes.ELF_BASE), false, false), List.of()));
    }

    /**
     * BINDER_FREEZE: a frozen process is thawed, else one is frozen (timeout 0: -EAGAIN, and thawed again, if calls
     * are pending). While it is frozen sync calls to it fail with BR_FROZEN_REPLY and one-way calls wait.
     */
    static ScenarioStep freeze(World w, Random r) {
        On o = pick(idle(w, -1), r);
        for (World.Proc p : w.procs()) {
            if (!p.exited() && p.binder().isFrozen()) {
                return new ScenarioStep.OnThread(World.procName(o.proc), World.threadName(o.thread),
                        new Op.Freeze(p.name, 0, 0));
            }
        }
        List<World.Proc> alive = w.procs().stream().filter(p -> !p.exited()).toList();
        return new ScenarioStep.OnThread(World.procName(o.proc), World.threadName(o.thread),
                new Op.Freeze(pick(alive, r).name, 1, 0));
    }

    // ---- freeze notifications (6.12+) ----

    /** Whether the world's driver has freeze notifications. */
    private static boolean freezeNotes(World w) {
        return w.version().has(Difference.FREEZE_NOTIFICATION);
    }

    /** A thread and a handle of its process. */
    private record OnRef(On on, int handle, long cookie) {
    }

    /** Idle threads with a ref of their process that has (or has not) a freeze notification, and its handle. */
    private static List<OnRef> refsOfIdle(World w, boolean watched) {
        List<OnRef> out = new ArrayList<>();
        for (On o : idle(w, -1)) {
            for (bindercheck.impl.driver.BinderRef ref : w.proc(o.proc).binder().refs()) {
                if ((ref.freeze() != null) == watched) {
                    out.add(new OnRef(o, ref.desc(), watched ? ref.freeze().cookie() : 0));
                }
            }
        }
        return out;
    }

    private static List<OnRef> unwatched(World w) {
        return refsOfIdle(w, false);
    }

    private static List<OnRef> watching(World w) {
        return refsOfIdle(w, true);
    }

    private static World.Proc withFrozenNotices(World w) {
        for (World.Proc p : w.procs()) {
            if (!p.exited() && !p.frozenNotices().isEmpty() && !idle(w, p.index).isEmpty()) {
                return p;
            }
        }
        return null;
    }

    /** A request on a ref that has none; the current state comes back at once (unless the node is dead). */
    static ScenarioStep requestFreeze(World w, Random r) {
        OnRef x = pick(unwatched(w), r);
        return on(x.on).write(Steps.freeze(Bc.BC_REQUEST_FREEZE_NOTIFICATION, x.handle, cookie(r)));
    }

    /** A clear of a notification this process asked for, with its cookie. */
    static ScenarioStep clearFreeze(World w, Random r) {
        OnRef x = pick(watching(w), r);
        return on(x.on).write(Steps.freeze(Bc.BC_CLEAR_FREEZE_NOTIFICATION, x.handle, x.cookie));
    }

    /** The oldest BR_FROZEN_BINDER, acknowledged (user space forgets it once the write has gone in). */
    static ScenarioStep freezeNotificationDone(World w, Random r) {
        World.Proc p = withFrozenNotices(w);
        On o = pick(idle(w, p.index), r);
        return on(o).write(Steps.freezeNotificationDone(p.frozenNotices().get(0)));
    }

    /** A command the driver refuses (-EINVAL) or, by chance, one that names a real notification. */
    static ScenarioStep freezeNotificationBogus(World w, Random r) {
        On o = pick(idle(w, -1), r);
        return on(o).write(switch (r.nextInt(3)) {
            case 0 -> Steps.freeze(Bc.BC_REQUEST_FREEZE_NOTIFICATION, r.nextInt(10), cookie(r));
            case 1 -> Steps.freeze(Bc.BC_CLEAR_FREEZE_NOTIFICATION, r.nextInt(10), cookie(r));
            default -> Steps.freezeNotificationDone(cookie(r));
        });
    }
}
