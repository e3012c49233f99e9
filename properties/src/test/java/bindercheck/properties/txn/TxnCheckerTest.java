package bindercheck.properties.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverTamper;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-step check on the flow of the seed documents (a client calls the context manager, the manager reads and
 * replies, the client reads the reply, both free their buffers), after a world's set-up (whose own refinement is
 * WorldSetUpTest's), on a call written as raw bytes, and on drivers broken on purpose, which it must reject.
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
    void callAndReplyIsTheSpecsStepsOneByOne() throws Exception {
        World w = world(true);
        int before = checker(w).steps().size();
        apply(w, TxnMove.call(A, 1, 0, false, 8), on(M).read(256), TxnMove.reply(M, 1, 4), on(A).read(256),
                on(M).write(Steps.freeRx("t1", 2)), on(A).write(Steps.freeRx("t1", 2)), on(M).read(256));

        assertEquals(List.of(), w.violations());
        List<TxnChecker.CheckedStep> steps = checker(w).steps().subList(before, checker(w).steps().size());
        List<String> actions = steps.stream().map(TxnChecker.CheckedStep::action).toList();
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

    /**
     * A one-way BC_TRANSACTION written as raw bytes (no scenario TRANSACTION command the harness could read flags
     * from): the checker takes TF_ONE_WAY from the driver's step and matches BcTransaction with oneway = TRUE.
     * (Before the step carried the flags, a side channel fed by the scenario's TRANSACTION commands did, and a raw
     * call was checked as a synchronous one.)
     */
    @Test
    void aRawOneWayCallIsCheckedAsOneWay() throws Exception {
        String tr = "0000000000000000" + "0000000000000000" // target.handle 0, cookie
                + "01000000" + "01000000" // code 1, flags TF_ONE_WAY
                + "00000000" + "00000000" // sender_pid, sender_euid
                + "0000000000000000" + "0000000000000000" // data_size 0, offsets_size 0
                + "0000000000000000" + "0000000000000000"; // buffer, offsets
        Scenario scn = ScenarioParser.parse("raw-oneway.scn", String.join("\n",
                "process S",
                "process C",
                "S.main: mmap 128K",
                "S.main: version",
                "S.main: set_context_mgr",
                "C.main: mmap 128K",
                "C.main: version",
                "C.main: bwr read=256 RAW hex=00634040" + tr,
                "S.main: read 256",
                ""));
        CheckedRun run = CheckedRun.of(scn, TxnChecks.factory(), true, null);
        run.runAll(scn);
        TxnChecker checker = run.check(TxnChecks.class).checker();

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
     * A driver that resolves a call to the manager M (and says so in its step) but queues it on B, a well-formed
     * call to B in every other respect: Binder.tla has a BcTransaction to B that reaches this very state, so only
     * the pin to the target the driver chose tells them apart.
     */
    @Test
    void aDriverThatRoutesACallToTheWrongProcIsCaught() throws Exception {
        int b = 2;
        World control = WorldCampaign.world(3, 1, 128 * 1024, TxnChecks.factory(), false, false);
        apply(control, TxnMove.call(A, 1, 0, false, 8));
        assertEquals(List.of(), control.violations(), "the same call on a sound driver refines");

        World w = WorldCampaign.world(3, 1, 128 * 1024, TxnChecks.factory(), false, false);
        DriverTamper.routeNextCallTo(w.run().driver(), w.proc(b).binder());
        apply(w, TxnMove.call(A, 1, 0, false, 8));

        assertEquals(1, w.proc(b).binder().todo().size(), "the call sits on B's todo");
        assertFalse(w.violations().isEmpty(), "a call routed to B refined as the call to M the driver chose");
        Violation v = w.violations().get(0);
        assertEquals("refinement", v.checker());
        assertEquals("BcTransaction(sync, M)", v.name(), v::detail);
    }
}
