package bindercheck.model.refs;

import bindercheck.model.tlc.TlcConfigFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constants of a BinderRefs model, read from its cfg so that the mirror and TLC explore
 * the same model. Procs are indices into {@link #procs()} (sorted by name) and nodes indices
 * into {@link #nodes()}: the manager's node at Init first (if there is one), then the nodes
 * procs may ask to make the manager's, then each node owner's nodes.
 *
 * <p>The constants: {@code procs} (Procs); {@code ctxMgr} (CtxMgr as an index, or -1: no manager at
 * Init, CtxMgr a value outside Procs); {@code nodeOwners} and {@code nodePtrs} (NodeOwners as indices,
 * NodePtrs); {@code mgrProcs} and {@code mgrPtrs} (MgrProcs, the procs that ask to become the context
 * manager, as indices, and MgrPtrs, the ptrs they ask with, 0 being the plain BINDER_SET_CONTEXT_MGR);
 * {@code nonRoot} (NonRoot, the procs with euid 1000; the others have 0); {@code maxObjs}, {@code
 * maxBufs}, {@code maxHeld}, {@code maxSteps} (MCBinderRefs' bounds); {@code broken}, the cfg's
 * broken-on-purpose substitution or {@link Broken#NONE}.
 *
 * <p>A value (equal when every constant is), with its nodes computed once.
 */
public final class RefsModel {
    private final List<String> procs;
    private final int ctxMgr;
    private final Set<Integer> nodeOwners;
    private final List<Integer> nodePtrs;
    private final Set<Integer> mgrProcs;
    private final List<Integer> mgrPtrs;
    private final Set<Integer> nonRoot;
    private final int maxObjs;
    private final int maxBufs;
    private final int maxHeld;
    private final int maxSteps;
    private final Broken broken;
    private final List<NodeId> nodes;

    /** The substitution refs-broken makes, and the operator it replaces. */
    public static final String BROKEN_RELEASE = "MCReleaseObjSkippingWeakHandles";
    /** The substitution refs-mgr-broken makes, for SetCtxMgrError. */
    public static final String BROKEN_SET_CTX_MGR = "MCSetCtxMgrErrorWithoutBusy";
    /** The euid of a proc in NonRoot (MCEuid); the others run as root (0). */
    public static final int NON_ROOT_EUID = 1000;
    /** The spec's NoUid: no manager euid recorded yet. */
    public static final int NO_UID = -1;

    /** The operators a cfg may swap for a broken-on-purpose one, and which the mirror then follows. */
    public enum Broken {
        NONE(null, null),
        /** refs-broken: buffer release skips WEAK_HANDLE objects. */
        RELEASE_SKIPS_WEAK_HANDLES("ReleaseObj", BROKEN_RELEASE),
        /** refs-mgr-broken: BINDER_SET_CONTEXT_MGR without its -EBUSY check. */
        SET_CTX_MGR_WITHOUT_BUSY("SetCtxMgrError", BROKEN_SET_CTX_MGR);

        private final String replaced;
        private final String by;

        Broken(String replaced, String by) {
            this.replaced = replaced;
            this.by = by;
        }

        /** The operator of BinderRefs.tla the cfg replaces. */
        public String replaced() {
            return replaced;
        }

        /** The definition of MCBinderRefs that replaces it. */
        public String by() {
            return by;
        }
    }

    public RefsModel(List<String> procs, int ctxMgr, Set<Integer> nodeOwners, List<Integer> nodePtrs,
            Set<Integer> mgrProcs, List<Integer> mgrPtrs, Set<Integer> nonRoot, int maxObjs, int maxBufs, int maxHeld,
            int maxSteps, Broken broken) {
        this.procs = List.copyOf(procs);
        this.ctxMgr = ctxMgr;
        this.nodeOwners = Collections.unmodifiableSet(new TreeSet<>(nodeOwners));
        this.nodePtrs = List.copyOf(new TreeSet<>(nodePtrs));
        this.mgrProcs = Collections.unmodifiableSet(new TreeSet<>(mgrProcs));
        this.mgrPtrs = List.copyOf(new TreeSet<>(mgrPtrs));
        this.nonRoot = Collections.unmodifiableSet(new TreeSet<>(nonRoot));
        this.maxObjs = maxObjs;
        this.maxBufs = maxBufs;
        this.maxHeld = maxHeld;
        this.maxSteps = maxSteps;
        this.broken = broken == null ? Broken.NONE : broken;
        if (ctxMgr < -1 || ctxMgr >= procs.size()) {
            throw new IllegalArgumentException("CtxMgr must be one of Procs, or none");
        }
        for (Set<Integer> ps : List.of(this.nodeOwners, this.mgrProcs, this.nonRoot)) {
            for (int o : ps) {
                if (o < 0 || o >= procs.size()) {
                    throw new IllegalArgumentException("NodeOwners, MgrProcs and NonRoot must be procs");
                }
            }
        }
        if (this.nodePtrs.stream().anyMatch(p -> p < 0) || this.mgrPtrs.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("NodePtrs and MgrPtrs must be naturals");
        }
        if (maxObjs < 0 || maxBufs < 0 || maxHeld < 0 || maxSteps < 0) {
            throw new IllegalArgumentException("bounds must be naturals");
        }
        Set<NodeId> ns = new LinkedHashSet<>();
        if (ctxMgr >= 0) {
            ns.add(new NodeId(ctxMgr, 0));
        }
        for (int o : this.mgrProcs) {
            for (int ptr : this.mgrPtrs) {
                ns.add(new NodeId(o, ptr));
            }
        }
        for (int o : this.nodeOwners) {
            for (int ptr : this.nodePtrs) {
                ns.add(new NodeId(o, ptr));
            }
        }
        this.nodes = List.copyOf(ns);
    }

    public List<String> procs() {
        return procs;
    }

    public int ctxMgr() {
        return ctxMgr;
    }

    public Set<Integer> nodeOwners() {
        return nodeOwners;
    }

    public List<Integer> nodePtrs() {
        return nodePtrs;
    }

    public Set<Integer> mgrProcs() {
        return mgrProcs;
    }

    public List<Integer> mgrPtrs() {
        return mgrPtrs;
    }

    public Set<Integer> nonRoot() {
        return nonRoot;
    }

    public int maxObjs() {
        return maxObjs;
    }

    public int maxBufs() {
        return maxBufs;
    }

    public int maxHeld() {
        return maxHeld;
    }

    public int maxSteps() {
        return maxSteps;
    }

    public Broken broken() {
        return broken;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefsModel m && procs.equals(m.procs) && ctxMgr == m.ctxMgr
                && nodeOwners.equals(m.nodeOwners) && nodePtrs.equals(m.nodePtrs) && mgrProcs.equals(m.mgrProcs)
                && mgrPtrs.equals(m.mgrPtrs) && nonRoot.equals(m.nonRoot) && maxObjs == m.maxObjs
                && maxBufs == m.maxBufs && maxHeld == m.maxHeld && maxSteps == m.maxSteps && broken == m.broken;
    }

    @Override
    public int hashCode() {
        return Objects.hash(procs, ctxMgr, nodeOwners, nodePtrs, mgrProcs, mgrPtrs, nonRoot, maxObjs, maxBufs, maxHeld,
                maxSteps, broken);
    }

    @Override
    public String toString() {
        return "RefsModel[procs=" + procs + ", ctxMgr=" + ctxMgr + ", nodeOwners=" + nodeOwners + ", nodePtrs="
                + nodePtrs + ", mgrProcs=" + mgrProcs + ", mgrPtrs=" + mgrPtrs + ", nonRoot=" + nonRoot + ", maxObjs="
                + maxObjs + ", maxBufs=" + maxBufs + ", maxHeld=" + maxHeld + ", maxSteps=" + maxSteps + ", broken="
                + broken + "]";
    }

    /**
     * A model whose manager is {@code ctxMgr}'s node from Init on, with nobody asking to become
     * the manager again and every proc root (the models before the manager could change).
     */
    public RefsModel(List<String> procs, int ctxMgr, Set<Integer> nodeOwners, List<Integer> nodePtrs, int maxObjs,
            int maxBufs, int maxHeld, int maxSteps, boolean releaseSkipsWeakHandles) {
        this(procs, ctxMgr, nodeOwners, nodePtrs, Set.of(), List.of(), Set.of(), maxObjs, maxBufs, maxHeld, maxSteps,
                releaseSkipsWeakHandles ? Broken.RELEASE_SKIPS_WEAK_HANDLES : Broken.NONE);
    }

    /** The same model with another step bound. */
    public RefsModel withMaxSteps(int steps) {
        return new RefsModel(procs, ctxMgr, nodeOwners, nodePtrs, mgrProcs, mgrPtrs, nonRoot, maxObjs, maxBufs,
                maxHeld, steps, broken);
    }

    /** The same model with another broken-on-purpose substitution (NONE: the spec as it is). */
    public RefsModel withBroken(Broken b) {
        return new RefsModel(procs, ctxMgr, nodeOwners, nodePtrs, mgrProcs, mgrPtrs, nonRoot, maxObjs, maxBufs,
                maxHeld, maxSteps, b);
    }

    /** refs-broken's substitution: buffer release skips WEAK_HANDLE objects. */
    public boolean releaseSkipsWeakHandles() {
        return broken == Broken.RELEASE_SKIPS_WEAK_HANDLES;
    }

    /**
     * Reads a model from a cfg of MCBinderRefs. Of its substitutions only the broken-on-purpose
     * ones ({@link Broken}) change what the mirror does; another definition in place of the
     * operators they replace is refused, as is more than one of them.
     */
    public static RefsModel of(TlcConfigFile cfg) {
        List<String> procs = new ArrayList<>(new TreeSet<>(cfg.modelValues("Procs")));
        String ctx = cfg.modelValue("CtxMgr");
        Broken broken = Broken.NONE;
        for (Broken b : Broken.values()) {
            if (b == Broken.NONE) {
                continue;
            }
            String sub = cfg.substitution(b.replaced());
            if (sub != null && !sub.equals(b.by())) {
                throw cfg.error(b.replaced(), "the mirror knows no " + b.replaced() + " <- " + sub);
            }
            if (sub != null && broken != Broken.NONE) {
                throw cfg.error(b.replaced(), "the mirror follows one broken-on-purpose substitution at a time");
            }
            if (sub != null) {
                broken = b;
            }
        }
        List<Integer> ptrs = cfg.integers("NodePtrs");
        int maxObjs = cfg.integer("MaxObjs");
        int maxBufs = cfg.integer("MaxBufs");
        int maxHeld = cfg.integer("MaxHeld");
        int maxSteps = cfg.integer("MaxSteps");
        Set<Integer> owners = indices(cfg, procs, "NodeOwners");
        Set<Integer> mgrProcs = indices(cfg, procs, "MgrProcs");
        List<Integer> mgrPtrs = cfg.integers("MgrPtrs");
        Set<Integer> nonRoot = indices(cfg, procs, "NonRoot");
        try {
            return new RefsModel(procs, procs.indexOf(ctx), owners, ptrs, mgrProcs, mgrPtrs, nonRoot, maxObjs,
                    maxBufs, maxHeld, maxSteps, broken);
        } catch (IllegalArgumentException e) {
            throw cfg.error(e.getMessage());
        }
    }

    private static Set<Integer> indices(TlcConfigFile cfg, List<String> procs, String constant) {
        Set<Integer> out = new TreeSet<>();
        for (String o : cfg.modelValues(constant)) {
            if (!procs.contains(o)) {
                throw cfg.error(constant, o + " is not in Procs " + procs);
            }
            out.add(procs.indexOf(o));
        }
        return out;
    }

    /**
     * {@code Nodes} (MCNodes): the manager's node at Init (index 0, if there is one), then
     * MgrProcs x MgrPtrs, then NodeOwners x NodePtrs, by owner and ptr, each once.
     */
    public List<NodeId> nodes() {
        return nodes;
    }

    /** {@code MCMgrNodes}: the nodes IoctlSetCtxMgr draws from, as indices. */
    public List<Integer> mgrNodes() {
        List<Integer> out = new ArrayList<>();
        for (int o : mgrProcs) {
            for (int ptr : mgrPtrs) {
                out.add(nodeIndex(o, ptr));
            }
        }
        return out;
    }

    /** {@code InitMgrNode}, as an index: the manager's node at Init, or -1 if there is none. */
    public int initMgrNode() {
        return ctxMgr >= 0 ? 0 : -1;
    }

    /** {@code Euid[p]} (MCEuid). */
    public int euid(int p) {
        return nonRoot.contains(p) ? NON_ROOT_EUID : 0;
    }

    /** The index of node {@code <<owner, ptr>>}, or -1 if it is not in Nodes. */
    public int nodeIndex(int owner, int ptr) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).owner() == owner && nodes.get(i).ptr() == ptr) {
                return i;
            }
        }
        return -1;
    }

    public int procCount() {
        return procs.size();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public String procName(int p) {
        return procs.get(p);
    }

    public String nodeName(int n) {
        NodeId id = nodes.get(n);
        return "<<" + procs.get(id.owner()) + ", " + id.ptr() + ">>";
    }
}
