package bindercheck.model.refs;

import bindercheck.model.refs.NodeState.Life;
import bindercheck.model.refs.NodeState.Work;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kernel helpers of BinderRefs.tla (IncNode, DecNode, CleanupRef, the translation and
 * release functions, the release of a dying proc) over a mutable copy of one state. The spec
 * composes them as functions from state to state; here each mutates the copy in place, in the
 * same order, and {@link #freeze()} gives the successor. Method names are the spec's.
 */
final class RefsKernel {
    final RefsModel m;
    final int procs;
    final int nodeCount;
    final int[] ownerOf;
    final int[] ptrOf;

    final boolean[] alive;
    int mgrNode;
    int mgrUid;
    final Set<Integer> wasMgr;
    final NodeState[] nodes;
    final RefState[][] refs;
    final DeathState[][] deaths;
    final List<Map<Buffer, Integer>> bufs;
    final Held[][] held;
    final List<Set<Integer>> reached;
    boolean drift;
    boolean misuse;
    boolean bug;

    RefsKernel(RefsModel m, int[] ownerOf, int[] ptrOf, RefsState s) {
        this.m = m;
        this.procs = s.alive().size();
        this.nodeCount = s.nodes().size();
        this.ownerOf = ownerOf;
        this.ptrOf = ptrOf;
        alive = new boolean[procs];
        refs = new RefState[procs][];
        deaths = new DeathState[procs][];
        held = new Held[procs][];
        bufs = new ArrayList<>(procs);
        reached = new ArrayList<>(procs);
        for (int p = 0; p < procs; p++) {
            alive[p] = s.alive().get(p);
            refs[p] = s.refs().get(p).toArray(new RefState[0]);
            deaths[p] = s.deaths().get(p).toArray(new DeathState[0]);
            held[p] = s.held().get(p).toArray(new Held[0]);
            bufs.add(new HashMap<>(s.bufs().get(p)));
            reached.add(new HashSet<>(s.reached().get(p)));
        }
        nodes = s.nodes().toArray(new NodeState[0]);
        mgrNode = s.mgrNode();
        mgrUid = s.mgrUid();
        wasMgr = new HashSet<>(s.wasMgr());
        drift = s.drift();
        misuse = s.misuse();
        bug = s.kernelBug();
    }

    RefsState freeze() {
        List<Boolean> a = new ArrayList<>(procs);
        List<List<RefState>> r = new ArrayList<>(procs);
        List<List<DeathState>> d = new ArrayList<>(procs);
        List<List<Held>> h = new ArrayList<>(procs);
        for (int p = 0; p < procs; p++) {
            a.add(alive[p]);
            r.add(Arrays.asList(refs[p]));
            d.add(Arrays.asList(deaths[p]));
            h.add(Arrays.asList(held[p]));
        }
        return new RefsState(a, mgrNode, mgrUid, Arrays.asList(nodes), r, d, bufs, h, reached, drift, misuse, bug,
                wasMgr);
    }

    boolean hasRef(int p, int n) {
        return refs[p][n].exists();
    }

    boolean hasRefs(int n) {
        for (int q = 0; q < procs; q++) {
            if (refs[q][n].exists()) {
                return true;
            }
        }
        return false;
    }

    /** {@code IsCtx(st, n)}: n is the current manager node. */
    boolean isCtx(int n) {
        return n == mgrNode;
    }

    /** {@code Lookup(st, p, h, needStrong)}: the node of p's ref with desc h, or -1. */
    int lookup(int p, int h, boolean needStrong) {
        if (h < 0) {
            return -1;
        }
        for (int n = 0; n < nodeCount; n++) {
            if (refs[p][n].desc() == h && (!needStrong || refs[p][n].s() > 0)) {
                return n;
            }
        }
        return -1;
    }

    /** {@code Descs(st, p)}. */
    Set<Integer> descs(int p) {
        Set<Integer> out = new HashSet<>();
        for (int n = 0; n < nodeCount; n++) {
            if (refs[p][n].desc() != -1) {
                out.add(refs[p][n].desc());
            }
        }
        return out;
    }

    /** {@code NewDesc(st, p, n)}: the smallest unused desc from 0 (current manager node) or 1. */
    int newDesc(int p, int n) {
        Set<Integer> used = descs(p);
        int d = isCtx(n) ? 0 : 1;
        while (used.contains(d)) {
            d++;
        }
        return d;
    }

    // ------------------------------------------------------------------ node counts

    /** {@code IncNode}: returns ok; a refusal only sets misuse. */
    boolean incNode(int n, boolean strong, boolean internal, boolean toThread) {
        NodeState x = nodes[n];
        boolean refused = strong && internal && !toThread && x.is() == 0 && !(isCtx(n) && x.hs());
        if (refused) {
            misuse = true;
            return false;
        }
        NodeState y;
        if (strong) {
            NodeState c = internal ? x.withIs(x.is() + 1) : x.withLs(x.ls() + 1);
            y = !c.hs() && toThread ? c.withWork(Work.THREAD) : c;
        } else {
            NodeState c = internal ? x : x.withLw(x.lw() + 1);
            y = !c.hw() && toThread && c.work() == Work.NONE ? c.withWork(Work.THREAD) : c;
        }
        nodes[n] = y;
        bug |= x.st() == Life.NONE;
        return true;
    }

    /** {@code DecNode}. */
    void decNode(int n, boolean strong, boolean internal) {
        NodeState x = nodes[n];
        NodeState y;
        if (strong && internal) {
            y = x.withIs(x.is() - 1);
        } else if (strong) {
            y = x.withLs(x.ls() - 1);
        } else if (!internal) {
            y = x.withLw(x.lw() - 1);
        } else {
            y = x;
        }
        boolean stays = strong ? y.ls() > 0 || y.is() > 0 : y.lw() > 0 || hasRefs(n);
        NodeState z;
        if (stays) {
            z = y;
        } else if (y.st() == Life.LIVE && (y.hs() || y.hw())) {
            z = y.work() == Work.NONE ? y.withWork(Work.PROC) : y;
        } else if (!hasRefs(n) && y.ls() == 0 && y.lw() == 0) {
            z = NodeState.NO_NODE;
        } else {
            z = y;
        }
        nodes[n] = z;
        bug |= x.st() == Life.NONE;
    }

    /** {@code PutNode}. */
    void putNode(int n) {
        if (nodes[n].st() != Life.NONE) {
            decNode(n, false, true);
        }
    }

    // ------------------------------------------------------------------ refs

    /** {@code CleanupRef}. */
    void cleanupRef(int p, int n) {
        if (refs[p][n].s() > 0) {
            decNode(n, true, true);
        }
        refs[p][n] = RefState.NO_REF;
        reached.get(p).remove(n);
        if (deaths[p][n].attached()) {
            deaths[p][n] = DeathState.NONE;
        }
        decNode(n, false, true);
    }

    /** {@code IncRef}: returns ok. */
    boolean incRef(int p, int n, boolean strong, boolean toThread) {
        RefState r = refs[p][n];
        if ((strong && r.s() == 0) || (!strong && r.w() == 0)) {
            if (!incNode(n, strong, true, toThread)) {
                return false;
            }
        }
        RefState now = refs[p][n];
        refs[p][n] = strong ? new RefState(now.desc(), now.s() + 1, now.w())
                : new RefState(now.desc(), now.s(), now.w() + 1);
        return true;
    }

    /** {@code IncRefForNode}: returns ok. */
    boolean incRefForNode(int p, int n, boolean strong, boolean toThread) {
        boolean isNew = !hasRef(p, n);
        if (isNew) {
            refs[p][n] = new RefState(newDesc(p, n), 0, 0);
        }
        boolean ok = incRef(p, n, strong, toThread);
        if (!ok && isNew) {
            cleanupRef(p, n);
        }
        return ok;
    }

    /** {@code DecRef}. */
    void decRef(int p, int n, boolean strong) {
        RefState r = refs[p][n];
        if (strong && r.s() == 0) {
            misuse = true;
            return;
        }
        if (!strong && r.w() == 0) {
            return;
        }
        refs[p][n] = strong ? new RefState(r.desc(), r.s() - 1, r.w()) : new RefState(r.desc(), r.s(), r.w() - 1);
        if (strong && r.s() == 1) {
            decNode(n, true, true);
        }
        if (refs[p][n].s() == 0 && refs[p][n].w() == 0) {
            cleanupRef(p, n);
        }
    }

    /** {@code DecRefForHandle}. */
    void decRefForHandle(int p, int h, boolean strong) {
        int n = lookup(p, h, strong);
        if (n >= 0) {
            decRef(p, n, strong);
        }
    }

    // ------------------------------------------------------------------ translation

    /** The result of translating one object: ok, and the object as it is written into the buffer. */
    record Translated(boolean ok, Obj out) {
    }

    /** {@code TranslateBinder}. */
    Translated translateBinder(int p, int d, Obj o) {
        int n = m.nodeIndex(p, o.v());
        boolean strong = o.kind().strong();
        if (nodes[n].st() == Life.NONE) {
            nodes[n] = NodeState.NO_NODE.withSt(Life.LIVE);
        }
        boolean ok = incRefForNode(d, n, strong, true);
        Obj out = new Obj(strong ? Obj.Kind.HANDLE : Obj.Kind.WEAK_HANDLE, refs[d][n].desc());
        putNode(n);
        return new Translated(ok, out);
    }

    /** {@code TranslateHandle}. */
    Translated translateHandle(int p, int d, Obj o) {
        boolean strong = o.kind().strong();
        int n = lookup(p, o.v(), strong);
        if (n < 0) {
            return new Translated(false, o);
        }
        if (nodes[n].live() && ownerOf[n] == d) {
            boolean ok = incNode(n, strong, false, false);
            return new Translated(ok, new Obj(strong ? Obj.Kind.BINDER : Obj.Kind.WEAK_BINDER, ptrOf[n]));
        }
        boolean ok = incRefForNode(d, n, strong, false);
        return new Translated(ok, new Obj(o.kind(), refs[d][n].desc()));
    }

    Translated translateObj(int p, int d, Obj o) {
        return o.kind().binder() ? translateBinder(p, d, o) : translateHandle(p, d, o);
    }

    /** {@code Translate}: the objects in order until one fails; {@code out} gets the translated ones. */
    boolean translate(int p, int d, List<Obj> objs, List<Obj> out) {
        for (Obj o : objs) {
            Translated r = translateObj(p, d, o);
            if (!r.ok()) {
                return false;
            }
            out.add(r.out());
        }
        return true;
    }

    /** {@code ReleaseBinder}. */
    void releaseBinder(int d, Obj o) {
        int n = m.nodeIndex(d, o.v());
        if (n >= 0 && nodes[n].live()) {
            decNode(n, o.kind().strong(), false);
            putNode(n);
        }
    }

    /** {@code ReleaseObj}, or refs-broken's {@code MCReleaseObjSkippingWeakHandles}. */
    void releaseObj(int d, Obj o) {
        if (m.releaseSkipsWeakHandles() && o.kind() == Obj.Kind.WEAK_HANDLE) {
            return;
        }
        if (o.kind().binder()) {
            releaseBinder(d, o);
        } else {
            decRefForHandle(d, o.v(), o.kind().strong());
        }
    }

    /** {@code ReleaseBuffer}: the pin (none for a reply), then the objects in order. */
    void releaseBuffer(int d, Buffer b) {
        if (!b.isReply()) {
            decNode(b.target(), true, false);
        }
        for (Obj o : b.objs()) {
            releaseObj(d, o);
        }
    }

    /** {@code Counts(st)}: the nodes without their work place, and the refs. */
    List<Object> counts() {
        List<Object> out = new ArrayList<>();
        for (NodeState x : nodes) {
            out.add(x.withWork(Work.NONE));
        }
        for (RefState[] r : refs) {
            out.add(Arrays.asList(r.clone()));
        }
        return out;
    }

    // ------------------------------------------------------------------ process death

    /** {@code ThreadReleaseSt}. */
    void threadRelease(int p) {
        for (int n = 0; n < nodeCount; n++) {
            if (ownerOf[n] == p && nodes[n].work() == Work.THREAD) {
                nodes[n] = nodes[n].withWork(Work.NONE);
            }
            if (deaths[p][n] == DeathState.CLEAR_THREAD) {
                deaths[p][n] = DeathState.NONE;
            }
        }
    }

    /** {@code NodeRelease}. */
    void nodeRelease(int n) {
        NodeState x = nodes[n];
        if (x.st() != Life.LIVE) {
            return;
        }
        if (!hasRefs(n)) {
            nodes[n] = NodeState.NO_NODE;
            return;
        }
        boolean fired = false;
        for (int q = 0; q < procs; q++) {
            if (hasRef(q, n) && deaths[q][n].attached()) {
                fired |= deaths[q][n] == DeathState.DEAD || deaths[q][n] == DeathState.DELIVERED;
                deaths[q][n] = DeathState.DEAD;
            }
        }
        nodes[n] = x.withSt(Life.DEAD).withLs(0).withLw(0).withWork(Work.NONE);
        bug |= fired;
    }

    /** {@code ProcReleaseSt}: the manager unset if it is p's node, then as the spec orders it. */
    void procRelease(int p) {
        alive[p] = false;
        if (mgrNode != RefsState.NO_MGR && ownerOf[mgrNode] == p) {
            mgrNode = RefsState.NO_MGR;
        }
        threadRelease(p);
        for (int n = 0; n < nodeCount; n++) {
            if (ownerOf[n] == p) {
                nodeRelease(n);
            }
        }
        for (int n = 0; n < nodeCount; n++) {
            if (hasRef(p, n)) {
                cleanupRef(p, n);
            }
        }
        for (int n = 0; n < nodeCount; n++) {
            deaths[p][n] = DeathState.NONE;
            held[p][n] = Held.NONE;
        }
        bufs.set(p, new HashMap<>());
        reached.set(p, new HashSet<>());
    }
}
