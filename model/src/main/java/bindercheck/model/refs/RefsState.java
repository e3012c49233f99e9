package bindercheck.model.refs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A state of BinderRefs.tla: the value of every variable, procs and nodes by index. Immutable
 * and value-equal, so a set of states is the spec's set of states.
 *
 * @param alive     alive[p]
 * @param mgrNode   mgrNode: the node handle 0 names (index), -1 for NoMgr
 * @param mgrUid    mgrUid: the manager euid recorded, {@link RefsModel#NO_UID} for none
 * @param nodes     nodes[n]
 * @param refs      refs[p][n]
 * @param deaths    deaths[p][n]
 * @param bufs      bufs[p], a bag: buffer to count
 * @param held      ghost held[p][n]
 * @param reached   ghost reached[p], node indices
 * @param drift     ghost: a failed transaction changed a count
 * @param misuse    ghost: a strong operation met no strong count
 * @param kernelBug ghost: a BUG_ON, or a count touched on a freed node
 * @param wasMgr    ghost wasMgr: the nodes (indices) that have been the manager's
 */
public record RefsState(
        List<Boolean> alive,
        int mgrNode,
        int mgrUid,
        List<NodeState> nodes,
        List<List<RefState>> refs,
        List<List<DeathState>> deaths,
        List<Map<Buffer, Integer>> bufs,
        List<List<Held>> held,
        List<Set<Integer>> reached,
        boolean drift,
        boolean misuse,
        boolean kernelBug,
        Set<Integer> wasMgr) {

    /** The spec's NoMgr, as the value of {@link #mgrNode()}. */
    public static final int NO_MGR = -1;

    public RefsState {
        alive = List.copyOf(alive);
        nodes = List.copyOf(nodes);
        refs = eachCopied(refs);
        deaths = eachCopied(deaths);
        bufs = eachMapCopied(bufs);
        held = eachCopied(held);
        reached = eachSetCopied(reached);
        wasMgr = Set.copyOf(wasMgr);
    }

    // Plain loops, not streams: a state is made for every successor the checkers try, and List.copyOf of an
    // immutable list is the list itself.

    private static <T> List<List<T>> eachCopied(List<List<T>> lists) {
        Object[] out = new Object[lists.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = List.copyOf(lists.get(i));
        }
        @SuppressWarnings("unchecked")
        List<List<T>> copied = (List<List<T>>) (List<?>) List.of(out);
        return copied;
    }

    private static <K, V> List<Map<K, V>> eachMapCopied(List<Map<K, V>> maps) {
        Object[] out = new Object[maps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Map.copyOf(maps.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Map<K, V>> copied = (List<Map<K, V>>) (List<?>) List.of(out);
        return copied;
    }

    private static <T> List<Set<T>> eachSetCopied(List<Set<T>> sets) {
        Object[] out = new Object[sets.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Set.copyOf(sets.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Set<T>> copied = (List<Set<T>>) (List<?>) List.of(out);
        return copied;
    }

    /** Whether a context manager is set (mgrNode # NoMgr). */
    public boolean hasMgr() {
        return mgrNode != NO_MGR;
    }

    public RefState ref(int p, int n) {
        return refs.get(p).get(n);
    }

    public boolean hasRef(int p, int n) {
        return refs.get(p).get(n).exists();
    }

    /** {@code HasRefs(St, n)}: some proc has a ref on n. */
    public boolean hasRefs(int n) {
        for (List<RefState> r : refs) {
            if (r.get(n).exists()) {
                return true;
            }
        }
        return false;
    }

    /** {@code BagSize(bufs[p])}. */
    public int bufCount(int p) {
        int n = 0;
        for (int c : bufs.get(p).values()) {
            n += c;
        }
        return n;
    }

    /** The state as the mirror prints it, with the model's names. */
    public String describe(RefsModel m) {
        StringBuilder sb = new StringBuilder();
        sb.append("mgr ").append(hasMgr() ? m.nodeName(mgrNode) : "none")
                .append(mgrUid == RefsModel.NO_UID ? "" : " uid " + mgrUid).append("; ");
        for (int p = 0; p < alive.size(); p++) {
            sb.append(m.procName(p)).append(alive.get(p) ? "" : "(dead)").append(": refs{");
            String sep = "";
            for (int n = 0; n < nodes.size(); n++) {
                if (ref(p, n).exists() || deaths.get(p).get(n) != DeathState.NONE) {
                    sb.append(sep).append(m.nodeName(n)).append(' ').append(ref(p, n));
                    if (deaths.get(p).get(n) != DeathState.NONE) {
                        sb.append(" death=").append(deaths.get(p).get(n).tla());
                    }
                    sep = ", ";
                }
            }
            sb.append("} bufs{");
            sep = "";
            Map<String, Integer> sorted = new TreeMap<>();
            bufs.get(p).forEach((b, c) -> sorted.put(describe(m, b), c));
            for (Map.Entry<String, Integer> e : sorted.entrySet()) {
                sb.append(sep).append(e.getKey()).append(e.getValue() > 1 ? " x" + e.getValue() : "");
                sep = ", ";
            }
            sb.append("}; ");
        }
        sb.append("nodes{");
        String sep = "";
        for (int n = 0; n < nodes.size(); n++) {
            if (!nodes.get(n).equals(NodeState.NO_NODE)) {
                sb.append(sep).append(m.nodeName(n)).append(' ').append(nodes.get(n));
                sep = ", ";
            }
        }
        sb.append('}');
        if (drift) {
            sb.append(" DRIFT");
        }
        if (misuse) {
            sb.append(" MISUSE");
        }
        if (kernelBug) {
            sb.append(" KERNEL-BUG");
        }
        return sb.toString();
    }

    /** A buffer as the mirror prints it, with the model's names. */
    public static String describe(RefsModel m, Buffer b) {
        List<String> objs = new ArrayList<>();
        for (Obj o : b.objs()) {
            objs.add(o.toString());
        }
        return "from " + m.procName(b.from()) + (b.isReply() ? " reply" : " to " + m.nodeName(b.target()))
                + " " + objs;
    }

    /** Buffers in a fixed order (for printing and encoding): by sender, target, then objects. */
    static final Comparator<Buffer> ORDER = Comparator.comparingInt(Buffer::from)
            .thenComparingInt(Buffer::target)
            .thenComparingInt(b -> b.objs().size())
            .thenComparing(b -> b.objs().toString());
}
