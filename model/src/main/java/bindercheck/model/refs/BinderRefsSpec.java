package bindercheck.model.refs;

import bindercheck.model.refs.NodeState.Life;
import bindercheck.model.refs.NodeState.Work;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The actions of BinderRefs.tla as Java: one method per action, its name in lowerCamel, same
 * parameters, each returning the successor (empty when the action is not enabled); the operators
 * two actions share (TakeCount, DropCount, AckCount) are package-private helpers. The bounds are
 * MCBinderRefs' (NodeOwners, NodePtrs, MaxObjs, MaxBufs, MaxHeld in the {@link RefsModel}), as
 * the models' cfgs substitute them. {@link #next} is the union over the same parameter domains as
 * the spec's Next. The breadth-first exploration matched against TLC's state count calls these
 * methods.
 */
public final class BinderRefsSpec {
    private final RefsModel model;
    private final int procs;
    private final int nodeCount;
    private final int[] ownerOf;
    private final int[] ptrOf;
    private final List<Integer> mgrNodes;

    public BinderRefsSpec(RefsModel model) {
        this.model = model;
        this.procs = model.procCount();
        List<NodeId> ns = model.nodes();
        this.nodeCount = ns.size();
        this.ownerOf = new int[nodeCount];
        this.ptrOf = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            ownerOf[i] = ns.get(i).owner();
            ptrOf[i] = ns.get(i).ptr();
        }
        this.mgrNodes = model.mgrNodes();
    }

    public RefsModel model() {
        return model;
    }

    RefsKernel kernel(RefsState s) {
        return new RefsKernel(model, ownerOf, ptrOf, s);
    }

    /**
     * {@code Init}: the manager at Init, if the model has one, with the counts
     * BINDER_SET_CONTEXT_MGR gives its node and its euid recorded.
     */
    public RefsState init() {
        List<Boolean> alive = new ArrayList<>();
        List<List<RefState>> refs = new ArrayList<>();
        List<List<DeathState>> deaths = new ArrayList<>();
        List<List<Held>> held = new ArrayList<>();
        List<java.util.Map<Buffer, Integer>> bufs = new ArrayList<>();
        List<Set<Integer>> reached = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            alive.add(true);
            refs.add(Collections.nCopies(nodeCount, RefState.NO_REF));
            deaths.add(Collections.nCopies(nodeCount, DeathState.NONE));
            held.add(Collections.nCopies(nodeCount, Held.NONE));
            bufs.add(new HashMap<>());
            reached.add(Set.of());
        }
        List<NodeState> nodes = new ArrayList<>(Collections.nCopies(nodeCount, NodeState.NO_NODE));
        int mgr = model.initMgrNode();
        if (mgr >= 0) {
            nodes.set(mgr, mgrCounts(NodeState.NO_NODE));
        }
        return new RefsState(alive, mgr, mgr >= 0 ? model.euid(model.ctxMgr()) : RefsModel.NO_UID, nodes, refs,
                deaths, bufs, held, reached, false, false, false, mgr >= 0 ? Set.of(mgr) : Set.of());
    }

    /** {@code MgrCounts(x)}: the node as BINDER_SET_CONTEXT_MGR leaves it. */
    static NodeState mgrCounts(NodeState x) {
        return x.withSt(Life.LIVE).withLs(x.ls() + 1).withLw(x.lw() + 1).withHs(true).withHw(true);
    }

    /** {@code Targets(p)}: live nodes p holds a strong ref on, and the manager's node by handle 0. */
    public List<Integer> targets(RefsState s, int p) {
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            boolean byRef = s.ref(p, n).s() > 0 && s.nodes().get(n).live() && ownerOf[n] != p;
            boolean byZero = n == s.mgrNode() && ownerOf[n] != p;
            if (byRef || byZero) {
                out.add(n);
            }
        }
        return out;
    }

    /** {@code UserObjs(p)}: p's own nodes as BINDER objects, its handles as HANDLE objects. */
    public List<Obj> userObjs(RefsState s, int p) {
        List<Obj> out = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            if (ownerOf[n] == p) {
                out.add(new Obj(Obj.Kind.BINDER, ptrOf[n]));
                out.add(new Obj(Obj.Kind.WEAK_BINDER, ptrOf[n]));
            }
        }
        for (int d : descs(s, p)) {
            out.add(new Obj(Obj.Kind.HANDLE, d));
            out.add(new Obj(Obj.Kind.WEAK_HANDLE, d));
        }
        return out;
    }

    /** {@code MCObjSeqs(p)}: every sequence of up to MaxObjs of p's objects (ObjSeqs as the models bound it). */
    public List<List<Obj>> objSeqs(RefsState s, int p) {
        List<Obj> objs = userObjs(s, p);
        List<List<Obj>> out = new ArrayList<>();
        List<List<Obj>> level = List.of(List.of());
        out.addAll(level);
        for (int len = 1; len <= model.maxObjs(); len++) {
            List<List<Obj>> longer = new ArrayList<>();
            for (List<Obj> prefix : level) {
                for (Obj o : objs) {
                    List<Obj> seq = new ArrayList<>(prefix);
                    seq.add(o);
                    longer.add(List.copyOf(seq));
                }
            }
            out.addAll(longer);
            level = longer;
        }
        return out;
    }

    /** {@code FailPoints(objs)}. */
    public static List<Integer> failPoints(List<Obj> objs) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        if (objs.isEmpty()) {
            out.add(1);
        } else {
            for (int k = 2; k <= objs.size() + 1; k++) {
                out.add(k);
            }
        }
        return out;
    }

    /** {@code Descs(St, p)}, ascending. */
    public static Set<Integer> descs(RefsState s, int p) {
        Set<Integer> out = new TreeSet<>();
        for (RefState r : s.refs().get(p)) {
            if (r.exists()) {
                out.add(r.desc());
            }
        }
        return out;
    }

    /**
     * {@code Transaction(p, d, n, objs, fail)}; n is {@link Buffer#NO_TARGET} for a reply. The
     * area is full at MCBinderRefs' MaxBufs ({@code AreaFull <- MCAreaFull}).
     */
    RefsState transaction(RefsState s, int p, int d, int n, List<Obj> objs, int fail) {
        RefsKernel k = kernel(s);
        List<Object> before = k.counts();
        boolean full = s.bufCount(d) >= model.maxBufs();
        if (n != Buffer.NO_TARGET) {
            k.incNode(n, true, false, false);
        }
        List<Obj> pre = full ? List.of() : fail == 0 ? objs : objs.subList(0, fail - 1);
        List<Obj> out = new ArrayList<>();
        boolean ok = k.translate(p, d, pre, out);
        Buffer b = new Buffer(p, n, out);
        if (fail == 0 && !full && ok) {
            List<Integer> handles = new ArrayList<>();
            for (int x = 0; x < nodeCount; x++) {
                if (k.wasMgr.contains(x)) {
                    continue;
                }
                for (Obj o : out) {
                    if (!o.kind().binder() && o.v() == k.refs[d][x].desc()) {
                        handles.add(x);
                    }
                }
            }
            k.bufs.get(d).merge(b, 1, Integer::sum);
            k.reached.get(d).addAll(handles);
        } else {
            k.releaseBuffer(d, b);
            k.drift |= !k.counts().equals(before);
        }
        return k.freeze();
    }

    // ---- a proc writes: one BC_ command each ----

    /** {@code BcTransaction(p, n, objs, fail)}: BC_TRANSACTION from p to node n. */
    public List<RefsState> bcTransaction(RefsState s, int p, int n, List<Obj> objs, int fail) {
        if (!s.alive().get(p) || !targets(s, p).contains(n)) {
            return List.of();
        }
        return List.of(transaction(s, p, ownerOf[n], n, objs, fail));
    }

    /** {@code BcReply(p, q, objs, fail)}: BC_REPLY from p to q, whose call's buffer p holds. */
    public List<RefsState> bcReply(RefsState s, int p, int q, List<Obj> objs, int fail) {
        if (!s.alive().get(p) || !s.alive().get(q)) {
            return List.of();
        }
        boolean called = s.bufs().get(p).keySet().stream().anyMatch(b -> b.from() == q && !b.isReply());
        if (!called) {
            return List.of();
        }
        return List.of(transaction(s, p, q, Buffer.NO_TARGET, objs, fail));
    }

    /**
     * {@code Transaction(p, q, NoTarget, objs, fail)} without BcReply's guard: a reply whose
     * replier no longer holds the call's buffer, which the kernel allows (it looks at the stack,
     * which the spec leaves out). For checkers of the driver only; not a step of Next.
     */
    public RefsState replyWithoutCallBuffer(RefsState s, int p, int q, List<Obj> objs, int fail) {
        return transaction(s, p, q, Buffer.NO_TARGET, objs, fail);
    }

    /** {@code BcFreeBuffer(p, b)}: BC_FREE_BUFFER. */
    public List<RefsState> bcFreeBuffer(RefsState s, int p, Buffer b) {
        if (!s.alive().get(p) || !s.bufs().get(p).containsKey(b)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.releaseBuffer(p, b);
        k.bufs.get(p).computeIfPresent(b, (key, c) -> c > 1 ? c - 1 : null);
        return List.of(k.freeze());
    }

    /**
     * {@code TakeCount(p, h, strong)}: BC_ACQUIRE (strong) or BC_INCREFS on handle h. User space
     * takes at most MCBinderRefs' MaxHeld counts of a kind ({@code MayTake <- MCMayTake}).
     */
    List<RefsState> takeCount(RefsState s, int p, int h, boolean strong) {
        boolean mgrOwn = s.hasMgr() && ownerOf[s.mgrNode()] == p;
        if (!s.alive().get(p) || (h == 0 && mgrOwn)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        boolean ctx = h == 0 && s.hasMgr() && !mgrOwn;
        int found = k.lookup(p, h, strong);
        if (!ctx && found < 0) {
            return List.of();
        }
        int n = ctx ? s.mgrNode() : found;
        if (s.held().get(p).get(n).of(strong) >= model.maxHeld()) {
            return List.of();
        }
        boolean ok = ctx ? k.incRefForNode(p, n, strong, false) : k.incRef(p, n, strong, false);
        if (ok) {
            k.held[p][n] = k.held[p][n].plus(strong, 1);
        }
        return List.of(k.freeze());
    }

    /** {@code BcIncrefs(p, h)}: BC_INCREFS on handle h. */
    public List<RefsState> bcIncrefs(RefsState s, int p, int h) {
        return takeCount(s, p, h, false);
    }

    /** {@code BcAcquire(p, h)}: BC_ACQUIRE on handle h. */
    public List<RefsState> bcAcquire(RefsState s, int p, int h) {
        return takeCount(s, p, h, true);
    }

    /** {@code DropCount(p, n, strong)}: BC_RELEASE (strong) or BC_DECREFS on p's handle for n. */
    List<RefsState> dropCount(RefsState s, int p, int n, boolean strong) {
        if (!s.alive().get(p) || !s.hasRef(p, n) || s.held().get(p).get(n).of(strong) <= 0) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.decRefForHandle(p, s.ref(p, n).desc(), strong);
        k.held[p][n] = k.held[p][n].plus(strong, -1);
        return List.of(k.freeze());
    }

    /** {@code BcRelease(p, n)}: BC_RELEASE on p's handle for n. */
    public List<RefsState> bcRelease(RefsState s, int p, int n) {
        return dropCount(s, p, n, true);
    }

    /** {@code BcDecrefs(p, n)}: BC_DECREFS on p's handle for n. */
    public List<RefsState> bcDecrefs(RefsState s, int p, int n) {
        return dropCount(s, p, n, false);
    }

    /**
     * {@code AckCount(p, n, strong)}: BC_ACQUIRE_DONE (strong) or BC_INCREFS_DONE, then the put of
     * the lookup's tmp ref (all there is without a pending request).
     */
    List<RefsState> ackCount(RefsState s, int p, int n, boolean strong) {
        NodeState x = s.nodes().get(n);
        if (!s.alive().get(p) || ownerOf[n] != p || !x.live()) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        if (strong ? x.ps() : x.pw()) {
            k.nodes[n] = strong ? x.withPs(false) : x.withPw(false);
            k.decNode(n, strong, false);
        }
        k.putNode(n);
        return List.of(k.freeze());
    }

    /** {@code BcIncrefsDone(p, n)}: BC_INCREFS_DONE for p's node n. */
    public List<RefsState> bcIncrefsDone(RefsState s, int p, int n) {
        return ackCount(s, p, n, false);
    }

    /** {@code BcAcquireDone(p, n)}: BC_ACQUIRE_DONE for p's node n. */
    public List<RefsState> bcAcquireDone(RefsState s, int p, int n) {
        return ackCount(s, p, n, true);
    }

    /** {@code BcRequestDeathNotification(p, n)}. */
    public List<RefsState> bcRequestDeathNotification(RefsState s, int p, int n) {
        if (!s.alive().get(p) || !s.hasRef(p, n) || s.deaths().get(p).get(n) != DeathState.NONE) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.deaths[p][n] = s.nodes().get(n).st() == Life.DEAD ? DeathState.DEAD : DeathState.ARMED;
        return List.of(k.freeze());
    }

    /** {@code ClearQueued(looper)}. */
    static DeathState clearQueued(boolean looper) {
        return looper ? DeathState.CLEAR_THREAD : DeathState.CLEAR_PROC;
    }

    /** {@code BcClearDeathNotification(p, n, looper)}. */
    public List<RefsState> bcClearDeathNotification(RefsState s, int p, int n, boolean looper) {
        DeathState d = s.deaths().get(p).get(n);
        if (!s.alive().get(p) || !s.hasRef(p, n) || !d.attached()) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.deaths[p][n] = switch (d) {
            case ARMED, DONE -> clearQueued(looper);
            case DEAD -> DeathState.DEAD_CLEAR;
            case DELIVERED -> DeathState.DELIVERED_CLEAR;
            default -> throw new IllegalStateException("not attached: " + d);
        };
        return List.of(k.freeze());
    }

    /** {@code BcDeadBinderDone(p, n, looper)}. */
    public List<RefsState> bcDeadBinderDone(RefsState s, int p, int n, boolean looper) {
        DeathState d = s.deaths().get(p).get(n);
        if (!s.alive().get(p) || (d != DeathState.DELIVERED && d != DeathState.DELIVERED_CLEAR)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.deaths[p][n] = d == DeathState.DELIVERED ? DeathState.DONE : clearQueued(looper);
        return List.of(k.freeze());
    }

    // ---- a proc reads: one work item each ----

    /** {@code WorkNode(p, n)}: a read takes n's NODE work. */
    public List<RefsState> workNode(RefsState s, int p, int n) {
        NodeState x = s.nodes().get(n);
        if (!s.alive().get(p) || ownerOf[n] != p || !x.live() || x.work() == Work.NONE) {
            return List.of();
        }
        boolean strong = x.is() > 0 || x.ls() > 0;
        boolean weak = s.hasRefs(n) || x.lw() > 0 || strong;
        NodeState y = x;
        if (weak && !x.hw()) {
            y = y.withHw(true).withPw(true).withLw(y.lw() + 1);
        }
        if (strong && !x.hs()) {
            y = y.withHs(true).withPs(true).withLs(y.ls() + 1);
        }
        if (!strong && x.hs()) {
            y = y.withHs(false);
        }
        if (!weak && x.hw()) {
            y = y.withHw(false);
        }
        RefsKernel k = kernel(s);
        k.nodes[n] = !weak ? NodeState.NO_NODE : y.withWork(Work.NONE);
        return List.of(k.freeze());
    }

    /** {@code BrDeadBinder(p, n)}: a read takes DEAD_BINDER work; the record moves to delivered_death. */
    public List<RefsState> brDeadBinder(RefsState s, int p, int n) {
        DeathState d = s.deaths().get(p).get(n);
        if (!s.alive().get(p) || (d != DeathState.DEAD && d != DeathState.DEAD_CLEAR)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.deaths[p][n] = d == DeathState.DEAD ? DeathState.DELIVERED : DeathState.DELIVERED_CLEAR;
        return List.of(k.freeze());
    }

    /** {@code BrClearDeathNotificationDone(p, n)}: a read takes CLEAR_DEATH_NOTIFICATION work; the record is freed. */
    public List<RefsState> brClearDeathNotificationDone(RefsState s, int p, int n) {
        DeathState d = s.deaths().get(p).get(n);
        if (!s.alive().get(p) || (d != DeathState.CLEAR_THREAD && d != DeathState.CLEAR_PROC)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.deaths[p][n] = DeathState.NONE;
        return List.of(k.freeze());
    }

    // ---- the context manager ----

    /** {@code SetCtxMgrError(p)}: 0, or the errno BINDER_SET_CONTEXT_MGR(_EXT) from p fails with (-EBUSY, -EPERM). */
    public int setCtxMgrError(RefsState s, int p) {
        if (s.hasMgr() && model.broken() != RefsModel.Broken.SET_CTX_MGR_WITHOUT_BUSY) {
            return -EBUSY;
        }
        if (s.mgrUid() != RefsModel.NO_UID && s.mgrUid() != model.euid(p)) {
            return -EPERM;
        }
        return 0;
    }

    /** The errno of {@code SetCtxMgrError}'s "EBUSY". */
    public static final int EBUSY = 16;
    /** The errno of {@code SetCtxMgrError}'s "EPERM". */
    public static final int EPERM = 1;

    /** {@code IoctlSetCtxMgr(p, n)}: BINDER_SET_CONTEXT_MGR(_EXT) from p that makes its node n the manager's. */
    public List<RefsState> ioctlSetCtxMgr(RefsState s, int p, int n) {
        if (!s.alive().get(p) || ownerOf[n] != p || setCtxMgrError(s, p) != 0) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.mgrNode = n;
        k.mgrUid = model.euid(p);
        k.wasMgr.add(n);
        k.nodes[n] = mgrCounts(k.nodes[n]);
        return List.of(k.freeze());
    }

    // ---- lifecycle ----

    /** {@code ThreadRelease(p)}: BINDER_THREAD_EXIT of p's thread. */
    public List<RefsState> threadRelease(RefsState s, int p) {
        if (!s.alive().get(p)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.threadRelease(p);
        return List.of(k.freeze());
    }

    /** {@code ProcRelease(p)}: the last close, then binder_deferred_release. */
    public List<RefsState> procRelease(RefsState s, int p) {
        if (!s.alive().get(p)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.procRelease(p);
        return List.of(k.freeze());
    }

    /** One disjunct of Next with its parameters, named as the spec writes it, and its successors. */
    public record ActionSuccessors(String name, List<RefsState> successors) {
    }

    /** {@code Next}, each disjunct named with its parameters (for naming counterexample steps). */
    public List<ActionSuccessors> steps(RefsState s) {
        List<ActionSuccessors> out = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            String pn = model.procName(p);
            List<List<Obj>> seqs = objSeqs(s, p);
            for (int n = 0; n < nodeCount; n++) {
                for (List<Obj> objs : seqs) {
                    for (int fail : failPoints(objs)) {
                        out.add(new ActionSuccessors("BcTransaction(" + pn + ", " + model.nodeName(n) + ", " + objs
                                + ", " + fail + ")", bcTransaction(s, p, n, objs, fail)));
                    }
                }
            }
            for (int q = 0; q < procs; q++) {
                for (List<Obj> objs : seqs) {
                    for (int fail : failPoints(objs)) {
                        out.add(new ActionSuccessors("BcReply(" + pn + ", " + model.procName(q) + ", " + objs + ", "
                                + fail + ")", bcReply(s, p, q, objs, fail)));
                    }
                }
            }
            for (Buffer b : s.bufs().get(p).keySet()) {
                out.add(new ActionSuccessors("BcFreeBuffer(" + pn + ", " + RefsState.describe(model, b) + ")",
                        bcFreeBuffer(s, p, b)));
            }
            Set<Integer> hs = new TreeSet<>(descs(s, p));
            hs.add(0);
            for (int h : hs) {
                out.add(new ActionSuccessors("BcIncrefs(" + pn + ", " + h + ")", bcIncrefs(s, p, h)));
                out.add(new ActionSuccessors("BcAcquire(" + pn + ", " + h + ")", bcAcquire(s, p, h)));
            }
            for (int n = 0; n < nodeCount; n++) {
                String pnn = pn + ", " + model.nodeName(n);
                out.add(new ActionSuccessors("BcRelease(" + pnn + ")", bcRelease(s, p, n)));
                out.add(new ActionSuccessors("BcDecrefs(" + pnn + ")", bcDecrefs(s, p, n)));
                out.add(new ActionSuccessors("BcIncrefsDone(" + pnn + ")", bcIncrefsDone(s, p, n)));
                out.add(new ActionSuccessors("BcAcquireDone(" + pnn + ")", bcAcquireDone(s, p, n)));
                out.add(new ActionSuccessors("BcRequestDeathNotification(" + pnn + ")",
                        bcRequestDeathNotification(s, p, n)));
                for (boolean looper : new boolean[] {false, true}) {
                    String l = pnn + ", " + (looper ? "TRUE" : "FALSE") + ")";
                    out.add(new ActionSuccessors("BcClearDeathNotification(" + l,
                            bcClearDeathNotification(s, p, n, looper)));
                    out.add(new ActionSuccessors("BcDeadBinderDone(" + l, bcDeadBinderDone(s, p, n, looper)));
                }
                out.add(new ActionSuccessors("WorkNode(" + pnn + ")", workNode(s, p, n)));
                out.add(new ActionSuccessors("BrDeadBinder(" + pnn + ")", brDeadBinder(s, p, n)));
                out.add(new ActionSuccessors("BrClearDeathNotificationDone(" + pnn + ")",
                        brClearDeathNotificationDone(s, p, n)));
            }
            out.add(new ActionSuccessors("ThreadRelease(" + pn + ")", threadRelease(s, p)));
            for (int n : model.mgrNodes()) {
                if (ownerOf[n] == p) {
                    out.add(new ActionSuccessors("IoctlSetCtxMgr(" + pn + ", " + model.nodeName(n) + ")",
                            ioctlSetCtxMgr(s, p, n)));
                }
            }
            out.add(new ActionSuccessors("ProcRelease(" + pn + ")", procRelease(s, p)));
        }
        return out;
    }

    /** {@code Next}: every successor of s. */
    public List<RefsState> next(RefsState s) {
        List<RefsState> out = new ArrayList<>();
        for (int p = 0; p < procs; p++) {
            List<List<Obj>> seqs = objSeqs(s, p);
            for (int n : targets(s, p)) {
                for (List<Obj> objs : seqs) {
                    for (int fail : failPoints(objs)) {
                        out.addAll(bcTransaction(s, p, n, objs, fail));
                    }
                }
            }
            for (int q = 0; q < procs; q++) {
                if (q == p) {
                    continue;   // BcReply(p, p) needs a buffer in p sent by p: never enabled
                }
                for (List<Obj> objs : seqs) {
                    for (int fail : failPoints(objs)) {
                        out.addAll(bcReply(s, p, q, objs, fail));
                    }
                }
            }
            for (Buffer b : s.bufs().get(p).keySet()) {
                out.addAll(bcFreeBuffer(s, p, b));
            }
            Set<Integer> hs = new TreeSet<>(descs(s, p));
            hs.add(0);
            for (int h : hs) {
                out.addAll(bcIncrefs(s, p, h));
                out.addAll(bcAcquire(s, p, h));
            }
            for (int n = 0; n < nodeCount; n++) {
                out.addAll(bcRelease(s, p, n));
                out.addAll(bcDecrefs(s, p, n));
                out.addAll(bcIncrefsDone(s, p, n));
                out.addAll(bcAcquireDone(s, p, n));
                out.addAll(bcRequestDeathNotification(s, p, n));
                for (boolean looper : new boolean[] {false, true}) {
                    out.addAll(bcClearDeathNotification(s, p, n, looper));
                    out.addAll(bcDeadBinderDone(s, p, n, looper));
                }
                out.addAll(workNode(s, p, n));
                out.addAll(brDeadBinder(s, p, n));
                out.addAll(brClearDeathNotificationDone(s, p, n));
            }
            out.addAll(threadRelease(s, p));
            for (int n : mgrNodes) {
                if (ownerOf[n] == p) {
                    out.addAll(ioctlSetCtxMgr(s, p, n));
                }
            }
            out.addAll(procRelease(s, p));
        }
        return out;
    }
}
