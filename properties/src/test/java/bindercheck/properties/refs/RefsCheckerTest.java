package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverTamper;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.model.refs.RefsTrace;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedTxn;
import bindercheck.properties.harness.TxnOp;
import bindercheck.properties.harness.TxnWorld;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-step check against BinderRefs.tla, step by step on small runs. */
class RefsCheckerTest {
    private static final int M = 0;
    private static final int A = 1;
    private static final int B = 2;

    private static List<String> actions(CheckedTxn s) {
        return s.refsChecker().trace().steps().stream().map(RefsTrace.Step::action).toList();
    }

    @Test
    void publishingANodeIsTheSpecsHandshake() {
        CheckedTxn s = CheckedTxn.startRefs(2, 1, 128 * 1024, true);

        // The prelude: A publishes its node to M, M takes the handle, both read and free, A acknowledges.
        assertEquals(List.of(), s.violations());
        assertNull(s.refsChecker().stopped());
        List<String> actions = actions(s);
        assertEquals("BcTransaction", actions.get(0));
        assertEquals("<<[t |-> \"binder\", v |-> 4096]>>",
                s.refsChecker().trace().steps().get(0).params().get("objs").toTla());
        assertTrue(actions.containsAll(List.of("BcAcquire", "BcReply", "BcFreeBuffer", "WorkNode", "BcIncrefsDone",
                "BcAcquireDone")),
                actions::toString);
        assertTrue(s.refsChecker().state().describe(s.refsChecker().model()).contains("M: refs{<<A, 4096>> h1 s1 w1}"),
                () -> s.refsChecker().state().describe(s.refsChecker().model()));
    }

    @Test
    void aCallFailingAtItsSecondObjectReleasesTheFirst() {
        CheckedTxn s = CheckedTxn.startRefs(3, 1, 128 * 1024, true);
        int before = actions(s).size();
        s.apply(new TxnOp.Call(A, 1, 0, false, 0, List.of(
                new TxnOp.Obj(BinderObjectType.BINDER_TYPE_HANDLE, s.world().proc(A).handle(B), 0),
                new TxnOp.Obj(BinderObjectType.BINDER_TYPE_HANDLE, 99, 0))));

        assertEquals(List.of(), s.violations());
        RefsTrace.Step send = s.refsChecker().trace().steps().get(before);
        assertEquals("BcTransaction", send.action());
        assertEquals("2", send.params().get("fail").toTla());
    }

    @Test
    void anAcknowledgementNobodyAskedForStillPutsTheNode() {
        // Found by this check: BC_ACQUIRE_DONE without a pending request runs binder_put_node, whose
        // weak check queues the node's work when only a buffer's pin holds it. BinderRefs' AckCount
        // (BcIncrefsDone, BcAcquireDone) now says so.
        CheckedTxn s = CheckedTxn.startRefs(2, 2, 128 * 1024, true);
        s.apply(new TxnOp.Call(M, 1, s.world().proc(M).handle(A), true, 0));
        s.apply(new TxnOp.Exit(M));
        s.apply(new TxnOp.NodeDone(A, 2, TxnWorld.nodePtr(A), A));

        assertEquals(List.of(), s.violations());
        assertTrue(actions(s).contains("BcAcquireDone"), () -> actions(s).toString());
    }

    @Test
    void aLeakedCountIsCaught() {
        CheckedTxn s = CheckedTxn.startRefs(2, 1, 128 * 1024, false);
        DriverTamper.leakStrong(s.world().proc(M).binder.ref(s.world().proc(M).handle(A)));
        s.apply(new TxnOp.RefCmd(M, 1, Bc.BC_INCREFS, s.world().proc(M).handle(A)));

        assertFalse(s.violations().isEmpty());
        Violation v = s.violations().get(0);
        assertEquals("refinement", v.checker());
        assertTrue(v.detail().contains("BcIncrefs"), v::detail);
    }

    @Test
    void aBufferWhoseObjectsNoLongerValidateIsCaught() {
        CheckedTxn s = CheckedTxn.startRefs(2, 1, 128 * 1024, false);
        s.apply(new TxnOp.Call(A, 1, 0, false, 0, List.of(
                new TxnOp.Obj(BinderObjectType.BINDER_TYPE_WEAK_BINDER, TxnWorld.nodePtr(A), A))));
        assertEquals(List.of(), s.violations());
        DriverTamper.corruptFirstOffset(s.world().proc(M).binder, 2);
        s.apply(new TxnOp.Read(M, 1, 256));

        assertTrue(s.violations().stream().anyMatch(v -> v.name().equals("OffsetsValid")), () -> s.violations().toString());
    }

    /**
     * Findings of the refs campaign that were the spec's, not the driver's, replayed as found
     * (minimised): each now refines BinderRefs. acquire-done-put-queues-work: after
     * BC_ACQUIRE_DONE's decrement, the put of the lookup's tmp ref runs the weak check, which
     * queues the node's work when it has no weak count and no refs, whatever its strong counts.
     */
    @Test
    void campaignFindingsFixedInTheSpecNowReplayClean() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("src/test/resources/refs-findings");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.sorted().toList()) {
                bindercheck.properties.harness.TxnScript script = bindercheck.properties.harness.TxnScript.read(f);
                CheckedTxn s = script.start(false);
                script.ops().forEach(op -> {
                    if (s.applicable(op)) {
                        s.apply(op);
                    }
                });
                assertEquals(List.of(), s.violations(), f + ": " + s);
                assertNull(s.refsChecker().stopped(), f::toString);
            }
        }
    }
}
