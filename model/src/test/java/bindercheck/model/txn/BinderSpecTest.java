package bindercheck.model.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.model.TraceStep;
import bindercheck.model.explore.Explorer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The mirror's actions on hand-checked examples that read like the kernel's flow: the context
 * manager pm and a client pa, two threads each, three transaction ids, four buffer slots.
 */
class BinderSpecTest {
    static final TxnConfig CONFIG = TxnConfig.of(List.of("pm", "pa"), "pm", List.of("k1", "k2"), 3, 4);
    static final int PM = 0;
    static final int PA = 1;
    static final ThreadRef PM1 = new ThreadRef(PM, 0);
    static final ThreadRef PM2 = new ThreadRef(PM, 1);
    static final ThreadRef PA1 = new ThreadRef(PA, 0);
    static final ThreadRef PA2 = new ThreadRef(PA, 1);

    private final BinderSpec spec = new BinderSpec(CONFIG);

    /** The successor in which the call went onto thread dest's todo (not the proc's). */
    private TxnState callQueuedTo(TxnState s, ThreadRef from, int p, ThreadRef dest) {
        Set<TxnState> posts = spec.bcTransaction(s, from, p, false);
        List<TxnState> onDest = posts.stream().filter(x -> x.todo(dest).contains(Work.txn(x.stack(from))))
                .collect(Collectors.toList());
        assertEquals(1, onDest.size(), () -> "one successor has the call on " + dest + ": " + posts);
        return onDest.get(0);
    }

    @Test
    void aCallDeliveredRepliedAndCompletedLeavesNothingBehind() {
        TxnState s = spec.init();
        // BC_TRANSACTION from pa.k1 to handle 0: pm's todo, or either idle thread of pm
        assertEquals(3, spec.bcTransaction(s, PA1, PM, false).size());
        s = callQueuedTo(s, PA1, PM, PM1);
        ok(s);
        assertEquals(1, s.stack(PA1));
        assertEquals(new TxnRec(TxnKind.SYNC, PA1, 0, PM, ThreadRef.NONE, 0, 1), s.txn(1));
        assertEquals(List.of(Work.TCOMPLETE), s.todo(PA1));
        assertFalse(s.processTodo(PA1), "the caller's BR_TRANSACTION_COMPLETE is deferred");
        assertEquals(SlotState.ATTACHED, s.buf(PM, 1).state());
        assertEquals(Set.of(), spec.brTransactionComplete(s, PA1), "deferred: not readable yet");

        s = only(spec.brTransaction(s, PM1)); // BR_TRANSACTION: pushed on pm.k1's stack
        ok(s);
        assertEquals(1, s.stack(PM1));
        assertEquals(PM1, s.txn(1).toThread());
        assertEquals(SlotState.DELIVERED, s.buf(PM, 1).state());

        s = only(spec.bcReply(s, PM1)); // BC_REPLY: both stacks pop, the reply takes the freed id 1
        ok(s);
        assertEquals(0, s.stack(PM1));
        assertEquals(0, s.stack(PA1));
        assertEquals(new TxnRec(TxnKind.REPLY, ThreadRef.NONE, 0, PA, PA1, 0, 1), s.txn(1));
        assertEquals(List.of(Work.TCOMPLETE, Work.txn(1)), s.todo(PA1));
        assertTrue(s.processTodo(PA1));
        assertEquals(List.of(Work.TCOMPLETE), s.todo(PM1));
        assertEquals(new BufRec(SlotState.DELIVERED, false, PM, 0), s.buf(PM, 1), "pm must still free it");

        s = only(spec.brTransactionComplete(s, PA1));
        s = only(spec.brReply(s, PA1));
        assertEquals(0, s.awaiting(PA1));
        s = only(spec.bcFreeBuffer(s, PA1, 1));
        s = only(spec.bcFreeBuffer(s, PM1, 1));
        s = only(spec.brTransactionComplete(s, PM1));
        ok(s);
        assertEquals(spec.init(), s);
    }

    @Test
    void aReplyOnAnEmptyStackFailsThroughReturnError() {
        TxnState s = only(spec.bcReply(spec.init(), PA1)); // R1
        ok(s);
        assertEquals(Cmd.BR_FAILED_REPLY, s.returnError(PA1));
        assertEquals(List.of(Work.RETURN_ERROR), s.todo(PA1));
        assertEquals(0, s.awaiting(PA1), "a failed reply answers no call of pa.k1");
        assertEquals(Set.of(), spec.bcReply(s, PA1), "the write loop stops while return_error is set");
        assertEquals(Set.of(), spec.brDeadReply(s, PA1));
        assertEquals(spec.init(), only(spec.brFailedReply(s, PA1)));
    }

    @Test
    void aThreadExitMidCallGivesTheCallerADeadReply() {
        TxnState s = callQueuedTo(spec.init(), PA1, PM, PM1);
        s = only(spec.brTransaction(s, PM1));
        s = only(spec.threadRelease(s, PM1));
        ok(s);
        assertTrue(TxnInvariants.noLostAnswer(s));
        assertEquals(0, s.stack(PA1));
        assertEquals(TxnRec.FREE, s.txn(1));
        assertEquals(Cmd.BR_DEAD_REPLY, s.replyError(PA1));
        assertEquals(List.of(Work.TCOMPLETE, Work.REPLY_ERROR), s.todo(PA1));
        assertEquals(new BufRec(SlotState.DELIVERED, false, PM, 0), s.buf(PM, 1));
        s = only(spec.brTransactionComplete(s, PA1));
        assertEquals(Set.of(), spec.brFailedReply(s, PA1));
        s = only(spec.brDeadReply(s, PA1));
        assertEquals(0, s.awaiting(PA1));
        assertEquals(Cmd.BR_OK, s.replyError(PA1));
        ok(s);
    }

    @Test
    void aDeadTargetProcAnswersQueuedAndNewCallsWithDeadReplies() {
        TxnState s = only(spec.bcTransaction(spec.init(), PA1, PM, false).stream()
                .filter(x -> !x.procTodo(PM).isEmpty()).collect(Collectors.toSet()));
        s = only(spec.procRelease(s, PM));
        ok(s);
        assertFalse(s.alive(PM));
        assertEquals(Cmd.BR_DEAD_REPLY, s.replyError(PA1));
        assertTrue(s.buf(PM, 1).isFree());
        assertEquals(Set.of(), spec.procRelease(s, PM));
        s = only(spec.bcTransaction(s, PA2, PM, false)); // T1: the target is dead
        assertEquals(Cmd.BR_DEAD_REPLY, s.returnError(PA2));
        assertTrue(s.retAnswers(PA2));
        assertEquals(1, s.awaiting(PA2));
        ok(s);
    }

    @Test
    void oneWayCallsToANodeAreDeliveredOneAtATimeInOrder() {
        TxnState s = only(spec.bcTransaction(spec.init(), PA1, PM, true).stream()
                .filter(x -> !x.procTodo(PM).isEmpty()).collect(Collectors.toSet()));
        assertTrue(s.hasAsync(PM));
        assertTrue(s.processTodo(PA1), "a one-way call's completion is not deferred");
        s = only(spec.bcTransaction(s, PA1, PM, true));
        assertEquals(List.of(2), s.asyncTodo(PM));
        assertEquals(Cmd.BR_FAILED_REPLY, only(spec.bcTransaction(s, PA2, PM, true)).returnError(PA2),
                "two one-way buffers fill half of the four slots");
        s = only(spec.brTransaction(s, PM1)); // the first is delivered and freed
        assertEquals(TxnRec.FREE, s.txn(1));
        assertEquals(List.of(), s.procTodo(PM), "the second waits in async_todo until the first is freed");
        ok(s);
        s = only(spec.bcFreeBuffer(s, PM1, 1)); // freeing its buffer releases the next one
        assertEquals(List.of(Work.txn(2)), s.procTodo(PM));
        assertEquals(List.of(), s.asyncTodo(PM));
        assertTrue(s.hasAsync(PM));
        ok(s);
    }

    @Test
    void aNestedCallGoesToTheThreadWaitingInTheTargetProc() {
        TxnState s = callQueuedTo(spec.init(), PA1, PM, PM1);
        s = only(spec.brTransaction(s, PM1));
        s = only(spec.bcTransaction(s, PM1, PA, false)); // no choice: pa.k1 waits on pm.k1's stack
        ok(s);
        assertEquals(PA1, s.txn(2).toThread());
        assertEquals(List.of(Work.TCOMPLETE, Work.txn(2)), s.todo(PA1));
        assertEquals(1, s.txn(2).fromParent());
    }

    @Test
    void aCallWhileTheStackTopIsNotReceivedFailsT5() {
        TxnState s = callQueuedTo(spec.init(), PA1, PM, PM1);
        s = only(spec.bcTransaction(s, PA1, PM, false));
        assertEquals(Cmd.BR_FAILED_REPLY, s.returnError(PA1));
        assertEquals(2, s.awaiting(PA1));
        ok(s);
    }

    @Test
    void withoutR2ACallerCanAnswerItsOwnCallAndBreaksPairing() {
        TxnConfig broken = new TxnConfig(CONFIG.procs(), "pm", "NoProc", CONFIG.threadIds(), CONFIG.txnIds(), 4,
                Integer.MAX_VALUE, Integer.MAX_VALUE, true);
        BinderSpec b = new BinderSpec(broken);
        TxnState s = b.bcTransaction(b.init(), PA1, PM, false).iterator().next();
        assertEquals(Cmd.BR_FAILED_REPLY, only(spec.bcReply(TxnTla.fromTla(CONFIG, TxnTla.toTla(s)), PA1))
                .returnError(PA1), "with R2 the reply is refused");
        s = only(b.bcReply(s, PA1));
        assertTrue(s.pairingBroken());
        assertFalse(TxnInvariants.replyPairing(s));
    }

    @Test
    void initHasFortyTwoStepsCountedByHand() {
        List<TraceStep<TxnState>> steps = spec.next(spec.init());
        // own proc: 4 threads x 2 (sync, one-way) failures; other proc: 4 x 2 x 3 destinations;
        // BC_REPLY fails on each of 4 threads; 4 thread exits (no change); 2 proc releases
        assertEquals(8 + 24 + 4 + 4 + 2, steps.size());
        assertTrue(steps.stream().anyMatch(st -> st.label().equals("BcTransaction(<<pa, k1>>, pm, FALSE)")));
        assertTrue(steps.stream().anyMatch(st -> st.label().equals("ProcRelease(pm)")));
        assertEquals(List.of("ThreadRelease(<<pm, k2>>)"), spec.stepsBetween(spec.init(), spec.init()).stream()
                .filter(st -> st.params().get("t").toTla().contains("pm, k2")).map(TraceStep::label).toList());
    }

    @Test
    void oneStepFromInitReachesNineteenOrbits() {
        TxnConfig one = new TxnConfig(CONFIG.procs(), "pm", "NoProc", CONFIG.threadIds(), CONFIG.txnIds(), 4, 1, 2,
                false);
        // orbits under k1<->k2: 4 own-proc failures (pm or pa thread, sync or one-way), 2 directions
        // x 2 kinds x 3 destinations (proc todo, same k, other k), 2 dead procs, and Init; a failed
        // BC_REPLY leaves the state a failed one-way call to its own proc leaves
        Explorer.Result<TxnState, TxnInvariants.Invariant> r = TxnExplorer.explore(one, TxnInvariants.ci());
        assertEquals(1 + 4 + 12 + 2, r.distinctStates());
        assertEquals(2, r.depth());
        assertEquals(List.of(), r.violations());
        assertEquals(1 + 8 + 24 + 2, TxnExplorer.explore(one, TxnInvariants.ci(), TxnSymmetry.none(one), false)
                .distinctStates());
    }

    @Test
    void statesOfOneOrbitShareTheirCanonicalForm() {
        TxnSymmetry sym = new TxnSymmetry(CONFIG);
        assertEquals(2, sym.size());
        TxnState a = callQueuedTo(spec.init(), PA1, PM, PM1);
        TxnState b = callQueuedTo(spec.init(), PA2, PM, PM2);
        TxnState c = callQueuedTo(spec.init(), PA1, PM, PM2);
        assertNotEquals(a, b);
        assertEquals(new String(sym.canonical(a), java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(sym.canonical(b), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(java.util.Arrays.equals(sym.canonical(a), sym.canonical(c)));
    }

    @Test
    void ghostsAreComparedApartFromTheDriverState() {
        TxnState s = callQueuedTo(spec.init(), PA1, PM, PM1);
        TxnState noGhosts = s.withGhosts(spec.init().ghosts());
        assertNotEquals(s, noGhosts);
        assertTrue(s.sameDriverState(noGhosts));
        assertEquals(s, noGhosts.withGhosts(s.ghosts()));
        assertFalse(s.sameDriverState(spec.init()));
        // a refinement check: the driver's state (no ghosts) picks the successor, ghosts and all
        Set<TxnState> posts = spec.bcTransaction(spec.init(), PA1, PM, false);
        assertEquals(List.of(s), BinderSpec.sameDriverState(posts, noGhosts));
        assertEquals(List.of(), BinderSpec.sameDriverState(posts, spec.init()));
    }

    @Test
    void everyStateWithinThreeStepsSurvivesTheTlaRoundTrip() {
        List<TxnState> level = List.of(spec.init());
        int n = 0;
        for (int d = 0; d < 3; d++) {
            List<TxnState> next = new ArrayList<>();
            for (TxnState s : level) {
                for (TxnState t : spec.successors(s)) {
                    assertEquals(t, TxnTla.fromTla(CONFIG, TxnTla.toTla(t)));
                    assertEquals(t, TxnTla.fromTla(CONFIG, TxnTla.driverVars(t), t.ghosts()));
                    n++;
                    if (n % 7 == 0) {
                        next.add(t);
                    }
                }
            }
            level = next;
        }
        assertTrue(n > 500, "checked " + n);
    }

    @Test
    void badParametersAndValuesAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> spec.bcFreeBuffer(spec.init(), PA1, 5));
        assertThrows(IllegalArgumentException.class, () -> spec.bcReply(spec.init(), new ThreadRef(2, 0)));
        assertThrows(IllegalArgumentException.class, () -> spec.procRelease(spec.init(), 7));
        var vars = new java.util.LinkedHashMap<>(TxnTla.toTla(spec.init()));
        vars.put("stack", bindercheck.model.tlc.TlaValue.of(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TxnTla.fromTla(CONFIG, vars));
        assertTrue(e.getMessage().contains("stack"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TxnConfig.of(List.of("pm", "pa"), "px", List.of("k1"), 3, 4));
    }

    private static void ok(TxnState s) {
        assertEquals(List.of(), TxnInvariants.violated(s, EnumSet.allOf(TxnInvariants.Invariant.class)),
                () -> "in\n" + s);
    }

    private static TxnState only(Set<TxnState> states) {
        assertEquals(1, states.size(), () -> "expected one successor, got " + states);
        return states.iterator().next();
    }
}
