package bindercheck.impl.driver;

import static bindercheck.impl.Errno.EINVAL;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proc's refs ({@code refs_by_desc}, {@code refs_by_node}) and the ref operations of {@code
 * binder.c}: lookup by handle, find-or-create for a node with descriptor allocation, increments and
 * decrements that move the node's internal counts, and deletion.
 */
final class BinderRefTable {
    private final BinderProc proc;
    /** {@code refs_by_desc}: by handle, unsigned order. */
    final TreeMap<Integer, BinderRef> byDesc = new TreeMap<>(Integer::compareUnsigned);
    /** {@code refs_by_node}: one ref per node. */
    final Map<BinderNode, BinderRef> byNode = new IdentityHashMap<>();

    BinderRefTable(BinderProc proc) {
        this.proc = proc;
    }

    /**
     * {@code binder_get_ref_olocked}: the ref with this handle, or null; with {@code needStrong} a ref
     * without strong count is not found ("tried to use weak ref as strong ref").
     */
    BinderRef get(int desc, boolean needStrong) {
        BinderRef ref = byDesc.get(desc);
        if (ref == null || (needStrong && ref.strong == 0)) {
            return null;
        }
        return ref;
    }

    /**
     * {@code binder_get_ref_for_node_olocked} with a new ref: the proc's ref on {@code node}, or a new
     * one (drawing a debug id) whose handle is the smallest unused value from 0 for the context's
     * current manager node, from 1 for any other.
     */
    BinderRef getOrCreate(BinderNode node) {
        BinderRef ref = byNode.get(node);
        if (ref != null) {
            return ref;
        }
        int desc = node == proc.context.binderContextMgrNode ? 0 : 1;
        for (int used : byDesc.keySet()) {
            if (Integer.compareUnsigned(used, desc) > 0) {
                break;
            }
            desc = used + 1;
        }
        ref = new BinderRef(proc.driver.nextDebugId(), proc, node, desc);
        byNode.put(node, ref);
        byDesc.put(desc, ref);
        node.refs.add(0, ref);
        return ref;
    }

    /**
     * {@code binder_inc_ref_for_node}: find or create the proc's ref on {@code node} and take a
     * strong or weak count, the node's work going to {@code target}'s todo as {@link
     * BinderNode#incNode} says. A new ref whose increment fails is deleted again. Returns the ref, or
     * null when the increment failed (-EINVAL).
     */
    BinderRef incRefForNode(BinderNode node, boolean strong, BinderThread target) {
        boolean created = !byNode.containsKey(node);
        BinderRef ref = getOrCreate(node);
        if (incRef(ref, strong, target) != 0) {
            if (created) {
                cleanup(ref);
            }
            return null;
        }
        return ref;
    }

    /** {@code binder_inc_ref_olocked}: a count going from 0 takes an internal reference on the node. */
    int incRef(BinderRef ref, boolean strong, BinderThread target) {
        if (strong) {
            if (ref.strong == 0) {
                int ret = ref.node.incNode(true, true, target);
                if (ret != 0) {
                    return ret;
                }
            }
            ref.strong++;
        } else {
            if (ref.weak == 0) {
                int ret = ref.node.incNode(false, true, target);
                if (ret != 0) {
                    return ret;
                }
            }
            ref.weak++;
        }
        return 0;
    }

    /**
     * {@code binder_dec_ref_olocked}: drop one count (a count already 0 is a user error, ignored); the
     * strong count reaching 0 drops the node's internal strong reference; both at 0 delete the ref.
     * Returns whether the ref was deleted.
     */
    boolean decRef(BinderRef ref, boolean strong) {
        if (strong) {
            if (ref.strong == 0) {
                return false;
            }
            ref.strong--;
            if (ref.strong == 0) {
                ref.node.decNode(true, true);
            }
        } else {
            if (ref.weak == 0) {
                return false;
            }
            ref.weak--;
        }
        if (ref.strong == 0 && ref.weak == 0) {
            cleanup(ref);
            return true;
        }
        return false;
    }

    /**
     * {@code binder_update_ref_for_handle}: increment or decrement the ref with this handle (a strong
     * change needs a ref with strong count). Returns 0, or -EINVAL when there is no such ref or the
     * increment failed.
     */
    int updateRefForHandle(int desc, boolean increment, boolean strong) {
        BinderRef ref = get(desc, strong);
        if (ref == null) {
            return -EINVAL;
        }
        if (increment) {
            return incRef(ref, strong, null);
        }
        decRef(ref, strong);
        return 0;
    }

    /**
     * {@code binder_cleanup_ref_olocked} and {@code binder_free_ref}: take the ref out of both trees,
     * drop its internal strong reference if it still has one, unlink it from the node (which may free
     * the node), and silently drop a death or freeze notification it still carries (wherever its item is queued,
     * delivered_freeze included).
     */
    void cleanup(BinderRef ref) {
        byDesc.remove(ref.desc);
        byNode.remove(ref.node);
        if (ref.strong != 0) {
            ref.node.decNode(true, true);
        }
        ref.node.refs.remove(ref);
        ref.node.decNode(false, true);
        if (ref.death != null) {
            BinderWork.dequeue(ref.death.work);
            ref.death = null;
        }
        if (ref.freeze != null) {
            BinderWork.dequeue(ref.freeze.work);
            ref.freeze = null;
        }
    }

    /** The refs by handle, lowest first. */
    List<BinderRef> inDescOrder() {
        return new ArrayList<>(byDesc.values());
    }

    int size() {
        return byDesc.size();
    }
}
