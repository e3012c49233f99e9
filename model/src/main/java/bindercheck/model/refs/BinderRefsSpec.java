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
 * The actions of BinderRefs.tla as Java: one method per action, same name and parameters, each
 * returning the successor (empty when the action is not enabled). {@link #next} is their union
 * over the same parameter domains as the spec's Next. The breadth-first exploration matched
 * against TLC's state count calls these methods.
 */
public final class BinderRefsSpec {
    private final RefsModel model;
    private final int procs;
    private final int nodeCount;
    private final int[] ownerOf;
    private final int[] ptrOf;

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
    }

    public RefsModel model() {
        return model;
    }

    RefsKernel kernel(RefsState s) {
        return new RefsKernel(model, ownerOf, ptrOf, s);
    }

    /** {@code Init}: the manager's node exists with the counts BINDER_SET_CONTEXT_MGR gives it. */
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
        nodes.set(model.ctxNode(), new NodeState(Life.LIVE, 0, 1, 1, true, true, false, false, Work.NONE));
        return new RefsState(alive, nodes, refs, deaths, bufs, held, reached, false, false, false);
    }

    /** {@code Targets(p)}: live nodes p holds a strong ref on, and the manager's node by handle 0. */
    public List<Integer> targets(RefsState s, int p) {
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            boolean byRef = s.ref(p, n).s() > 0 && s.nodes().get(n).live() && ownerOf[n] != p;
            boolean byZero = n == model.ctxNode() && s.alive().get(model.ctxMgr()) && p != model.ctxMgr();
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

    /** {@code ObjSeqs(p)}: every sequence of up to MaxObjs of p's objects. */
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

    /** {@code Transaction(p, d, n, objs, fail)}; n is {@link Buffer#NO_TARGET} for a reply. */
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
                if (x == model.ctxNode()) {
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

    /** {@code Send(p, n, objs, fail)}: BC_TRANSACTION from p to node n. */
    public List<RefsState> send(RefsState s, int p, int n, List<Obj> objs, int fail) {
        if (!s.alive().get(p) || !targets(s, p).contains(n)) {
            return List.of();
        }
        return List.of(transaction(s, p, ownerOf[n], n, objs, fail));
    }

    /** {@code Reply(p, q, objs, fail)}: BC_REPLY from p to q, whose call's buffer p holds. */
    public List<RefsState> reply(RefsState s, int p, int q, List<Obj> objs, int fail) {
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
     * {@code Transaction(p, q, NoTarget, objs, fail)} without Reply's guard: a reply whose replier
     * no longer holds the call's buffer, which the kernel allows (it looks at the stack, which the
     * spec leaves out). For checkers of the driver only; not a step of Next.
     */
    public RefsState replyWithoutCallBuffer(RefsState s, int p, int q, List<Obj> objs, int fail) {
        return transaction(s, p, q, Buffer.NO_TARGET, objs, fail);
    }

    /** {@code FreeBuffer(p, b)}: BC_FREE_BUFFER. */
    public List<RefsState> freeBuffer(RefsState s, int p, Buffer b) {
        if (!s.alive().get(p) || !s.bufs().get(p).containsKey(b)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.releaseBuffer(p, b);
        k.bufs.get(p).computeIfPresent(b, (key, c) -> c > 1 ? c - 1 : null);
        return List.of(k.freeze());
    }

    /** {@code BcIncRefs(p, h, strong)}: BC_ACQUIRE (strong) or BC_INCREFS on handle h. */
    public List<RefsState> bcIncRefs(RefsState s, int p, int h, boolean strong) {
        if (!s.alive().get(p) || (h == 0 && p == model.ctxMgr())) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        boolean ctx = h == 0 && s.alive().get(model.ctxMgr());
        int found = k.lookup(p, h, strong);
        if (!ctx && found < 0) {
            return List.of();
        }
        int n = ctx ? model.ctxNode() : found;
        if (s.held().get(p).get(n).of(strong) >= model.maxHeld()) {
            return List.of();
        }
        boolean ok = ctx ? k.incRefForNode(p, n, strong, false) : k.incRef(p, n, strong, false);
        if (ok) {
            k.held[p][n] = k.held[p][n].plus(strong, 1);
        }
        return List.of(k.freeze());
    }

    /** {@code BcDecRefs(p, n, strong)}: BC_RELEASE (strong) or BC_DECREFS on p's handle for n. */
    public List<RefsState> bcDecRefs(RefsState s, int p, int n, boolean strong) {
        if (!s.alive().get(p) || !s.hasRef(p, n) || s.held().get(p).get(n).of(strong) <= 0) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.decRefForHandle(p, s.ref(p, n).desc(), strong);
        k.held[p][n] = k.held[p][n].plus(strong, -1);
        return List.of(k.freeze());
    }

    /** {@code BrNodeWork(p, n)}: a read takes n's NODE work. */
    public List<RefsState> brNodeWork(RefsState s, int p, int n) {
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

    /**
     * {@code BcRefsDone(p, n, strong)}: BC_ACQUIRE_DONE (strong) or BC_INCREFS_DONE, then the put
     * of the lookup's tmp ref (all there is without a pending request).
     */
    public List<RefsState> bcRefsDone(RefsState s, int p, int n, boolean strong) {
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

    /** {@code BcRequestDeath(p, n)}. */
    public List<RefsState> bcRequestDeath(RefsState s, int p, int n) {
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

    /** {@code BcClearDeath(p, n, looper)}. */
    public List<RefsState> bcClearDeath(RefsState s, int p, int n, boolean looper) {
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

    /** {@code BrDeathWork(p, n)}: a read takes a death work item. */
    public List<RefsState> brDeathWork(RefsState s, int p, int n) {
        DeathState d = s.deaths().get(p).get(n);
        if (!s.alive().get(p)) {
            return List.of();
        }
        DeathState next = switch (d) {
            case DEAD -> DeathState.DELIVERED;
            case DEAD_CLEAR -> DeathState.DELIVERED_CLEAR;
            case CLEAR_THREAD, CLEAR_PROC -> DeathState.NONE;
            default -> null;
        };
        if (next == null) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.deaths[p][n] = next;
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

    /** {@code ThreadExit(p)}: BINDER_THREAD_EXIT. */
    public List<RefsState> threadExit(RefsState s, int p) {
        if (!s.alive().get(p)) {
            return List.of();
        }
        RefsKernel k = kernel(s);
        k.threadExit(p);
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

    /** One disjunct of Next, named with its parameters, and the successors it gives, for {@link #steps}. */
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
                        out.add(new ActionSuccessors(
                                "Send(" + pn + ", " + model.nodeName(n) + ", " + objs + ", " + fail + ")",
                                send(s, p, n, objs, fail)));
                    }
                }
            }
            for (int q = 0; q < procs; q++) {
                for (List<Obj> objs : seqs) {
                    for (int fail : failPoints(objs)) {
                        out.add(new ActionSuccessors(
                                "Reply(" + pn + ", " + model.procName(q) + ", " + objs + ", " + fail + ")",
                                reply(s, p, q, objs, fail)));
                    }
                }
            }
            for (Buffer b : s.bufs().get(p).keySet()) {
                out.add(new ActionSuccessors("FreeBuffer(" + pn + ", " + RefsState.describe(model, b) + ")",
                        freeBuffer(s, p, b)));
            }
            Set<Integer> hs = new TreeSet<>(descs(s, p));
            hs.add(0);
            for (boolean strong : new boolean[] {false, true}) {
                for (int h : hs) {
                    out.add(new ActionSuccessors((strong ? "BC_ACQUIRE(" : "BC_INCREFS(") + pn + ", " + h + ")",
                            bcIncRefs(s, p, h, strong)));
                }
            }
            for (int n = 0; n < nodeCount; n++) {
                String nn = model.nodeName(n);
                for (boolean strong : new boolean[] {false, true}) {
                    out.add(new ActionSuccessors((strong ? "BC_RELEASE(" : "BC_DECREFS(") + pn + ", " + nn + ")",
                            bcDecRefs(s, p, n, strong)));
                    out.add(new ActionSuccessors(
                            (strong ? "BC_ACQUIRE_DONE(" : "BC_INCREFS_DONE(") + pn + ", " + nn + ")",
                            bcRefsDone(s, p, n, strong)));
                }
                out.add(new ActionSuccessors("BrNodeWork(" + pn + ", " + nn + ")", brNodeWork(s, p, n)));
                out.add(new ActionSuccessors("BcRequestDeath(" + pn + ", " + nn + ")", bcRequestDeath(s, p, n)));
                out.add(new ActionSuccessors("BrDeathWork(" + pn + ", " + nn + ")", brDeathWork(s, p, n)));
                for (boolean looper : new boolean[] {false, true}) {
                    String l = looper ? ", looper)" : ", no looper)";
                    out.add(new ActionSuccessors("BcClearDeath(" + pn + ", " + nn + l, bcClearDeath(s, p, n, looper)));
                    out.add(new ActionSuccessors("BcDeadBinderDone(" + pn + ", " + nn + l,
                            bcDeadBinderDone(s, p, n, looper)));
                }
            }
            out.add(new ActionSuccessors("ThreadExit(" + pn + ")", threadExit(s, p)));
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
                        out.addAll(send(s, p, n, objs, fail));
                    }
                }
            }
            for (int q = 0; q < procs; q++) {
                if (q == p) {
                    continue;   // Reply(p, p) needs a buffer in p sent by p: never enabled
                }
                for (List<Obj> objs : seqs) {
                    for (int fail : failPoints(objs)) {
                        out.addAll(reply(s, p, q, objs, fail));
                    }
                }
            }
            for (Buffer b : s.bufs().get(p).keySet()) {
                out.addAll(freeBuffer(s, p, b));
            }
            Set<Integer> hs = new TreeSet<>(descs(s, p));
            hs.add(0);
            for (boolean strong : new boolean[] {false, true}) {
                for (int h : hs) {
                    out.addAll(bcIncRefs(s, p, h, strong));
                }
            }
            for (int n = 0; n < nodeCount; n++) {
                for (boolean strong : new boolean[] {false, true}) {
                    out.addAll(bcDecRefs(s, p, n, strong));
                    out.addAll(bcRefsDone(s, p, n, strong));
                }
                out.addAll(brNodeWork(s, p, n));
                out.addAll(bcRequestDeath(s, p, n));
                out.addAll(brDeathWork(s, p, n));
                for (boolean looper : new boolean[] {false, true}) {
                    out.addAll(bcClearDeath(s, p, n, looper));
                    out.addAll(bcDeadBinderDone(s, p, n, looper));
                }
            }
            out.addAll(threadExit(s, p));
            out.addAll(procRelease(s, p));
        }
        return out;
    }
}
