package bindercheck.model.refs;

import bindercheck.model.tlc.TlcConfigFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The constants of a BinderRefs model, read from its cfg so that the mirror and TLC explore
 * the same model. Procs are indices into {@link #procs()} (sorted by name) and nodes indices
 * into {@link #nodes()}: the context manager's node first, then each node owner's nodes.
 *
 * @param procs      Procs
 * @param ctxMgr     CtxMgr (index)
 * @param nodeOwners NodeOwners (indices)
 * @param nodePtrs   NodePtrs
 * @param maxObjs    MaxObjs
 * @param maxBufs    MaxBufs
 * @param maxHeld    MaxHeld
 * @param maxSteps   MaxSteps of MCBinderRefs
 * @param releaseSkipsWeakHandles the cfg swaps in MCReleaseObjSkippingWeakHandles (refs-broken)
 */
public record RefsModel(List<String> procs, int ctxMgr, Set<Integer> nodeOwners, List<Integer> nodePtrs,
        int maxObjs, int maxBufs, int maxHeld, int maxSteps, boolean releaseSkipsWeakHandles) {

    /** The substitution refs-broken makes, and the operator it replaces. */
    public static final String BROKEN_RELEASE = "MCReleaseObjSkippingWeakHandles";

    public RefsModel {
        procs = List.copyOf(procs);
        nodeOwners = Collections.unmodifiableSet(new TreeSet<>(nodeOwners));
        nodePtrs = List.copyOf(new TreeSet<>(nodePtrs));
        if (ctxMgr < 0 || ctxMgr >= procs.size()) {
            throw new IllegalArgumentException("CtxMgr must be one of Procs");
        }
        for (int o : nodeOwners) {
            if (o < 0 || o >= procs.size()) {
                throw new IllegalArgumentException("NodeOwners must be procs");
            }
        }
        if (nodePtrs.contains(0) || nodePtrs.stream().anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException("NodePtrs must be positive (0 is the manager's node)");
        }
        if (maxObjs < 0 || maxBufs < 0 || maxHeld < 0 || maxSteps < 0) {
            throw new IllegalArgumentException("bounds must be naturals");
        }
    }

    /**
     * Reads a model from a cfg of MCBinderRefs. Of its substitutions only refs-broken's
     * {@code ReleaseObj <- MCReleaseObjSkippingWeakHandles} changes what the mirror does; another
     * definition in place of ReleaseObj is refused.
     */
    public static RefsModel of(TlcConfigFile cfg) {
        List<String> procs = new ArrayList<>(new TreeSet<>(cfg.modelValues("Procs")));
        String ctx = cfg.modelValue("CtxMgr");
        if (!procs.contains(ctx)) {
            throw cfg.error("CtxMgr", ctx + " is not in Procs " + procs);
        }
        Set<Integer> owners = new TreeSet<>();
        for (String o : cfg.modelValues("NodeOwners")) {
            if (!procs.contains(o)) {
                throw cfg.error("NodeOwners", o + " is not in Procs " + procs);
            }
            owners.add(procs.indexOf(o));
        }
        String release = cfg.substitution("ReleaseObj");
        if (release != null && !release.equals(BROKEN_RELEASE)) {
            throw cfg.error("ReleaseObj", "the mirror knows no ReleaseObj <- " + release);
        }
        List<Integer> ptrs = cfg.integers("NodePtrs");
        int maxObjs = cfg.integer("MaxObjs");
        int maxBufs = cfg.integer("MaxBufs");
        int maxHeld = cfg.integer("MaxHeld");
        int maxSteps = cfg.integer("MaxSteps");
        try {
            return new RefsModel(procs, procs.indexOf(ctx), owners, ptrs, maxObjs, maxBufs, maxHeld, maxSteps,
                    release != null);
        } catch (IllegalArgumentException e) {
            throw cfg.error(e.getMessage());
        }
    }

    /** {@code Nodes}: the manager's node (index 0), then owners' nodes by owner and ptr. */
    public List<NodeId> nodes() {
        List<NodeId> out = new ArrayList<>();
        out.add(new NodeId(ctxMgr, 0));
        for (int o : nodeOwners) {
            for (int ptr : nodePtrs) {
                out.add(new NodeId(o, ptr));
            }
        }
        return out;
    }

    /** {@code CtxNode}, as an index. */
    public int ctxNode() {
        return 0;
    }

    /** The index of node {@code <<owner, ptr>>}, or -1 if it is not in Nodes. */
    public int nodeIndex(int owner, int ptr) {
        List<NodeId> ns = nodes();
        for (int i = 0; i < ns.size(); i++) {
            if (ns.get(i).owner() == owner && ns.get(i).ptr() == ptr) {
                return i;
            }
        }
        return -1;
    }

    public int procCount() {
        return procs.size();
    }

    public int nodeCount() {
        return 1 + nodeOwners.size() * nodePtrs.size();
    }

    public String procName(int p) {
        return procs.get(p);
    }

    public String nodeName(int n) {
        NodeId id = nodes().get(n);
        return "<<" + procs.get(id.owner()) + ", " + id.ptr() + ">>";
    }
}
