package bindercheck.properties.gen;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
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
    DEAD_BINDER_DONE_BOGUS(1, false, w -> anyIdle(w), RefsMove::deadBinderDoneBogus);

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
        return new TxnOp.Call(o.proc, o.thread, target, r.nextInt(4) == 0, 0, objs);
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
        Bc[] cmds = {Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_INCREFS, Bc.BC_ACQUIRE, Bc.BC_RELEASE, Bc.BC_DECREFS};
        return new TxnOp.RefCmd(o.proc, o.thread, cmds[r.nextInt(cmds.length)], pick(w.proc(o.proc).heldHandles(), r));
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
}
