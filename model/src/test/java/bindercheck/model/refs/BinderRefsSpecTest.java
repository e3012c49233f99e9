package bindercheck.model.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.refs.NodeState.Life;
import bindercheck.model.refs.NodeState.Work;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The mirror's actions on hand-checked examples: the context manager pm, a service pa owning
 * node {@code <<pa, 1>>}, a client pb (indices: pa 0, pb 1, pm 2; nodes: 0 the manager's, 1 pa's).
 */
class BinderRefsSpecTest {
    static final int PA = 0;
    static final int PB = 1;
    static final int PM = 2;
    static final int CTX = 0;
    static final int PA1 = 1;

    private final RefsModel model = new RefsModel(List.of("pa", "pb", "pm"), PM, Set.of(PA), List.of(1),
            1, 1, 1, 100, false);
    private final BinderRefsSpec spec = new BinderRefsSpec(model);

    private static final Obj BINDER1 = new Obj(Obj.Kind.BINDER, 1);

    private RefsState only(List<RefsState> states) {
        assertEquals(1, states.size(), () -> "expected one successor, got " + states);
        RefsState s = states.get(0);
        assertEquals(List.of(), RefsInvariants.violated(model, s), () -> s.describe(model));
        return s;
    }

    /** pa registers its node with pm (BINDER through handle 0), as a service does. */
    private RefsState registered() {
        return only(spec.bcTransaction(spec.init(), PA, CTX, List.of(BINDER1), 0));
    }

    @Test
    void sendingANewNodeMakesItAndGivesTheReceiverTheSmallestDescFromOne() {
        RefsState s = registered();
        assertEquals(new RefState(1, 1, 0), s.ref(PM, PA1));
        // the new node: one internal strong ref, its work deferred on pa's thread (BR_INCREFS/ACQUIRE due)
        assertEquals(new NodeState(Life.LIVE, 1, 0, 0, false, false, false, false, Work.THREAD), s.nodes().get(PA1));
        assertEquals(2, s.nodes().get(CTX).ls()); // the buffer pins the manager's node
        assertEquals(1, s.bufCount(PM));
        assertEquals(List.of(new Obj(Obj.Kind.HANDLE, 1)), s.bufs().get(PM).keySet().iterator().next().objs());
        assertTrue(s.reached().get(PM).contains(PA1));
    }

    @Test
    void nodeWorkTellsTheOwnerAndTheAcknowledgementsDropTheLocalCounts() {
        RefsState s = only(spec.workNode(registered(), PA, PA1)); // BR_INCREFS, BR_ACQUIRE
        NodeState x = s.nodes().get(PA1);
        assertTrue(x.hs() && x.hw() && x.ps() && x.pw());
        assertEquals(1, x.ls());
        assertEquals(1, x.lw());
        assertEquals(Work.NONE, x.work());
        s = only(spec.bcIncrefsDone(s, PA, PA1));
        s = only(spec.bcAcquireDone(s, PA, PA1));
        assertEquals(new NodeState(Life.LIVE, 1, 0, 0, true, true, false, false, Work.NONE), s.nodes().get(PA1));
        // a second acknowledgement drops nothing; its put finds the node still referenced (pb's ref)
        assertEquals(List.of(s), spec.bcAcquireDone(s, PA, PA1));
    }

    @Test
    void aFailedTransactionUndoesItsTranslationExactly() {
        // fail after the object: the node made for it and pm's ref vanish again
        RefsState s = only(spec.bcTransaction(spec.init(), PA, CTX, List.of(BINDER1), 2));
        assertEquals(spec.init(), s);
        // pb's weak-only handle used as a strong object does not translate; nothing changes
        RefsState weak = only(spec.bcIncrefs(spec.init(), PB, 0)); // BC_INCREFS 0: desc 0, weak
        assertEquals(new RefState(0, 0, 1), weak.ref(PB, CTX));
        RefsState t = only(spec.bcTransaction(weak, PB, CTX, List.of(new Obj(Obj.Kind.HANDLE, 0)), 0));
        assertEquals(weak, t);
    }

    @Test
    void theServiceManagerPatternPassesAHandleToAThirdProc() {
        RefsState s = only(spec.bcAcquire(registered(), PM, 1)); // pm keeps pa's node
        s = only(spec.bcFreeBuffer(s, PM, s.bufs().get(PM).keySet().iterator().next()));
        assertEquals(new RefState(1, 1, 0), s.ref(PM, PA1));
        assertEquals(1, s.nodes().get(CTX).ls());
        s = only(spec.bcTransaction(s, PB, CTX, List.of(), 0)); // pb calls pm by handle 0
        s = only(spec.bcReply(s, PM, PB, List.of(new Obj(Obj.Kind.HANDLE, 1)), 0)); // pm answers with pa's handle
        assertEquals(new RefState(1, 1, 0), s.ref(PB, PA1));
        assertEquals(2, s.nodes().get(PA1).is());
        Buffer reply = s.bufs().get(PB).keySet().iterator().next();
        assertTrue(reply.isReply());
        assertTrue(s.reached().get(PB).contains(PA1));
        s = only(spec.bcTransaction(s, PB, PA1, List.of(), 0)); // pb calls pa's node directly
        assertEquals(1, s.nodes().get(PA1).ls());
        // a reply needs a call from the replier's target still held: pa holds pb's call
        assertEquals(1, spec.bcReply(s, PA, PB, List.of(), 0).size());
        assertEquals(List.of(), spec.bcReply(s, PA, PM, List.of(), 0));
    }

    @Test
    void aHandleSentBackToItsOwnerBecomesABinderWithALocalCount() {
        RefsState s = only(spec.bcAcquire(registered(), PM, 1));
        s = only(spec.bcFreeBuffer(s, PM, s.bufs().get(PM).keySet().iterator().next()));
        s = only(spec.bcTransaction(s, PM, PA1, List.of(new Obj(Obj.Kind.HANDLE, 1)), 0));
        Buffer b = s.bufs().get(PA).keySet().iterator().next();
        assertEquals(List.of(BINDER1), b.objs());
        assertEquals(2, s.nodes().get(PA1).ls()); // the pin and the BINDER object
        s = only(spec.bcFreeBuffer(s, PA, b));
        assertEquals(0, s.nodes().get(PA1).ls());
        assertEquals(Life.LIVE, s.nodes().get(PA1).st()); // pm's strong ref keeps it
    }

    @Test
    void theManagersHandleIsZeroAndAcquireZeroWorksFromAWeakRef() {
        RefsState s = only(spec.bcIncrefs(spec.init(), PB, 0));
        assertEquals(new RefState(0, 0, 1), s.ref(PB, CTX));
        s = only(spec.bcAcquire(s, PB, 0)); // allowed: the manager node has has_strong_ref
        assertEquals(new RefState(0, 1, 1), s.ref(PB, CTX));
        assertEquals(1, s.nodes().get(CTX).is());
        // the manager may not take a ref on itself
        assertEquals(List.of(), spec.bcAcquire(spec.init(), PM, 0));
    }

    @Test
    void aDeathNotificationFiresWhenTheOwnerDiesAndIsClearedAfterDelivery() {
        RefsState s = only(spec.bcIncrefs(registered(), PM, 1)); // pm holds a weak count
        s = only(spec.bcRequestDeathNotification(s, PM, PA1));
        assertEquals(DeathState.ARMED, s.deaths().get(PM).get(PA1));
        s = only(spec.procRelease(s, PA));
        assertEquals(Life.DEAD, s.nodes().get(PA1).st());
        assertEquals(DeathState.DEAD, s.deaths().get(PM).get(PA1));
        assertEquals(List.of(), spec.brClearDeathNotificationDone(s, PM, PA1)); // DEAD_BINDER work is queued
        s = only(spec.brDeadBinder(s, PM, PA1));
        assertEquals(DeathState.DELIVERED, s.deaths().get(PM).get(PA1));
        s = only(spec.bcClearDeathNotification(s, PM, PA1, false));
        assertEquals(DeathState.DELIVERED_CLEAR, s.deaths().get(PM).get(PA1));
        s = only(spec.bcDeadBinderDone(s, PM, PA1, false));
        assertEquals(DeathState.CLEAR_PROC, s.deaths().get(PM).get(PA1));
        assertEquals(List.of(), spec.brDeadBinder(s, PM, PA1)); // CLEAR_DEATH_NOTIFICATION work is queued
        s = only(spec.brClearDeathNotificationDone(s, PM, PA1));
        assertEquals(DeathState.NONE, s.deaths().get(PM).get(PA1));
        // pm lets go: the buffer, then its own weak count; the dead node goes with the last ref
        s = only(spec.bcFreeBuffer(s, PM, s.bufs().get(PM).keySet().iterator().next()));
        assertEquals(Life.DEAD, s.nodes().get(PA1).st());
        s = only(spec.bcDecrefs(s, PM, PA1));
        assertEquals(NodeState.NO_NODE, s.nodes().get(PA1));
        assertFalse(s.hasRef(PM, PA1));
    }

    @Test
    void threadReleaseDropsNodeWorkAndProcReleaseReleasesEverything() {
        RefsState s = only(spec.threadRelease(registered(), PA));
        assertEquals(Work.NONE, s.nodes().get(PA1).work()); // pa is never told of pm's ref
        s = only(spec.procRelease(s, PM));
        assertEquals(NodeState.NO_NODE, s.nodes().get(PA1)); // pm's ref was the only thing holding it
        s = only(spec.procRelease(s, PA));
        s = only(spec.procRelease(s, PB));
        assertTrue(RefsInvariants.nothingRemains(model, s));
    }

    @Test
    void stepsAreNamedWithTheirParameters() {
        RefsState s = registered();
        assertEquals("BcTransaction(pa, <<pm, 0>>, [binder(1)], 0)", RefsSteps.label(model, spec.init(), s));
        assertEquals("WorkNode(pa, <<pa, 1>>)", RefsSteps.label(model, s, only(spec.workNode(s, PA, PA1))));
        assertEquals("[no step of BinderRefs.tla]",
                RefsSteps.label(model, spec.init(), only(spec.threadRelease(s, PA))));
    }

    /**
     * The manager's life (a model where pa and pb may ask with ptr 0 or 1, pb with euid 1000): -EBUSY while pm is
     * the manager; pb's handle-0 ref stays on pm's node once pm is released, and handle 0 names nothing (no target,
     * BC_INCREFS 0 takes pb's desc-0 ref); pa becomes the manager with its existing node (counts and refs kept, the
     * manager's counts added); pb's new ref on it gets desc 1; pb is refused with -EPERM once pa's release leaves no
     * manager.
     */
    @Test
    void theManagerChangesAsBinderIoctlSetCtxMgrSays() {
        RefsModel m = new RefsModel(List.of("pa", "pb", "pm"), PM, Set.of(PA), List.of(1), Set.of(PA, PB),
                List.of(0, 1), Set.of(PB), 1, 1, 1, 100, RefsModel.Broken.NONE);
        BinderRefsSpec sp = new BinderRefsSpec(m);
        int pa1 = m.nodeIndex(PA, 1);
        int pb0 = m.nodeIndex(PB, 0);
        RefsState s = sp.init();
        assertEquals(-16, sp.setCtxMgrError(s, PA));
        assertEquals(List.of(), sp.ioctlSetCtxMgr(s, PA, pa1));
        s = sp.bcAcquire(s, PB, 0).get(0);
        s = sp.bcTransaction(s, PA, CTX, List.of(BINDER1), 0).get(0); // pm holds a ref on <<pa, 1>>, desc 1
        s = sp.workNode(s, PA, pa1).get(0); // pa is told (BR_INCREFS, BR_ACQUIRE) and acknowledges
        s = sp.bcIncrefsDone(s, PA, pa1).get(0);
        s = sp.bcAcquireDone(s, PA, pa1).get(0);
        s = sp.procRelease(s, PM).get(0);
        assertEquals(Life.LIVE, s.nodes().get(pa1).st(), "known to pa, <<pa, 1>> outlives pm's ref");
        assertFalse(s.hasMgr());
        assertEquals(Life.DEAD, s.nodes().get(CTX).st(), "pb's ref keeps pm's node, dead");
        assertEquals(new RefState(0, 1, 0), s.ref(PB, CTX));
        assertEquals(List.of(), sp.targets(s, PB), "handle 0 names nothing");
        RefsState again = sp.bcIncrefs(s, PB, 0).get(0);
        assertEquals(new RefState(0, 1, 1), again.ref(PB, CTX), "BC_INCREFS 0 took pb's desc-0 ref");
        assertEquals(0, sp.setCtxMgrError(s, PA));
        NodeState before = s.nodes().get(pa1);
        RefsState set = sp.ioctlSetCtxMgr(s, PA, pa1).get(0);
        assertEquals(pa1, set.mgrNode());
        assertEquals(0, set.mgrUid());
        assertEquals(Set.of(CTX, pa1), set.wasMgr());
        assertEquals(before.withLs(before.ls() + 1).withLw(before.lw() + 1).withHs(true).withHw(true),
                set.nodes().get(pa1), "the existing node, with the manager's counts");
        assertEquals(List.of(), RefsInvariants.violated(m, set), () -> set.describe(m));
        s = set;
        RefsState pbRef = sp.bcIncrefs(s, PB, 0).get(0);
        assertEquals(new RefState(1, 0, 1), pbRef.ref(PB, pa1), "desc 0 is taken by pm's dead node: desc 1");
        assertEquals(List.of(), RefsInvariants.violated(m, pbRef), () -> pbRef.describe(m));
        assertEquals(List.of(), sp.bcAcquire(s, PA, 0), "the manager acquiring handle 0: -EINVAL");
        RefsState gone = sp.procRelease(s, PA).get(0);
        assertFalse(gone.hasMgr());
        assertEquals(-1, sp.setCtxMgrError(gone, PB), "euid 1000, not the 0 recorded");
        assertEquals(List.of(), sp.ioctlSetCtxMgr(gone, PB, pb0));
    }
}
