package bindercheck.properties.refs;

import bindercheck.properties.check.Violation;

import bindercheck.impl.driver.BinderNode;
import bindercheck.impl.driver.BinderProc;
import bindercheck.impl.driver.BinderRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The refcount rules every state of the driver keeps, read directly off impl's nodes and refs (the
 * refcount part of the spec, BinderRefs.tla, is not mirrored yet, so these are checked on impl, not
 * by refinement): a ref has strong + weak > 0 (it is deleted when both reach 0); descriptors are
 * unique per proc and a proc holds at most one ref per node; descriptor 0 names the context
 * manager's node, or a dead node (an earlier manager's: desc 0 is given only on the manager's node,
 * which stays the manager's until its proc dies); no proc holds a ref to its own node; a node lives
 * (is not freed) while a ref names it, and it is its owner's or a dead node. (A ref on the manager's
 * node may have another desc: the node was the proc's before it became the manager's, or the proc's
 * desc 0 names an earlier manager's dead node; BinderRefs' refinement checks every desc given.)
 */
public final class ImplRefChecks {
    private ImplRefChecks() {
    }

    /** The violations in the procs' current state (the manager node may be null). */
    public static List<Violation> check(List<BinderProc> procs, BinderNode managerNode, List<BinderNode> deadNodes) {
        List<Violation> out = new ArrayList<>();
        for (BinderProc p : procs) {
            if (p.isReleased()) {
                continue;
            }
            Map<Integer, BinderRef> byDesc = new HashMap<>();
            Map<BinderNode, BinderRef> byNode = new java.util.IdentityHashMap<>();
            for (BinderRef r : p.refs()) {
                String where = "proc " + p.pid() + " ref " + r.desc();
                if (r.strong() + r.weak() <= 0) {
                    out.add(new Violation("impl-refs", "RefCountsPositive", where + ": strong " + r.strong() + ", weak "
                            + r.weak()));
                }
                if (byDesc.put(r.desc(), r) != null) {
                    out.add(new Violation("impl-refs", "UniqueDescriptors", where + ": descriptor used twice"));
                }
                if (byNode.put(r.node(), r) != null) {
                    out.add(new Violation("impl-refs", "OneRefPerNode", where + ": a second ref to node " + r.node().debugId()));
                }
                boolean manager = r.node() == managerNode && managerNode != null;
                if (r.desc() == 0 && !manager && r.node().proc() != null) {
                    out.add(new Violation("impl-refs", "DescriptorZeroIsTheManager", where + " names node "
                            + r.node().debugId()));
                }
                if (r.node().proc() == p) {
                    out.add(new Violation("impl-refs", "NoSelfRef", where + ": a ref to its own node " + r.node().debugId()));
                }
                if (r.node().isFreed()) {
                    out.add(new Violation("impl-refs", "RefsHaveNodes", where + ": node " + r.node().debugId()
                            + " was freed"));
                } else if (r.node().proc() != null ? !r.node().proc().nodes().contains(r.node())
                        : !deadNodes.contains(r.node())) {
                    out.add(new Violation("impl-refs", "NodeReachable", where + ": node " + r.node().debugId()
                            + " is neither its owner's nor a dead node"));
                }
            }
        }
        return out;
    }

    /**
     * BinderObjects.tla's OffsetsValid and ParentsValidated on every buffer the procs hold (each
     * passed the kernel's validation loop, or it would have been freed): every offsets entry names a
     * whole object of a known type, 4-aligned, inside the data, after the end of the previous one;
     * a PTR with a parent, and an FDA, name an earlier entry, which is a PTR.
     */
    public static List<Violation> checkLayout(List<BinderProc> procs) {
        List<Violation> out = new ArrayList<>();
        for (BinderProc p : procs) {
            if (p.isReleased() || !p.alloc().mapped()) {
                continue;
            }
            for (bindercheck.impl.alloc.BinderBuffer b : p.alloc().buffers()) {
                if (b.isFree()) {
                    continue;
                }
                List<long[]> layout = bindercheck.impl.driver.DriverView.bufferLayout(p, b);
                long end = 0;
                for (int k = 0; k < layout.size(); k++) {
                    long[] e = layout.get(k);
                    String where = "proc " + p.pid() + " buffer " + b.debugId() + " entry " + k;
                    if (e[2] == 0 || e[0] % 4 != 0 || Long.compareUnsigned(e[0], end) < 0
                            || Long.compareUnsigned(e[0] + e[2], b.dataSize()) > 0) {
                        out.add(new Violation("impl-objects", "OffsetsValid", where + ": object at " + e[0] + " of type 0x"
                                + Long.toHexString(e[1]) + " (data " + b.dataSize() + ", previous end " + end + ")"));
                    }
                    end = e[0] + e[2];
                    if (e[3] >= 0 && (e[3] >= k || layout.get((int) e[3])[1]
                            != bindercheck.impl.wire.BinderObjectType.BINDER_TYPE_PTR)) {
                        out.add(new Violation("impl-objects", "ParentsValidated", where + ": parent " + e[3]));
                    }
                }
            }
        }
        return out;
    }
}
