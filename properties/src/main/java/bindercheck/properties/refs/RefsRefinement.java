package bindercheck.properties.refs;

import bindercheck.impl.alloc.BinderBuffer;
import bindercheck.impl.driver.BinderContext;
import bindercheck.impl.driver.BinderDriver;
import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderRef;
import bindercheck.impl.driver.BinderRefDeath;
import bindercheck.impl.driver.DriverView;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderObject;
import bindercheck.impl.wire.UserFault;
import bindercheck.model.refs.Buffer;
import bindercheck.model.refs.DeathState;
import bindercheck.model.refs.Held;
import bindercheck.model.refs.NodeState;
import bindercheck.model.refs.Obj;
import bindercheck.model.refs.RefState;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The refinement mapping from the Java driver to BinderRefs.tla: the abstract value of every
 * variable but the ghosts ({@code held}, {@code reached}, {@code drift}, {@code misuse},
 * {@code kernelBug}, {@code wasMgr}, which the checker takes from the spec's matching successor),
 * read off the driver's context (its manager node and uid), procs, nodes, refs, death records,
 * work lists and buffers.
 *
 * <p>Names. A node is {@code <<owner, ptr>>}; a dead node has no owner in the driver, so the map
 * remembers every node's name from when it was live, and every death record's proc and node from
 * when it was attached to its ref (a cleared record lives on only as a work item). A buffer is
 * its sender (the pid the allocation is charged to), its pinned target node (none for a reply)
 * and the BINDER and HANDLE objects it holds, read from the buffer as the kernel wrote them.
 *
 * <p>Where one thread per proc (the spec's) meets several: a node's work item on any thread's todo
 * is {@code "thread"}, a CLEAR_DEATH_NOTIFICATION on any thread's todo {@code "clearThread"}.
 * Left out on purpose (no spec counterpart): FD, FDA and PTR objects, tmp refs, async_todo, node
 * flags other than the counts, cookies, security contexts.
 */
public final class RefsRefinement {
    /** The driver holds something the model cannot name: the state is beyond the model's bounds. */
    public static final class BeyondBounds extends RuntimeException {
        public BeyondBounds(String message) {
            super(message);
        }
    }

    /** A bound the world never reaches (buffers per area, counts user space holds). */
    static final int UNBOUNDED = 1 << 20;

    private final RefsModel model;
    private final BinderDriver driver;
    private final java.util.function.IntFunction<BinderProc> procAt;
    private final List<String> names;
    private final int[] modelIndex;
    private final Map<BinderNode, Integer> nodeNames = new IdentityHashMap<>();
    private final Map<BinderRefDeath, int[]> deathNames = new IdentityHashMap<>();
    /** A proc's held counts at Init, one immutable list for every state the map makes (RefsState keeps it as is). */
    private final List<Held> heldNone;

    /**
     * The map for the procs of {@code driver} named {@code names} ({@code procAt(i)} is the proc of
     * {@code names.get(i)}, or null while it is not open: the spec's proc is then alive and holds
     * nothing), whose nodes may have the ptrs {@code ptrs} (and 0, the plain BINDER_SET_CONTEXT_MGR's);
     * transactions carry at most {@code maxObjs} objects (the model's MaxObjs, for trace validation).
     * The spec starts with no manager: the map is made before the first step of a run.
     */
    public RefsRefinement(BinderDriver driver, java.util.function.IntFunction<BinderProc> procAt, List<String> names,
            Set<Integer> ptrs, int maxObjs) {
        this.driver = driver;
        this.procAt = procAt;
        this.names = List.copyOf(names);
        this.model = modelOf(names, ptrs, maxObjs);
        this.modelIndex = new int[names.size()];
        this.heldNone = List.copyOf(Collections.nCopies(model.nodeCount(), Held.NONE));
        for (int i = 0; i < names.size(); i++) {
            modelIndex[i] = model.procs().indexOf(names.get(i));
        }
    }

    /**
     * The model of a run: {@code names}, each of which may own nodes with the ptrs {@code ptrs} and 0,
     * and may ask to become the context manager with any of them (0 by BINDER_SET_CONTEXT_MGR, the
     * others by _EXT); no manager at Init; every proc root (the harness's workers run as root on both
     * machines: the Java driver opens every binder fd with euid 0); buffers and held counts unbounded in practice.
     */
    public static RefsModel modelOf(List<String> names, Set<Integer> ptrs, int maxObjs) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(names));
        Set<Integer> owners = new TreeSet<>();
        for (String name : names) {
            owners.add(sorted.indexOf(name));
        }
        Set<Integer> withZero = new TreeSet<>(ptrs);
        withZero.add(0);
        return new RefsModel(sorted, -1, owners, List.copyOf(withZero), owners, List.copyOf(withZero), Set.of(),
                maxObjs, UNBOUNDED, UNBOUNDED, 0, RefsModel.Broken.NONE);
    }

    public RefsModel model() {
        return model;
    }

    /** The model's index of a driver proc, or -1 if it is none of the world's. */
    public int procIndex(BinderProc proc) {
        for (int i = 0; i < names.size(); i++) {
            if (procAt.apply(i) == proc) {
                return modelIndex[i];
            }
        }
        return -1;
    }

    /** The model's index of the proc a buffer's allocation is charged to (the sender's pid). */
    private int procOfPid(int pid) {
        int found = -1;
        for (int i = 0; i < names.size(); i++) {
            BinderProc proc = procAt.apply(i);
            if (proc != null && proc.pid() == pid) {
                if (found >= 0) {
                    throw new BeyondBounds("two binder fds of pid " + pid + ": a buffer's sender cannot be told apart");
                }
                found = modelIndex[i];
            }
        }
        if (found < 0) {
            throw new BeyondBounds("a buffer charged to pid " + pid + ", no proc of the model");
        }
        return found;
    }

    /** The model's index of a node (live, or dead and seen live before). */
    public int nodeIndex(BinderNode node) {
        Integer n = nodeNames.get(node);
        if (n != null) {
            return n;
        }
        if (node.proc() == null) {
            throw new BeyondBounds("a dead node never seen live (" + node.debugId() + ")");
        }
        int owner = procIndex(node.proc());
        int idx = owner < 0 || node.ptr() < 0 || node.ptr() > Integer.MAX_VALUE ? -1
                : model.nodeIndex(owner, (int) node.ptr());
        if (idx < 0) {
            throw new BeyondBounds("node " + node.debugId() + " (ptr 0x" + Long.toHexString(node.ptr()) + " of "
                    + (owner < 0 ? "an unknown proc" : model.procName(owner)) + ") is not a node of the model");
        }
        nodeNames.put(node, idx);
        return idx;
    }

    /** A sender's object as the spec's: BINDER kinds by ptr, HANDLE kinds by desc (one no ref has if out of range). */
    public Obj obj(FlatBinderObject fp) {
        int type = fp.type();
        boolean binder = type == BinderObjectType.BINDER_TYPE_BINDER || type == BinderObjectType.BINDER_TYPE_WEAK_BINDER;
        long v = binder ? fp.binderOrHandle() : fp.binderOrHandle() & 0xffffffffL;
        if (binder && !model.nodePtrs().contains((int) v) && v != 0 || v > Integer.MAX_VALUE) {
            if (binder) {
                throw new BeyondBounds("a BINDER object with ptr 0x" + Long.toHexString(v) + ", not a ptr of the model");
            }
            v = Integer.MAX_VALUE; // a handle no ref can have
        }
        return new Obj(kind(type), (int) v);
    }

    private static Obj.Kind kind(long type) {
        if (type == BinderObjectType.BINDER_TYPE_BINDER) {
            return Obj.Kind.BINDER;
        } else if (type == BinderObjectType.BINDER_TYPE_WEAK_BINDER) {
            return Obj.Kind.WEAK_BINDER;
        } else if (type == BinderObjectType.BINDER_TYPE_HANDLE) {
            return Obj.Kind.HANDLE;
        }
        return Obj.Kind.WEAK_HANDLE;
    }

    /** The driver's state as BinderRefs' (ghosts at their initial values). */
    public RefsState abstractState() {
        BinderContext context = null;
        for (int i = 0; i < names.size(); i++) {
            BinderProc proc = procAt.apply(i);
            if (proc != null) {
                context = proc.context();
                if (proc.euid() != model.euid(modelIndex[i])) {
                    throw new BeyondBounds(names.get(i) + " runs with euid " + proc.euid() + ", the model's procs are root");
                }
            }
        }
        int np = model.procCount();
        int nn = model.nodeCount();
        Boolean[] alive = new Boolean[np];
        NodeState[] nodes = new NodeState[nn];
        java.util.Arrays.fill(nodes, NodeState.NO_NODE);
        RefState[][] refs = new RefState[np][nn];
        DeathState[][] deaths = new DeathState[np][nn];
        List<Map<Buffer, Integer>> bufs = new ArrayList<>();
        for (int p = 0; p < np; p++) {
            java.util.Arrays.fill(refs[p], RefState.NO_REF);
            java.util.Arrays.fill(deaths[p], DeathState.NONE);
            bufs.add(new HashMap<>());
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            BinderProc proc = procAt.apply(i);
            int p = modelIndex[i];
            alive[p] = proc == null || !DriverView.isDead(proc);
            if (proc == null || !alive[p]) {
                continue;
            }
            for (BinderNode node : DriverView.nodes(proc)) {
                int n = nodeIndex(node);
                if (!seen.add(n)) {
                    throw new BeyondBounds("two nodes named " + model.nodeName(n));
                }
                nodes[n] = nodeState(node, NodeState.Life.LIVE);
            }
        }
        for (BinderNode node : driver.deadNodes()) {
            int n = nodeIndex(node);
            if (!seen.add(n)) {
                throw new BeyondBounds("two nodes named " + model.nodeName(n));
            }
            nodes[n] = nodeState(node, NodeState.Life.DEAD);
        }
        for (int i = 0; i < names.size(); i++) {
            BinderProc proc = procAt.apply(i);
            int p = modelIndex[i];
            if (proc == null || !alive[p]) {
                continue;
            }
            Set<BinderRefDeath> attached = Collections.newSetFromMap(new IdentityHashMap<>());
            for (BinderRef ref : proc.refs()) {
                int n = nodeIndex(ref.node());
                refs[p][n] = new RefState(ref.desc(), ref.strong(), ref.weak());
                BinderRefDeath death = ref.death();
                if (death != null) {
                    attached.add(death);
                    deathNames.put(death, new int[] {p, n});
                    deaths[p][n] = attachedState(proc, death, nodes[n]);
                }
            }
            for (BinderRefDeath death : DriverView.queuedDeaths(proc)) {
                if (attached.contains(death)) {
                    continue;
                }
                int[] name = deathNames.get(death);
                if (name == null || name[0] != p) {
                    throw new BeyondBounds("a death record of " + model.procName(p) + " never seen on its ref");
                }
                if (deaths[p][name[1]] != DeathState.NONE) {
                    throw new BeyondBounds(model.procName(p) + " has two death records for " + model.nodeName(name[1])
                            + " (BinderRefs waits for the first to go before a second request)");
                }
                deaths[p][name[1]] = clearedState(proc, death);
            }
            for (BinderBuffer b : proc.alloc().buffers()) {
                if (!b.isFree()) {
                    bufs.get(p).merge(buffer(proc, b), 1, Integer::sum);
                }
            }
        }
        List<Boolean> aliveList = List.of(alive);
        List<List<RefState>> refList = new ArrayList<>();
        List<List<DeathState>> deathList = new ArrayList<>();
        List<List<Held>> held = new ArrayList<>();
        List<Set<Integer>> reached = new ArrayList<>();
        for (int p = 0; p < np; p++) {
            refList.add(List.of(refs[p]));
            deathList.add(List.of(deaths[p]));
            held.add(heldNone);
            reached.add(Set.of());
        }
        BinderNode mgr = context == null ? null : context.binderContextMgrNode();
        int mgrUid = context == null ? RefsModel.NO_UID : context.binderContextMgrUid();
        return new RefsState(aliveList, mgr == null ? RefsState.NO_MGR : nodeIndex(mgr),
                mgrUid == BinderContext.INVALID_UID ? RefsModel.NO_UID : mgrUid, List.of(nodes), refList, deathList,
                bufs, held, reached, false, false, false, Set.of());
    }

    private static NodeState nodeState(BinderNode node, NodeState.Life life) {
        NodeState.Work work = switch (DriverView.nodeWorkPlace(node)) {
            case THREAD_TODO -> NodeState.Work.THREAD;
            case PROC_TODO -> NodeState.Work.PROC;
            default -> NodeState.Work.NONE;
        };
        return new NodeState(life, node.internalStrongRefs(), node.localStrongRefs(), node.localWeakRefs(),
                node.hasStrongRef(), node.hasWeakRef(), node.pendingStrongRef(), node.pendingWeakRef(), work);
    }

    /** A record still on its ref: armed or done (idle, by the node's life), dead (queued), delivered. */
    private static DeathState attachedState(BinderProc proc, BinderRefDeath death, NodeState node) {
        return switch (DriverView.deathPlace(proc, death)) {
            case NONE -> node.st() == NodeState.Life.DEAD ? DeathState.DONE : DeathState.ARMED;
            case DELIVERED_DEATH -> DeathState.DELIVERED;
            default -> death.type() == BinderRefDeath.Type.DEAD_BINDER ? DeathState.DEAD
                    : throwState("an attached death record queued as " + death.type());
        };
    }

    /** A cleared record, alive only as its work item. */
    private static DeathState clearedState(BinderProc proc, BinderRefDeath death) {
        DriverView.Place place = DriverView.deathPlace(proc, death);
        if (death.type() == BinderRefDeath.Type.DEAD_BINDER_AND_CLEAR) {
            return place == DriverView.Place.DELIVERED_DEATH ? DeathState.DELIVERED_CLEAR : DeathState.DEAD_CLEAR;
        }
        if (death.type() == BinderRefDeath.Type.CLEAR_DEATH_NOTIFICATION) {
            return place == DriverView.Place.THREAD_TODO ? DeathState.CLEAR_THREAD : DeathState.CLEAR_PROC;
        }
        return throwState("a cleared death record queued as " + death.type());
    }

    private static DeathState throwState(String what) {
        throw new BeyondBounds(what + " (no state of BinderRefs)");
    }

    private Buffer buffer(BinderProc proc, BinderBuffer b) {
        int from = procOfPid(b.pid());
        BinderNode target = DriverView.bufferTargetNode(proc, b);
        List<Obj> objs = new ArrayList<>();
        List<long[]> layout;
        try {
            layout = DriverView.bufferLayout(proc, b);
        } catch (UserFault f) {
            throw new BeyondBounds("a buffer of an unmapped proc cannot be read");
        }
        for (long[] e : layout) {
            long type = e[1];
            boolean binder = type == BinderObjectType.BINDER_TYPE_BINDER || type == BinderObjectType.BINDER_TYPE_WEAK_BINDER;
            boolean handle = type == BinderObjectType.BINDER_TYPE_HANDLE || type == BinderObjectType.BINDER_TYPE_WEAK_HANDLE;
            if (e[2] == 0 || !(binder || handle)) {
                continue; // FD, FDA and PTR objects are not BinderRefs'
            }
            if (e[4] > Integer.MAX_VALUE || (binder && !model.nodePtrs().contains((int) e[4]) && e[4] != 0)) {
                throw new BeyondBounds("a buffer object with value 0x" + Long.toHexString(e[4]) + " outside the model");
            }
            objs.add(new Obj(kind(type), (int) e[4]));
        }
        return new Buffer(from, target == null ? Buffer.NO_TARGET : nodeIndex(target), objs);
    }
}
