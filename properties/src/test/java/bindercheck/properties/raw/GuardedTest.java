package bindercheck.properties.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.impl.wire.FlatBinderFlags;
import bindercheck.impl.wire.TransactionFlags;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.refs.RefsChecks;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The things raw inputs reach that the txn and refs checks do not follow and do not see themselves: each makes
 * the unguarded checks report violations the driver is right about, and the guarded ones stop there, naming it.
 */
class GuardedTest {
    /**
     * A takes a count on handle 0 (a ref, desc 0, on M's node), M dies, B becomes the context manager, A takes a
     * count on handle 0 again: a new ref on B's node, whose desc is 3 (0 is still the dead node's). BinderRefs.tla
     * has the manager's life (IoctlSetCtxMgr), so both checks follow it, unguarded and guarded, to the end.
     */
    @Test
    void aSecondContextManagerIsFollowedByTheChecks() throws Exception {
        List<ScenarioStep> steps = List.of(Steps.on("A", "t1").write(Steps.refOp(Bc.BC_INCREFS, 0)),
                new ScenarioStep.Exit("M"), Steps.on("B", "t1").setContextMgr(),
                Steps.on("A", "t1").write(Steps.refOp(Bc.BC_INCREFS, 0)));
        World unguarded = WorldCampaign.world(3, 1, RawCampaign.MAP_BYTES, RefsChecks.factory(), false, false);
        unguarded.apply(steps);
        assertEquals(List.of(), unguarded.violations());

        World w = RawCampaign.world(3, 1, false);
        for (ScenarioStep st : steps) {
            assertEquals(List.of(), RawCampaign.apply(w, List.of(st)));
        }
        assertNull(RawSlice.firstStop(w.run().checks()), "no check stopped");
    }

    /**
     * B sends A its fd-accepting second node, then A makes one-way calls to both of B's nodes: the driver queues
     * both (one per node), Binder.tla queues the second behind the first.
     */
    @Test
    void oneWayCallsToTwoNodesOfOneProcessStopTheChecks() throws Exception {
        World probe = RawCampaign.world(3, 1, false);
        List<ScenarioStep> steps = new ArrayList<>();
        int aHandleOfB = probe.proc(1).handle(2);
        // B sends A its second node (ptr 0x2100, accepting fds) in a call; A reads it, answers, B reads the reply.
        steps.add(Steps.on("B", "t1").write(new TransactionBuilder(Bc.BC_TRANSACTION).handle(probe.proc(2).handle(1))
                .code(1).obj(Steps.obj(0, BinderObjectType.BINDER_TYPE_BINDER, FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS,
                        World.nodePtr(2) + 0x100, 0x102)).build()));
        steps.add(Steps.on("A", "t1").read(256));
        steps.add(Steps.on("A", "t1").write(new TransactionBuilder(Bc.BC_REPLY).code(1).build()));
        steps.add(Steps.on("B", "t1").read(256));
        List<ScenarioStep> calls = new ArrayList<>();
        World w = RawCampaign.world(3, 1, false);
        for (ScenarioStep st : steps) {
            assertEquals(List.of(), RawCampaign.apply(w, List.of(st)));
        }
        int second = -1;
        for (int h : w.proc(1).heldHandles()) {
            if (w.syncOnly(1, h)) {
                second = h;
            }
        }
        assertTrue(second > 0, "A holds B's second node");
        for (int h : new int[] {aHandleOfB, second}) {
            calls.add(Steps.on("A", "t1").write(new TransactionBuilder(Bc.BC_TRANSACTION).handle(h).code(1)
                    .flags(TransactionFlags.TF_ONE_WAY).build()));
        }

        World unguarded = WorldCampaign.world(3, 1, RawCampaign.MAP_BYTES, RefsChecks.factory(), false, false);
        unguarded.apply(steps);
        unguarded.apply(calls);
        List<Violation> v = unguarded.violations();
        assertFalse(v.isEmpty(), "Binder.tla has one async queue per process");

        assertNull(RawSlice.firstStop(w.run().checks()));
        for (ScenarioStep st : calls) {
            assertEquals(List.of(), RawCampaign.apply(w, List.of(st)));
        }
        String stop = RawSlice.firstStop(w.run().checks());
        assertNotNull(stop);
        assertTrue(stop.contains("one-way calls in flight to two nodes of one process"), stop);
    }

    /**
     * A sends M its second node (0x1100, cookie 0x101) and reads BR_INCREFS and BR_ACQUIRE; M frees the buffer
     * (its ref goes), A acknowledges the weak count (the put queues the node's work, which A's next read takes),
     * then the strong one with another cookie: the driver drops nothing and its put of the node queues the work
     * again, which BinderRefs.tla, with no cookies, cannot show.
     */
    @Test
    void anAcknowledgementWithAnotherCookieStopsTheRefsChecks() throws Exception {
        long ptr = World.nodePtr(1) + 0x100;
        List<ScenarioStep> steps = List.of(
                Steps.on("A", "t1").write(new TransactionBuilder(Bc.BC_TRANSACTION).handle(0).code(1)
                        .flags(TransactionFlags.TF_ONE_WAY).obj(Steps.obj(0, BinderObjectType.BINDER_TYPE_BINDER,
                                FlatBinderFlags.FLAT_BINDER_FLAG_ACCEPTS_FDS, ptr, 0x101)).build()),
                Steps.on("A", "t1").read(256),
                Steps.on("M", "t1").read(256),
                Steps.on("M", "t1").write(Steps.freeRx("t1", 2)),
                Steps.on("A", "t1").write(Steps.refDone(Bc.BC_INCREFS_DONE, ptr, 0x101)),
                Steps.on("A", "t1").read(256),
                Steps.on("A", "t1").write(Steps.refDone(Bc.BC_ACQUIRE_DONE, ptr, 0x1000000101L)));
        World unguarded = WorldCampaign.world(2, 1, RawCampaign.MAP_BYTES, RefsChecks.factory(), false, false);
        unguarded.apply(steps);
        assertTrue(unguarded.violations().stream().anyMatch(v -> v.name().equals("BcAcquireDone")),
                "BinderRefs.tla takes it for the acknowledgement: " + unguarded.violations());

        World w = RawCampaign.world(2, 1, false);
        for (ScenarioStep st : steps) {
            assertEquals(List.of(), RawCampaign.apply(w, List.of(st)));
        }
        assertNull(w.run().checks().get(0).stopped(), "Binder.tla follows it (node work is not its)");
        String stop = w.run().checks().get(1).stopReason();
        assertNotNull(stop);
        assertTrue(stop.contains("another cookie"), stop);
    }

    /**
     * The raw campaign's most frequent finding until the manager's life entered the spec: a client sends a BINDER
     * object of ptr 0 (a node of its own, which the refs check then took for the manager's, and its spec's
     * translation crashed). BinderRefs.tla now has every proc's ptr-0 node (any proc may become the manager), so
     * the refs check follows it: no violation, no stop.
     */
    @Test
    void aClientsNodeOfPtrZeroIsFollowedByTheRefsCheck() throws Exception {
        World w = WorldCampaign.world(2, 1, RawCampaign.MAP_BYTES, RefsChecks.factory(), false, false);
        w.apply(List.of(Steps.on("A", "t1").write(new TransactionBuilder(Bc.BC_TRANSACTION).handle(0).code(1)
                .obj(Steps.obj(0, BinderObjectType.BINDER_TYPE_BINDER, 0, 0, 0)).build())));
        assertEquals(List.of(), w.violations());
        assertNull(w.run().checks().get(1).stopped());
    }
}
