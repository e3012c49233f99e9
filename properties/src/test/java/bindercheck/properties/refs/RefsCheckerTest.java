package bindercheck.properties.refs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bindercheck.impl.driver.DriverTamper;
import bindercheck.impl.wire.Bc;
import bindercheck.impl.wire.BinderObjectType;
import bindercheck.model.TraceStep;
import bindercheck.model.refs.NodeState;
import bindercheck.model.refs.RefsModel;
import bindercheck.model.refs.RefsState;
import bindercheck.properties.check.Violation;
import bindercheck.properties.harness.CheckedRun;
import bindercheck.properties.harness.World;
import bindercheck.properties.harness.WorldCampaign;
import bindercheck.properties.scenario.Command;
import bindercheck.properties.scenario.Scenario;
import bindercheck.properties.scenario.ScenarioParser;
import bindercheck.properties.scenario.ScenarioStep;
import bindercheck.properties.scenario.Steps;
import bindercheck.properties.scenario.TransactionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The per-step check against BinderRefs.tla, step by step on small runs. */
class RefsCheckerTest {
    private static final int M = 0;
    private static final int A = 1;
    private static final int B = 2;

    private static World world(int procs, int threads, boolean recording) {
        return WorldCampaign.world(procs, threads, 128 * 1024, RefsChecks.factory(), false, recording);
    }

    private static RefsChecker checker(World w) {
        return w.run().check(RefsChecks.class).checker();
    }

    private static List<String> actions(World w) {
        return checker(w).trace().steps().stream().map(TraceStep::action).toList();
    }

    private static Steps.On on(int p, int k) {
        return Steps.on(World.procName(p), World.threadName(k));
    }

    /** BC_TRANSACTION (code 1) to {@code handle} carrying {@code objects} at offsets 0, 24, ... */
    private static ScenarioStep call(int p, int handle, Command.FlatObject... objects) {
        TransactionBuilder t = new TransactionBuilder(Bc.BC_TRANSACTION).handle(handle).code(1);
        for (Command.FlatObject o : objects) {
            t.obj(o);
        }
        return on(p, 1).write(t.build());
    }

    @Test
    void publishingANodeIsTheSpecsHandshake() {
        World w = world(2, 1, true);

        // The set-up: M becomes the manager; the prelude: A publishes its node to M, M takes the handle, both read
        // and free, A acknowledges.
        assertEquals(List.of(), w.violations());
        assertNull(checker(w).stopped());
        List<String> actions = actions(w);
        assertEquals("IoctlSetCtxMgr", actions.get(0));
        assertEquals("<<M, 0>>", checker(w).trace().steps().get(0).params().get("n").toTla());
        assertEquals("BcTransaction", actions.get(1));
        assertEquals("<<[t |-> \"binder\", v |-> 4096]>>", checker(w).trace().steps().get(1).params().get("objs").toTla());
        assertTrue(actions.containsAll(List.of("BcAcquire", "BcReply", "BcFreeBuffer", "WorkNode", "BcIncrefsDone",
                "BcAcquireDone")),
                actions::toString);
        assertTrue(checker(w).state().describe(checker(w).model()).contains("M: refs{<<A, 4096>> h1 s1 w1}"),
                () -> checker(w).state().describe(checker(w).model()));
    }

    /**
     * The manager's life: B takes a count through handle 0 (its ref, desc 0, on M's node), M exits (a call to handle
     * 0 then fails, and B's ref names a dead node), B becomes the manager with the _EXT form and its published node,
     * A's calls and counts through handle 0 reach that node (A's ref on it from the prelude, desc 1, takes the count:
     * the kernel only logs that the desc is not 0), B's own count through handle 0 is refused, B drops its count on
     * M's dead node (which goes), and a second manager is refused with -EBUSY. Every step refines BinderRefs,
     * BINDER_SET_CONTEXT_MGR as IoctlSetCtxMgr.
     */
    @Test
    void aNewManagerAfterTheOldOneDiedIsIoctlSetCtxMgr() throws Exception {
        World w = world(3, 1, true);
        w.apply(List.of(on(B, 1).write(Steps.refOp(Bc.BC_ACQUIRE, 0)), new ScenarioStep.Exit("M"),
                call(A, 0), on(A, 1).read(256),
                on(B, 1).setContextMgrExt(World.nodePtr(B), B, 0),
                call(A, 0), on(B, 1).read(256), on(A, 1).write(Steps.refOp(Bc.BC_ACQUIRE, 0)),
                on(B, 1).write(Steps.refOp(Bc.BC_ACQUIRE, 0)), on(B, 1).write(Steps.refOp(Bc.BC_RELEASE, 0)),
                on(A, 1).setContextMgr()));

        assertEquals(List.of(), w.violations());
        assertNull(checker(w).stopped());
        List<TraceStep<RefsState>> steps = checker(w).trace().steps();
        List<String> sets = steps.stream().filter(s -> s.action().equals("IoctlSetCtxMgr"))
                .map(s -> s.params().get("n").toTla()).toList();
        assertEquals(List.of("<<M, 0>>", "<<B, 8192>>"), sets, "M at set-up, then B's published node, reused");
        RefsModel m = checker(w).model();
        RefsState end = checker(w).state();
        assertEquals(m.nodeIndex(m.procs().indexOf("B"), (int) World.nodePtr(B)), end.mgrNode());
        assertEquals(Set.of(m.nodeIndex(m.procs().indexOf("M"), 0), end.mgrNode()), end.wasMgr());
        assertEquals(NodeState.NO_NODE, end.nodes().get(m.nodeIndex(m.procs().indexOf("M"), 0)),
                "M's dead node went with B's last ref on it");
        assertEquals(w.proc(A).handle(B), end.ref(m.procs().indexOf("A"), end.mgrNode()).desc(),
                "A's count through handle 0 went to its ref on B's node, made before B became the manager");
        assertEquals(2, end.ref(m.procs().indexOf("A"), end.mgrNode()).s(), "the prelude's count and handle 0's");
        assertTrue(steps.stream().anyMatch(s -> s.action().equals("BcTransaction")
                && s.params().get("n").toTla().equals("<<B, 8192>>")), "a call to handle 0 reached B");
    }

    @Test
    void aManagerLeftSetAfterItsProcDiedIsCaught() throws Exception {
        World w = world(2, 1, false);
        bindercheck.impl.driver.BinderNode mgr = w.proc(M).binder().context().binderContextMgrNode();
        w.apply(List.of(on(A, 1).write(Steps.refOp(Bc.BC_ACQUIRE, 0)), new ScenarioStep.Exit("M")));
        assertEquals(List.of(), w.violations());
        DriverTamper.setContextManager(w.proc(A).binder().context(), mgr);
        w.apply(List.of(on(A, 1).write(Steps.refOp(Bc.BC_INCREFS, 0))));

        assertFalse(w.violations().isEmpty());
        assertEquals("refinement", w.violations().get(0).checker());
    }

    @Test
    void aCallFailingAtItsSecondObjectReleasesTheFirst() throws Exception {
        World w = world(3, 1, true);
        int before = actions(w).size();
        w.apply(List.of(call(A, 0, Steps.obj(0, BinderObjectType.BINDER_TYPE_HANDLE, 0, w.proc(A).handle(B), 0),
                Steps.obj(24, BinderObjectType.BINDER_TYPE_HANDLE, 0, 99, 0))));

        assertEquals(List.of(), w.violations());
        TraceStep<RefsState> send = checker(w).trace().steps().get(before);
        assertEquals("BcTransaction", send.action());
        assertEquals("2", send.params().get("fail").toTla());
    }

    @Test
    void anAcknowledgementNobodyAskedForStillPutsTheNode() throws Exception {
        // Found by this check: BC_ACQUIRE_DONE without a pending request runs binder_put_node, whose
        // weak check queues the node's work when only a buffer's pin holds it. BinderRefs' AckCount
        // (BcIncrefsDone, BcAcquireDone) now says so.
        World w = world(2, 2, true);
        w.apply(List.of(call(M, w.proc(M).handle(A)), new ScenarioStep.Exit("M"),
                on(A, 2).write(Steps.refDone(Bc.BC_INCREFS_DONE, World.nodePtr(A), A),
                        Steps.refDone(Bc.BC_ACQUIRE_DONE, World.nodePtr(A), A))));

        assertEquals(List.of(), w.violations());
        assertTrue(actions(w).contains("BcAcquireDone"), () -> actions(w).toString());
    }

    @Test
    void aLeakedCountIsCaught() throws Exception {
        World w = world(2, 1, false);
        DriverTamper.leakStrong(w.proc(M).binder().ref(w.proc(M).handle(A)));
        w.apply(List.of(on(M, 1).write(Steps.refOp(Bc.BC_INCREFS, w.proc(M).handle(A)))));

        assertFalse(w.violations().isEmpty());
        Violation v = w.violations().get(0);
        assertEquals("refinement", v.checker());
        assertTrue(v.detail().contains("BcIncrefs"), v::detail);
    }

    @Test
    void aBufferWhoseObjectsNoLongerValidateIsCaught() throws Exception {
        World w = world(2, 1, false);
        w.apply(List.of(call(A, 0, Steps.obj(0, BinderObjectType.BINDER_TYPE_WEAK_BINDER, 0, World.nodePtr(A), A))));
        assertEquals(List.of(), w.violations());
        DriverTamper.corruptFirstOffset(w.proc(M).binder(), 2);
        w.apply(List.of(on(M, 1).read(256)));

        assertTrue(w.violations().stream().anyMatch(v -> v.name().equals("OffsetsValid")), () -> w.violations().toString());
    }

    /**
     * Findings of the refs campaign that were the spec's, not the driver's, replayed as found (minimised): each now
     * refines BinderRefs. acquire-done-put-queues-work: after BC_ACQUIRE_DONE's decrement, the put of the lookup's
     * tmp ref runs the weak check, which queues the node's work when it has no weak count and no refs, whatever its
     * strong counts.
     */
    @Test
    void campaignFindingsFixedInTheSpecNowReplayClean() throws Exception {
        Path dir = Path.of("src/test/resources/refs-findings");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Scenario scenario = ScenarioParser.parse(f);
                assertEquals(java.util.Optional.of("refs"), scenario.header().slice(), f::toString);
                CheckedRun run = CheckedRun.of(scenario, RefsChecks.factory(), false, null);
                run.runAll(scenario);
                assertEquals(List.of(), run.violations(), f::toString);
                assertNull(run.check(RefsChecks.class).stopped(), f::toString);
            }
        }
    }
}
