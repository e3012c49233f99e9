package bindercheck.properties.refs;

import bindercheck.model.refs.RefsInvariants.Invariant;
import bindercheck.model.refs.RefsState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of BinderRefs' variables each invariant of {@link Invariant} reads, so that incremental checking evaluates
 * again only the invariants whose variables a step changed: an invariant is a function of the variables it reads,
 * so where none of them changed its verdict (held or broken) is the previous state's. Most steps touch one or two
 * variables (a BC_INCREFS only refs and held), while the invariants over buffers count objects per node and per ref.
 * The table is read off {@code RefsInvariants}' predicates; an invariant not in it is evaluated at every step.
 */
final class InvariantReads {
    /** BinderRefs' variables, as bits of a mask. */
    static final int ALIVE = 1;
    static final int MGR = 1 << 1; // mgrNode and mgrUid
    static final int NODES = 1 << 2;
    static final int REFS = 1 << 3;
    static final int DEATHS = 1 << 4;
    static final int BUFS = 1 << 5;
    static final int HELD = 1 << 6;
    static final int REACHED = 1 << 7;
    static final int DRIFT = 1 << 8;
    static final int MISUSE = 1 << 9;
    static final int BUG = 1 << 10;
    static final int WAS_MGR = 1 << 11;
    static final int ALL = (1 << 12) - 1;

    private static final Map<Invariant, Integer> READS = new EnumMap<>(Invariant.class);

    static {
        READS.put(Invariant.TYPE_OK, ALL);
        READS.put(Invariant.REFS_HAVE_NODES, REFS | NODES);
        READS.put(Invariant.NODE_WORK_ON_LIVE_NODE, NODES);
        READS.put(Invariant.PINNED_NODE_LIVE, BUFS | NODES);
        READS.put(Invariant.BINDER_OBJECTS_LIVE, BUFS | NODES);
        READS.put(Invariant.HANDLE_OBJECTS_HAVE_REFS, BUFS | REFS);
        READS.put(Invariant.BUFFER_IN_TARGET_PROC, BUFS);
        READS.put(Invariant.REF_COUNTS_POSITIVE, REFS);
        READS.put(Invariant.NO_COUNTS_WITHOUT_REF, REFS);
        READS.put(Invariant.INTERNAL_STRONG_COUNTS, NODES | REFS);
        READS.put(Invariant.UNIQUE_DESCRIPTORS, REFS);
        READS.put(Invariant.DESCRIPTOR_ZERO_IS_THE_MANAGER, REFS | NODES | MGR | WAS_MGR);
        READS.put(Invariant.NO_SELF_REF, REFS);
        READS.put(Invariant.NO_SELF_TARGET, BUFS);
        READS.put(Invariant.FAILED_TXN_LEAVES_COUNTS, DRIFT);
        READS.put(Invariant.LOCAL_STRONG_COUNTS_EXACT, NODES | BUFS | MGR);
        READS.put(Invariant.LOCAL_WEAK_COUNTS_EXACT, NODES | BUFS | MGR);
        READS.put(Invariant.REF_STRONG_COUNTS_EXACT, REFS | HELD | BUFS);
        READS.put(Invariant.REF_WEAK_COUNTS_EXACT, REFS | HELD | BUFS);
        READS.put(Invariant.STRONG_TARGET_HAS_STRONG, MISUSE);
        READS.put(Invariant.STRONG_HANDLES_STAY_STRONG, BUFS | REFS);
        READS.put(Invariant.CAPABILITY_ISOLATION, REFS | WAS_MGR | REACHED);
        READS.put(Invariant.STRONG_FLAG_HAS_WEAK, NODES);
        READS.put(Invariant.PENDING_STRONG_COUNTED, NODES);
        READS.put(Invariant.PENDING_WEAK_COUNTED, NODES);
        READS.put(Invariant.LIVE_NODE_OWNER_ALIVE, NODES | ALIVE);
        READS.put(Invariant.LIVE_NODE_NEEDED, NODES | REFS);
        READS.put(Invariant.DEAD_NODE_OWNER_DEAD, NODES | ALIVE);
        READS.put(Invariant.DEAD_NODE_REFERENCED, NODES | REFS);
        READS.put(Invariant.DEAD_NODE_UNCOUNTED, NODES);
        READS.put(Invariant.DEATH_RECORDS_ON_REFS, DEATHS | REFS);
        READS.put(Invariant.ARMED_ON_LIVE_NODE, DEATHS | NODES);
        READS.put(Invariant.FIRED_ON_DEAD_NODE, DEATHS | NODES);
        READS.put(Invariant.DEAD_PROC_NO_DEATH_RECORDS, DEATHS | ALIVE);
        READS.put(Invariant.MGR_NODE_LIVE, MGR | NODES);
        READS.put(Invariant.MGR_NODE_TOLD, MGR | NODES);
        READS.put(Invariant.MANAGERS_SHARE_THE_UID, MGR | WAS_MGR);
        READS.put(Invariant.NO_KERNEL_BUG, BUG);
        READS.put(Invariant.EXIT_RELEASES_ALL, ALIVE | MGR | NODES | REFS | DEATHS | BUFS);
    }

    private InvariantReads() {
    }

    /** The variables {@code inv} reads (all of them for one the table leaves out). */
    static int reads(Invariant inv) {
        return READS.getOrDefault(inv, ALL);
    }

    /** The variables whose values differ between {@code a} and {@code b} (all of them if {@code a} is null). */
    static int changed(RefsState a, RefsState b) {
        if (a == null) {
            return ALL;
        }
        int m = 0;
        m |= a.alive().equals(b.alive()) ? 0 : ALIVE;
        m |= a.mgrNode() == b.mgrNode() && a.mgrUid() == b.mgrUid() ? 0 : MGR;
        m |= a.nodes().equals(b.nodes()) ? 0 : NODES;
        m |= a.refs().equals(b.refs()) ? 0 : REFS;
        m |= a.deaths().equals(b.deaths()) ? 0 : DEATHS;
        m |= a.bufs().equals(b.bufs()) ? 0 : BUFS;
        m |= a.held().equals(b.held()) ? 0 : HELD;
        m |= a.reached().equals(b.reached()) ? 0 : REACHED;
        m |= a.drift() == b.drift() ? 0 : DRIFT;
        m |= a.misuse() == b.misuse() ? 0 : MISUSE;
        m |= a.kernelBug() == b.kernelBug() ? 0 : BUG;
        m |= a.wasMgr().equals(b.wasMgr()) ? 0 : WAS_MGR;
        return m;
    }

    /**
     * The invariants {@code now} breaks, in {@link Invariant}'s order: those reading a variable that changed since
     * {@code before} are evaluated, the others keep their verdict in {@code brokenBefore}.
     */
    static List<Invariant> violated(bindercheck.model.refs.RefsModel model, RefsState before,
            Set<Invariant> brokenBefore, RefsState now) {
        int changed = changed(before, now);
        List<Invariant> out = new ArrayList<>();
        for (Invariant inv : Invariant.values()) {
            boolean broken = (reads(inv) & changed) != 0 ? !inv.holds(model, now) : brokenBefore.contains(inv);
            if (broken) {
                out.add(inv);
            }
        }
        return out;
    }
}
