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
 * manager reads and replies, the client reads the reply, both free their buffers), and on drivers
 * broken on purpose, which it must reject.
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
}
