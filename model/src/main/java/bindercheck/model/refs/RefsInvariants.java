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
        NODE_LIVES_WHILE_REFERENCED("NodeLivesWhileReferenced", "R1", RefsInvariants::nodeLivesWhileReferenced),
        REF_COUNTS_POSITIVE("RefCountsPositive", "R2, §8.7", RefsInvariants::refCountsPositive),
        INTERNAL_STRONG_COUNTS("InternalStrongCounts", "§8.7", RefsInvariants::internalStrongCounts),
        UNIQUE_DESCRIPTORS("UniqueDescriptors", "R2, §8.12", RefsInvariants::uniqueDescriptors),
        NO_SELF_REF("NoSelfRef", "R3", RefsInvariants::noSelfRef),
        NO_SELF_TARGET("NoSelfTarget", "R3", RefsInvariants::noSelfTarget),
        FAILED_TXN_LEAVES_COUNTS("FailedTxnLeavesCounts", "R4", (m, s) -> !s.drift()),
        RELEASE_INVERTS_TRANSLATION("ReleaseInvertsTranslation", "R4, §8.8", RefsInvariants::releaseInvertsTranslation),
        STRONG_TARGET_HAS_STRONG("StrongTargetHasStrong", "R5", RefsInvariants::strongTargetHasStrong),
        CAPABILITY_ISOLATION("CapabilityIsolation", "-", RefsInvariants::capabilityIsolation),
        NODE_FLAGS_COHERENT("NodeFlagsCoherent", "§8.9", RefsInvariants::nodeFlagsCoherent),
        NODE_EXISTS_WHILE_NEEDED("NodeExistsWhileNeeded", "§8.11", RefsInvariants::nodeExistsWhileNeeded),
        DEATH_NOTICES_CONSISTENT("DeathNoticesConsistent", "§5.6", RefsInvariants::deathNoticesConsistent),
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

    /** {@code NodeLivesWhileReferenced} (R1). */
    public static boolean nodeLivesWhileReferenced(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            if (s.nodes().get(n).work() != NodeState.Work.NONE && !live(s, n)) {
                return false;
            }
            for (int p = 0; p < m.procCount(); p++) {
                if (s.hasRef(p, n) && s.nodes().get(n).st() == Life.NONE) {
                    return false;
                }
            }
        }
        for (int p = 0; p < m.procCount(); p++) {
            for (Buffer b : s.bufs().get(p).keySet()) {
                if (!b.isReply() && !(live(s, b.target()) && owner(m, b.target()) == p)) {
                    return false;
                }
                for (Obj o : b.objs()) {
                    if (o.kind().binder()) {
                        int n = m.nodeIndex(p, o.v());
                        if (n < 0 || !live(s, n)) {
                            return false;
                        }
                    } else if (!resolves(s, p, o.v(), false)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code RefCountsPositive} (R2): a ref has a count; no ref is exactly NoRef. */
    public static boolean refCountsPositive(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (r.exists() ? r.s() + r.w() <= 0 : !r.equals(RefState.NO_REF)) {
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

    /** {@code UniqueDescriptors}: descs unique per proc; 0 only on the manager's node. */
    public static boolean uniqueDescriptors(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (r.exists() && (!seen.add(r.desc()) || (r.desc() == 0 && n != m.ctxNode()))) {
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

    /** {@code ReleaseInvertsTranslation} (R4, §8.8). */
    public static boolean releaseInvertsTranslation(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            NodeState x = s.nodes().get(n);
            if (!x.live()) {
                continue;
            }
            int o = owner(m, n);
            int ptr = m.nodes().get(n).ptr();
            int ctx = b2n(n == m.ctxNode());
            int ls = b2n(x.ps()) + targeting(s, o, n) + objsIn(s, o, new Obj(Obj.Kind.BINDER, ptr)) + ctx;
            int lw = b2n(x.pw()) + objsIn(s, o, new Obj(Obj.Kind.WEAK_BINDER, ptr)) + ctx;
            if (x.ls() != ls || x.lw() != lw) {
                return false;
            }
        }
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                RefState r = s.ref(p, n);
                if (!r.exists()) {
                    continue;
                }
                Held h = s.held().get(p).get(n);
                if (r.s() != h.s() + objsIn(s, p, new Obj(Obj.Kind.HANDLE, r.desc()))
                        || r.w() != h.w() + objsIn(s, p, new Obj(Obj.Kind.WEAK_HANDLE, r.desc()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code StrongTargetHasStrong} (R5). */
    public static boolean strongTargetHasStrong(RefsModel m, RefsState s) {
        if (s.misuse()) {
            return false;
        }
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
                if (s.hasRef(p, n) && n != m.ctxNode() && !s.reached().get(p).contains(n)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NodeFlagsCoherent} (§8.9). */
    public static boolean nodeFlagsCoherent(RefsModel m, RefsState s) {
        for (NodeState x : s.nodes()) {
            if (x.live() && ((x.hs() && !x.hw()) || (x.ps() && !(x.hs() && x.ls() >= 1))
                    || (x.pw() && !(x.hw() && x.lw() >= 1)))) {
                return false;
            }
        }
        return true;
    }

    /** {@code NodeExistsWhileNeeded} (§8.11). */
    public static boolean nodeExistsWhileNeeded(RefsModel m, RefsState s) {
        for (int n = 0; n < m.nodeCount(); n++) {
            NodeState x = s.nodes().get(n);
            boolean alive = s.alive().get(owner(m, n));
            if (x.live() && (!alive || !(s.hasRefs(n) || x.ls() > 0 || x.lw() > 0 || x.hs() || x.hw()))) {
                return false;
            }
            if (x.st() == Life.DEAD && (alive || !s.hasRefs(n) || x.ls() != 0 || x.lw() != 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code DeathNoticesConsistent} (§5.6). */
    public static boolean deathNoticesConsistent(RefsModel m, RefsState s) {
        for (int p = 0; p < m.procCount(); p++) {
            for (int n = 0; n < m.nodeCount(); n++) {
                DeathState d = s.deaths().get(p).get(n);
                if ((d.attached() && !s.hasRef(p, n))
                        || (d == DeathState.ARMED && !live(s, n))
                        || ((d == DeathState.DEAD || d == DeathState.DELIVERED || d == DeathState.DONE)
                            && s.nodes().get(n).st() != Life.DEAD)
                        || (!s.alive().get(p) && d != DeathState.NONE)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code NothingRemains}. */
    public static boolean nothingRemains(RefsModel m, RefsState s) {
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
