package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverTamper;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-step check on the flow of the seed documents (a client calls the context manager, the manager reads and
 * replies, the client reads the reply, both free their buffers), after a world's set-up (itself checked from
 * Binder.tla's Init), and on drivers broken on purpose, which it must reject.
 */
class TxnCheckerTest {
    private static final int M = 0;
    private static final int A = 1;

    private static World world(boolean recording) {
        return WorldCampaign.world(2, 1, 128 * 1024, TxnChecks.factory(), false, recording);
    }

    private static TxnChecker checker(World w) {
        return w.run().check(TxnChecks.class).checker();
    }

    private static void apply(World w, ScenarioStep... steps) throws Exception {
        w.apply(List.of(steps));
    }

    private static Steps.On on(int p) {
        return Steps.on(World.procName(p), World.threadName(1));
    }

    @Test
    void theSetUpIsCheckedFromInitAndRefines() {
        World w = world(true);
        assertEquals(List.of(), w.violations());
        List<String> actions = checker(w).steps().stream().map(TxnChecker.Step::action).toList();
        assertTrue(actions.containsAll(List.of("BcTransaction", "BrTransaction", "BcReply", "BrReply",
                "BcFreeBuffer")), actions::toString);
        assertEquals(null, checker(w).beyondBounds());
    }

    @Test
    void callAndReplyIsTheSpecsStepsOneByOne() throws Exception {
        World w = world(true);
        int before = checker(w).steps().size();
        apply(w, TxnMove.call(A, 1, 0, false, 8), on(M).read(256), TxnMove.reply(M, 1, 4), on(A).read(256),
                on(M).write(Steps.freeRx("t1", 2)), on(A).write(Steps.freeRx("t1", 2)), on(M).read(256));

        assertEquals(List.of(), w.violations());
        List<TxnChecker.Step> steps = checker(w).steps().subList(before, checker(w).steps().size());
        List<String> actions = steps.stream().map(TxnChecker.Step::action).toList();
        assertEquals(List.of("BcTransaction", "BrTransaction", "BcReply", "BrTransactionComplete", "BrReply",
                "BcFreeBuffer", "BcFreeBuffer", "BrTransactionComplete"), actions);
        assertEquals("FALSE", steps.get(0).params().get("oneway").toString());
        assertEquals("M", steps.get(0).params().get("p").toString());
        assertTrue(steps.get(0).state().toString().contains("stack <<A, t1>>=1"), () -> steps.get(0).state().toString());
    }

    @Test
    void aFreeOfABufferNeverDeliveredChangesNothing() throws Exception {
        World w = world(true);
        int before = checker(w).steps().size();
        apply(w, TxnMove.call(A, 1, 0, false, 8), on(M).write(Steps.freeOff(0)));

        assertEquals(List.of(), w.violations());
        assertEquals("stutter", checker(w).steps().get(before + 1).action());
    }

    @Test
    void aDriverThatLosesWorkIsCaught() throws Exception {
        World w = world(false);
        apply(w, TxnMove.call(A, 1, 0, false, 8));
        DriverTamper.dropFirstProcWork(w.proc(M).binder());
        apply(w, TxnMove.call(A, 1, 0, true, 8));

        assertFalse(w.violations().isEmpty());
        Violation v = w.violations().get(0);
        assertEquals("refinement", v.checker());
        assertTrue(v.detail().contains("procTodo"), v::detail);
    }

    @Test
    void aDriverThatPopsAStackWithoutAReplyIsCaught() throws Exception {
        World w = world(false);
        apply(w, TxnMove.call(A, 1, 0, false, 8), on(M).read(256));
        DriverTamper.popStack(w.proc(M).thread(1));
        apply(w, TxnMove.reply(M, 1, 4)); // the driver now says: no call to reply to

        assertFalse(w.violations().isEmpty());
        assertEquals("refinement", w.violations().get(0).checker());
    }
}
