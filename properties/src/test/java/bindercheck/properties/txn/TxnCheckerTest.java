package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverTamper;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedTxn;
import bindercheck.properties.harness.TxnOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-step check on the flow of the seed documents (a client calls the context manager, the
 * manager reads and replies, the client reads the reply, both free their buffers), on a call
 * written as raw bytes, and on drivers broken on purpose, which it must reject.
 */
class TxnCheckerTest {
    private static final int M = 0;
    private static final int A = 1;

    @Test
    void callAndReplyIsTheSpecsStepsOneByOne() {
        CheckedTxn s = CheckedTxn.start(2, 1, 128 * 1024, true);
        s.apply(new TxnOp.Call(A, 1, 0, false, 8));
        s.apply(new TxnOp.Read(M, 1, 256));
        s.apply(new TxnOp.Reply(M, 1, 4));
        s.apply(new TxnOp.Read(A, 1, 256));
        s.apply(new TxnOp.FreeRx(M, 1, 1, 1));
        s.apply(new TxnOp.FreeRx(A, 1, 1, 1));
        s.apply(new TxnOp.Read(M, 1, 256));

        assertEquals(List.of(), s.violations());
        List<String> actions = s.checker().steps().stream().map(TxnChecker.CheckedStep::action).toList();
        assertEquals(List.of("BcTransaction", "BrTransaction", "BcReply", "BrTransactionComplete", "BrReply",
                "BcFreeBuffer", "BcFreeBuffer", "BrTransactionComplete"), actions);
        assertEquals("FALSE", s.checker().steps().get(0).params().get("oneway").toString());
        assertEquals("M", s.checker().steps().get(0).params().get("p").toString());
        assertTrue(s.checker().steps().get(0).state().toString().contains("stack <<A, t1>>=1"),
                () -> s.checker().steps().get(0).state().toString());
    }

    @Test
    void aFreeOfABufferNeverDeliveredChangesNothing() {
        CheckedTxn s = CheckedTxn.start(2, 1, 128 * 1024, true);
        s.apply(new TxnOp.Call(A, 1, 0, false, 8));
        s.apply(new TxnOp.FreeOff(M, 1, 0));

        assertEquals(List.of(), s.violations());
        assertEquals("stutter", s.checker().steps().get(1).action());
    }

    @Test
    void aDriverThatLosesWorkIsCaught() {
        CheckedTxn s = CheckedTxn.start(2, 1, 128 * 1024, false);
        s.apply(new TxnOp.Call(A, 1, 0, false, 8));
        DriverTamper.dropFirstProcWork(s.world().proc(M).binder);
        s.apply(new TxnOp.Call(A, 1, 0, true, 8));

        assertFalse(s.violations().isEmpty());
        Violation v = s.violations().get(0);
        assertEquals("refinement", v.checker());
        assertTrue(v.detail().contains("procTodo"), v::detail);
    }

    @Test
    void aDriverThatPopsAStackWithoutAReplyIsCaught() {
        CheckedTxn s = CheckedTxn.start(2, 1, 128 * 1024, false);
        s.apply(new TxnOp.Call(A, 1, 0, false, 8));
        s.apply(new TxnOp.Read(M, 1, 256));
        DriverTamper.popStack(s.world().proc(M).binder.thread(s.world().proc(M).tid(1)));
        s.apply(new TxnOp.Reply(M, 1, 4)); // the driver now says: no call to reply to

        assertFalse(s.violations().isEmpty());
        assertEquals("refinement", s.violations().get(0).checker());
    }

    /**
     * A one-way BC_TRANSACTION written as raw bytes (no scenario TRANSACTION command the harness
     * could read flags from): the checker takes TF_ONE_WAY from the driver's step and matches
     * BcTransaction with oneway = TRUE. (Before the step carried the flags, a side channel fed by
     * the scenario's TRANSACTION commands did, and a raw call was checked as a synchronous one.)
     */
    @Test
    void aRawOneWayCallIsCheckedAsOneWay() throws Exception {
        String tr = "0000000000000000" + "0000000000000000" // target.handle 0, cookie
                + "01000000" + "01000000" // code 1, flags TF_ONE_WAY
                + "00000000" + "00000000" // sender_pid, sender_euid
                + "0000000000000000" + "0000000000000000" // data_size 0, offsets_size 0
                + "0000000000000000" + "0000000000000000"; // buffer, offsets
        String scn = String.join("\n",
                "process S",
                "process C",
                "S.main: mmap 128K",
                "S.main: version",
                "S.main: set_context_mgr",
                "C.main: mmap 128K",
                "C.main: version",
                "C.main: bwr read=256 RAW hex=00634040" + tr,
                "S.main: read 256",
                "");
        TxnChecker checker = ScenarioTxnCheck.run(
                bindercheck.properties.scenario.ScenarioParser.parse("raw-oneway.scn", scn), l -> { });

        assertEquals(List.of(), checker.violations());
        assertEquals(null, checker.beyondBounds());
        List<TxnChecker.CheckedStep> calls = checker.steps().stream()
                .filter(st -> st.action().equals("BcTransaction")).toList();
        assertEquals(1, calls.size(), () -> checker.steps().toString());
        assertEquals("TRUE", calls.get(0).params().get("oneway").toString());
        assertEquals("S", calls.get(0).params().get("p").toString());
        assertTrue(checker.steps().stream().anyMatch(st -> st.action().equals("BrTransaction")),
                "the one-way call is delivered to S");
    }

    /**
     * A driver that resolves a call to the manager M (and says so in its step) but queues it on B,
     * a well-formed call to B in every other respect: Binder.tla has a BcTransaction to B that
     * reaches this very state, so only the pin to the target the driver chose tells them apart.
     */
    @Test
    void aDriverThatRoutesACallToTheWrongProcIsCaught() {
        int b = 2;
        CheckedTxn control = CheckedTxn.start(3, 1, 128 * 1024, false);
        control.apply(new TxnOp.Call(A, 1, 0, false, 8));
        assertEquals(List.of(), control.violations(), "the same call on a sound driver refines");

        CheckedTxn s = CheckedTxn.start(3, 1, 128 * 1024, false);
        DriverTamper.routeNextCallTo(s.world().driver(), s.world().proc(b).binder);
        s.apply(new TxnOp.Call(A, 1, 0, false, 8));

        assertTrue(s.world().proc(b).binder.todo().size() == 1, "the call sits on B's todo");
        assertFalse(s.violations().isEmpty(), "a call routed to B refined as the call to M the driver chose");
        Violation v = s.violations().get(0);
        assertEquals("refinement", v.checker());
        assertEquals("BcTransaction(sync, M)", v.name(), v::detail);
    }
}
