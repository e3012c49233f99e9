package bindercheck.model.refs;

import bindercheck.model.refs.NodeState.Life;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The invariants of BinderRefs.tla as Java predicates, one per TLA+ definition, same names.
 * Each takes the model (for the constants) and a state.
 */
public final class RefsInvariants {
    private RefsInvariants() {
    }

    /** An invariant with its TLA+ name and reference ids, so every checker reports it the same way. */
    public enum Invariant implements bindercheck.model.SpecInvariant {
        TYPE_OK("TypeOK", "-", RefsInvariants::typeOK),
        REFS_HAVE_NODES("RefsHaveNodes", "R1", RefsInvariants::refsHaveNodes),
        NODE_WORK_ON_LIVE_NODE("NodeWorkOnLiveNode", "R1", RefsInvariants::nodeWorkOnLiveNode),
        PINNED_NODE_LIVE("PinnedNodeLive", "R1", RefsInvariants::pinnedNodeLive),
        BINDER_OBJECTS_LIVE("BinderObjectsLive", "R1", RefsInvariants::binderObjectsLive),
        HANDLE_OBJECTS_HAVE_REFS("HandleObjectsHaveRefs", "R1", RefsInvariants::handleObjectsHaveRefs),
        BUFFER_IN_TARGET_PROC("BufferInTargetProc", "-", RefsInvariants::bufferInTargetProc),
        REF_COUNTS_POSITIVE("RefCountsPositive", "R2, §8.7", RefsInvariants::refCountsPositive),
        NO_COUNTS_WITHOUT_REF("NoCountsWithoutRef", "R2, §8.7", RefsInvariants::noCountsWithoutRef),
        INTERNAL_STRONG_COUNTS("InternalStrongCounts", "§8.7", RefsInvariants::internalStrongCounts),
        UNIQUE_DESCRIPTORS("UniqueDescriptors", "R2, §8.12", RefsInvariants::uniqueDescriptors),
        DESCRIPTOR_ZERO_IS_THE_MANAGER("DescriptorZeroIsTheManager", "R2, §8.12",
                RefsInvariants::descriptorZeroIsTheManager),
        NO_SELF_REF("NoSelfRef", "R3", RefsInvariants::noSelfRef),
        NO_SELF_TARGET("NoSelfTarget", "R3", RefsInvariants::noSelfTarget),
        FAILED_TXN_LEAVES_COUNTS("FailedTxnLeavesCounts", "R4", (m, s) -> !s.drift()),
        LOCAL_STRONG_COUNTS_EXACT("LocalStrongCountsExact", "R4, §8.8", RefsInvariants::localStrongCountsExact),
        LOCAL_WEAK_COUNTS_EXACT("LocalWeakCountsExact", "R4, §8.8", RefsInvariants::localWeakCountsExact),
        REF_STRONG_COUNTS_EXACT("RefStrongCountsExact", "R4, §8.8", RefsInvariants::refStrongCountsExact),
        REF_WEAK_COUNTS_EXACT("RefWeakCountsExact", "R4, §8.8", RefsInvariants::refWeakCountsExact),
        STRONG_TARGET_HAS_STRONG("StrongTargetHasStrong", "R5", (m, s) -> !s.misuse()),
        STRONG_HANDLES_STAY_STRONG("StrongHandlesStayStrong", "R5", RefsInvariants::strongHandlesStayStrong),
        CAPABILITY_ISOLATION("CapabilityIsolation", "-", RefsInvariants::capabilityIsolation),
        STRONG_FLAG_HAS_WEAK("StrongFlagHasWeak", "§8.9", RefsInvariants::strongFlagHasWeak),
        PENDING_STRONG_COUNTED("PendingStrongCounted", "§8.9", RefsInvariants::pendingStrongCounted),
        PENDING_WEAK_COUNTED("PendingWeakCounted", "§8.9", RefsInvariants::pendingWeakCounted),
        LIVE_NODE_OWNER_ALIVE("LiveNodeOwnerAlive", "§8.11", RefsInvariants::liveNodeOwnerAlive),
        LIVE_NODE_NEEDED("LiveNodeNeeded", "§8.11", RefsInvariants::liveNodeNeeded),
        DEAD_NODE_OWNER_DEAD("DeadNodeOwnerDead", "§8.11", RefsInvariants::deadNodeOwnerDead),
        DEAD_NODE_REFERENCED("DeadNodeReferenced", "§8.11", RefsInvariants::deadNodeReferenced),
        DEAD_NODE_UNCOUNTED("DeadNodeUncounted", "§8.11", RefsInvariants::deadNodeUncounted),
        DEATH_RECORDS_ON_REFS("DeathRecordsOnRefs", "§5.6", RefsInvariants::deathRecordsOnRefs),
        ARMED_ON_LIVE_NODE("ArmedOnLiveNode", "§5.6", RefsInvariants::armedOnLiveNode),
        FIRED_ON_DEAD_NODE("FiredOnDeadNode", "§5.6", RefsInvariants::firedOnDeadNode),
        DEAD_PROC_NO_DEATH_RECORDS("DeadProcNoDeathRecords", "§5.6", RefsInvariants::deadProcNoDeathRecords),
        MGR_NODE_LIVE("MgrNodeLive", "§7.3, §7.5", RefsInvariants::mgrNodeLive),
        MGR_NODE_TOLD("MgrNodeTold", "§7.3", RefsInvariants::mgrNodeTold),
        MANAGERS_SHARE_THE_UID("ManagersShareTheUid", "§7.3", RefsInvariants::managersShareTheUid),
        NO_KERNEL_BUG("NoKernelBug", "-", (m, s) -> !s.kernelBug()),
        EXIT_RELEASES_ALL("ExitReleasesAll", "L1", RefsInvariants::exitReleasesAll);

        private final String tlaName;
        private final String referenceId;
        private final BiPredicate<RefsModel, RefsState> predicate;

        Invariant(String tlaName, String referenceId, BiPredicate<RefsModel, RefsState> predicate) {
            this.tlaName = tlaName;
            this.referenceId = referenceId;
            this.predicate = predicate;
        }

        @Override
        public String tlaName() {
            return tlaName;
        }

        @Override
        public String referenceId() {
            return referenceId;
        }

        public boolean holds(RefsModel m, RefsState s) {
            return predicate.test(m, s);
        }

        /** The invariant with this TLA+ name, or null. */
        public static Invariant ofTla(String name) {
            return bindercheck.model.SpecInvariant.ofTla(Invariant.class, name);
        }
    }

    /** The invariants that fail in state s, empty when all hold. */
    public static List<Invariant> violated(RefsModel m, RefsState s) {
        List<Invariant> out = new ArrayList<>();
        for (Invariant inv : Invariant.values()) {
            if (!inv.holds(m, s)) {
                out.add(inv);
            }
        }
        return out;
    }

    private static int owner(RefsModel m, int n) {
        return m.nodes().get(n).owner();
    }

    private static boolean live(RefsState s, int n) {
        return s.nodes().get(n).live();
    }

    /** {@code Lookup(St, p, h, needStrong) # {}}. */
    private static boolean resolves(RefsState s, int p, int h, boolean needStrong) {
        for (RefState r : s.refs().get(p)) {
            if (h >= 0 && r.desc() == h && (!needStrong || r.s() > 0)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ObjsIn(p, o)}: objects o in p's buffers, with multiplicity. */
    static int objsIn(RefsState s, int p, Obj o) {
        int total = 0;
        for (Map.Entry<Buffer, Integer> e : s.bufs().get(p).entrySet()) {
            for (Obj x : e.getKey().objs()) {
                if (x.equals(o)) {
                    total += e.getValue();
                }
            }
        }
        return total;
    }

    /** {@code Targeting(p, n)}. */
    static int targeting(RefsState s, int p, int n) {
        int total = 0;
        for (Map.Entry<Buffer, Integer> e : s.bufs().get(p).entrySet()) {
            if (e.getKey().target() == n) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static int b2n(boolean b) {
        return b ? 1 : 0;
    }

    /** {@code TypeOK}: counts are naturals, bags have positive counts, shapes fit the model. */
    public static boolean typeOK(RefsModel m, RefsState s) {
        if (s.alive().size() != m.procCount() || s.nodes().size() != m.nodeCount()) {
            return false;
        }
        if (s.mgrNode() < RefsState.NO_MGR || s.mgrNode() >= m.nodeCount() || s.mgrUid() < RefsModel.NO_UID
                || s.wasMgr().stream().anyMatch(n -> n < 0 || n >= m.nodeCount())) {
            return false;
        }
        for (NodeState x : s.nodes()) {
            if (x.is() < 0 || x.ls() < 0 || x.lw() < 0) {
                return false;
            }
        }
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                Held h = s.held().get(p).get(n);
                if (r.desc() < -1 || r.s() < 0 || r.w() < 0 || h.s() < 0 || h.w() < 0) {
                    return false;
                }
            }
            for (Map.Entry<Buffer, Integer> e : s.bufs().get(p).entrySet()) {
                Buffer b = e.getKey();
                if (e.getValue() < 1 || b.from() < 0 || b.from() >= m.procCount()
                        || b.target() < Buffer.NO_TARGET || b.target() >= m.nodeCount()) {
                    return false;
                }
                for (Obj o : b.objs()) {
                    if (o.v() < 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code RefsHaveNodes} (R1): a ref's node exists. */
    public static boolean refsHaveNodes(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            for (int p = 0; p < m.procCount(); p++) {
                if (s.hasRef(p, n) && s.nodes().get(n).st() == Life.NONE) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NodeWorkOnLiveNode} (R1): queued node work keeps its node live. */
    public static boolean nodeWorkOnLiveNode(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            if (s.nodes().get(n).work() != NodeState.Work.NONE && !live(s, n)) {
                return false;
            }
        }
        return true;
    }

    /** {@code PinnedNodeLive} (R1): a call's buffer pins a live node. */
    public static boolean pinnedNodeLive(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                if (!b.isReply() && !live(s, b.target())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code BinderObjectsLive} (R1): a BINDER object in a buffer names a live node of the holder. */
    public static boolean binderObjectsLive(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                for (Obj o : b.objs()) {
                    if (o.kind().binder()) {
                        int n = m.nodeIndex(p, o.v());
                        if (n < 0 || !live(s, n)) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** {@code HandleObjectsHaveRefs} (R1): a HANDLE object in a buffer names one of the holder's refs. */
    public static boolean handleObjectsHaveRefs(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                for (Obj o : b.objs()) {
                    if (!o.kind().binder() && !resolves(s, p, o.v(), false)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code BufferInTargetProc}: a call's buffer is in the area of its target node's owner. */
    public static boolean bufferInTargetProc(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                if (!b.isReply() && owner(m, b.target()) != p) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code RefCountsPositive} (R2): a ref has a count. */
    public static boolean refCountsPositive(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (r.exists() && r.s() + r.w() <= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NoCountsWithoutRef} (R2): where there is no ref, there are no counts (NoRef). */
    public static boolean noCountsWithoutRef(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (!r.exists() && !r.equals(RefState.NO_REF)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code InternalStrongCounts}: internal_strong_refs is the number of refs with strong > 0. */
    public static boolean internalStrongCounts(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            if (s.nodes().get(n).st() == Life.NONE) {
                continue;
            }
            int strongRefs = 0;
            for (int p = 0; p < m.procCount(); p++) {
                strongRefs += b2n(s.ref(p, n).s() > 0);
            }
            if (s.nodes().get(n).is() != strongRefs) {
                return false;
            }
        }
        return true;
    }

    /** {@code UniqueDescriptors} (R2, §8 item 12): descs are unique per proc. */
    public static boolean uniqueDescriptors(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (r.exists() && !seen.add(r.desc())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code DescriptorZeroIsTheManager} (R2, §8 item 12): desc 0 only names the manager's node,
     * or the dead node of an earlier manager.
     */
    public static boolean descriptorZeroIsTheManager(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                boolean earlier = s.wasMgr().contains(n) && s.nodes().get(n).st() == Life.DEAD;
                if (r.exists() && r.desc() == 0 && n != s.mgrNode() && !earlier) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NoSelfRef} (R3). */
    public static boolean noSelfRef(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                if (s.hasRef(p, n) && owner(m, n) == p) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NoSelfTarget} (R3). */
    public static boolean noSelfTarget(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                if (b.from() == p) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * {@code LocalStrongCountsExact} (R4, §8 item 8): a live node's local strong count is its
     * pending flag, the buffers pinning it, the BINDER objects naming it (and 1 for the manager).
     */
    public static boolean localStrongCountsExact(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            NodeState x = s.nodes().get(n);
            if (!x.live()) {
                continue;
            }
            int o = owner(m, n);
            int ptr = m.nodes().get(n).ptr();
            int ls = b2n(x.ps()) + targeting(s, o, n) + objsIn(s, o, new Obj(Obj.Kind.BINDER, ptr))
                    + b2n(n == s.mgrNode());
            if (x.ls() != ls) {
                return false;
            }
        }
        return true;
    }

    /** {@code LocalWeakCountsExact} (R4, §8 item 8): likewise the local weak count, with WEAK_BINDER objects. */
    public static boolean localWeakCountsExact(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            NodeState x = s.nodes().get(n);
            if (!x.live()) {
                continue;
            }
            int o = owner(m, n);
            int ptr = m.nodes().get(n).ptr();
            if (x.lw() != b2n(x.pw()) + objsIn(s, o, new Obj(Obj.Kind.WEAK_BINDER, ptr)) + b2n(n == s.mgrNode())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code RefStrongCountsExact} (R4, §8 item 8): a ref's strong count is what user space took
     * plus the HANDLE objects.
     */
    public static boolean refStrongCountsExact(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (r.exists()
                        && r.s() != s.held().get(p).get(n).s() + objsIn(s, p, new Obj(Obj.Kind.HANDLE, r.desc()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code RefWeakCountsExact} (R4, §8 item 8): likewise its weak count, with WEAK_HANDLE objects. */
    public static boolean refWeakCountsExact(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (r.exists()
                        && r.w() != s.held().get(p).get(n).w()
                                + objsIn(s, p, new Obj(Obj.Kind.WEAK_HANDLE, r.desc()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code StrongHandlesStayStrong} (R5): a strong HANDLE held by a buffer keeps its ref strong. */
    public static boolean strongHandlesStayStrong(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                for (Obj o : b.objs()) {
                    if (o.kind() == Obj.Kind.HANDLE && !resolves(s, p, o.v(), true)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code CapabilityIsolation}. */
    public static boolean capabilityIsolation(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                if (s.hasRef(p, n) && !s.wasMgr().contains(n) && !s.reached().get(p).contains(n)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code StrongFlagHasWeak} (§8 item 9): on a live node has_strong_ref implies has_weak_ref. */
    public static boolean strongFlagHasWeak(RefsModel m, RefsState s) {
        for (NodeState x : s.nodes()) {
            if (x.live() && x.hs() && !x.hw()) {
                return false;
            }
        }
        return true;
    }

    /** {@code PendingStrongCounted} (§8 item 9): a pending BR_ACQUIRE holds has_strong_ref and a local count. */
    public static boolean pendingStrongCounted(RefsModel m, RefsState s) {
        for (NodeState x : s.nodes()) {
            if (x.live() && x.ps() && !(x.hs() && x.ls() >= 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code PendingWeakCounted} (§8 item 9): a pending BR_INCREFS holds has_weak_ref and a local weak count. */
    public static boolean pendingWeakCounted(RefsModel m, RefsState s) {
        for (NodeState x : s.nodes()) {
            if (x.live() && x.pw() && !(x.hw() && x.lw() >= 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code LiveNodeOwnerAlive} (§8 item 11): a live node belongs to a live proc. */
    public static boolean liveNodeOwnerAlive(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            if (s.nodes().get(n).live() && !s.alive().get(owner(m, n))) {
                return false;
            }
        }
        return true;
    }

    /** {@code LiveNodeNeeded} (§8 item 11): a live node is still counted or still known to its owner. */
    public static boolean liveNodeNeeded(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            NodeState x = s.nodes().get(n);
            if (x.live() && !(s.hasRefs(n) || x.ls() > 0 || x.lw() > 0 || x.hs() || x.hw())) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeadNodeOwnerDead} (§8 item 11): a dead node's owner is dead. */
    public static boolean deadNodeOwnerDead(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            if (s.nodes().get(n).st() == Life.DEAD && s.alive().get(owner(m, n))) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeadNodeReferenced} (§8 item 11): a dead node lives only while refs remain. */
    public static boolean deadNodeReferenced(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            if (s.nodes().get(n).st() == Life.DEAD && !s.hasRefs(n)) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeadNodeUncounted} (§8 item 11): a dead node has no local counts. */
    public static boolean deadNodeUncounted(RefsModel m, RefsState s) {
        for (NodeState x : s.nodes()) {
            if (x.st() == Life.DEAD && (x.ls() != 0 || x.lw() != 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeathRecordsOnRefs} (§5.6): an attached death record belongs to a ref. */
    public static boolean deathRecordsOnRefs(RefsModel m, RefsState s) {
        return allDeaths(m, s, (p, n, d) -> !d.attached() || s.hasRef(p, n));
    }

    /** {@code ArmedOnLiveNode} (§5.6): an armed record is on a live node. */
    public static boolean armedOnLiveNode(RefsModel m, RefsState s) {
        return allDeaths(m, s, (p, n, d) -> d != DeathState.ARMED || live(s, n));
    }

    /** {@code FiredOnDeadNode} (§5.6): a fired record (dead, delivered, done) is on a dead node. */
    public static boolean firedOnDeadNode(RefsModel m, RefsState s) {
        return allDeaths(m, s, (p, n, d) -> !(d == DeathState.DEAD || d == DeathState.DELIVERED || d == DeathState.DONE)
                || s.nodes().get(n).st() == Life.DEAD);
    }

    /** {@code DeadProcNoDeathRecords} (§5.6): a dead proc has no death records. */
    public static boolean deadProcNoDeathRecords(RefsModel m, RefsState s) {
        return allDeaths(m, s, (p, n, d) -> s.alive().get(p) || d == DeathState.NONE);
    }

    private interface DeathRule {
        boolean holds(int p, int n, DeathState d);
    }

    private static boolean allDeaths(RefsModel m, RefsState s, DeathRule rule) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                if (!rule.holds(p, n, s.deaths().get(p).get(n))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code MgrNodeLive} (§7.3, §7.5): handle 0 names a live node, or none. */
    public static boolean mgrNodeLive(RefsModel m, RefsState s) {
        return !s.hasMgr() || live(s, s.mgrNode());
    }

    /** {@code MgrNodeTold} (§7.3): the manager's node has has_strong_ref and has_weak_ref. */
    public static boolean mgrNodeTold(RefsModel m, RefsState s) {
        return !s.hasMgr() || (s.nodes().get(s.mgrNode()).hs() && s.nodes().get(s.mgrNode()).hw());
    }

    /** {@code ManagersShareTheUid} (§7.3): every manager so far had the euid recorded. */
    public static boolean managersShareTheUid(RefsModel m, RefsState s) {
        for (int n : s.wasMgr()) {
            if (m.euid(owner(m, n)) != s.mgrUid()) {
                return false;
            }
        }
        return true;
    }

    /** {@code NothingRemains}. */
    public static boolean nothingRemains(RefsModel m, RefsState s) {
        if (s.hasMgr()) {
            return false;
        }
        for (NodeState x : s.nodes()) {
            if (!x.equals(NodeState.NO_NODE)) {
                return false;
            }
        }
        for (int p = 0; p < m.procCount(); p++) {
            if (!s.bufs().get(p).isEmpty()) {
                return false;
            }
            for (int n = 0; n < m.nodeCount(); n++) {
                if (!s.ref(p, n).equals(RefState.NO_REF) || s.deaths().get(p).get(n) != DeathState.NONE) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code ExitReleasesAll} (L1). */
    public static boolean exitReleasesAll(RefsModel m, RefsState s) {
        return s.alive().contains(true) || nothingRemains(m, s);
    }
}
